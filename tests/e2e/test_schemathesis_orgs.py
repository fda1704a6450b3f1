"""schemathesis with another organisation's keys: no 2xx may change VRO's objects.

Every operation is called with an OCW key of the role it names, its path and body aimed at
VRO's note, commitment and motion; a custom check compares VRO's aggregates in the event
log before and after the call. A short variant: one example per operation unless
NOTALEDGER_FUZZ_EXAMPLES asks for more (e.g. 50 for a long run)."""

from __future__ import annotations

import os

import pytest

from domain.actor import Actor
from tests.e2e.conftest import Site

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis 4 is a dev dependency")
from hypothesis import HealthCheck, settings  # noqa: E402 - schemathesis brings hypothesis

VRO, CLERK = Actor("VRO", "drafter"), Actor("VRO", "registrar")
EXAMPLES = int(os.environ.get("NOTALEDGER_FUZZ_EXAMPLES", "1"))
ROLES = ("drafter", "decider", "registrar", "consultee", "auditor", "admin")


@pytest.fixture(scope="module")
def two_orgs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("orgs")
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp / "events.sqlite")}, tmp,
                   SSE_MAX_SECONDS=0.05)
    ledger = running.ledger
    note = ledger.draft_note(VRO, reference="2026-VRO-1", title="Van VRO", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=True).id
    ledger.add_advised_decision(note, VRO, "Akkoord")
    commitment = ledger.register_commitment(CLERK, text="informeert de Kamer",
                                            minister="de minister van VRO", ministry="VRO",
                                            recipients=[], debate_kind="commissiedebat",
                                            debate_date="2026-04-08").id
    motion = ledger.submit_motion(CLERK, text="verzoekt de regering", ministry="VRO",
                                  submitters=[{"name": "Grinwis", "party": "CU"}],
                                  debate_kind="tweeminutendebat", debate_date="2026-06-03").id
    running.vro = {"ref": "2026-VRO-1", "commitment": str(commitment), "motion": str(motion)}
    running.aggregates = (note, commitment, motion)
    running.tokens = {role: running.key("OCW", role) for role in ROLES}
    yield running
    running.close()


@pytest.fixture(scope="module")
def api_schema(two_orgs):
    return schemathesis.openapi.from_wsgi("/v1/openapi.json", two_orgs.app)


schema = schemathesis.pytest.from_fixture("api_schema").include(method="POST")


def _versions(site) -> list[int]:
    return [len(site.ledger.history(aggregate)) for aggregate in site.aggregates]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_answer_of_another_organisation_changes_vros_objects(case, two_orgs):
    for name in ("ref", "commitment", "motion"):
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = two_orgs.vro[name]
    if isinstance(case.body, dict):
        for field, name in (("commitmentId", "commitment"), ("motionId", "motion")):
            if field in case.body:
                case.body[field] = two_orgs.vro[name]
    roles = case.operation.definition.raw.get("x-roles") or ["auditor"]
    role = roles[0] if roles[0] in two_orgs.tokens else "auditor"
    before = _versions(two_orgs)
    response = case.call(headers=two_orgs.tokens[role])
    if 200 <= response.status_code < 300:
        assert _versions(two_orgs) == before, (case.method, case.path, response.status_code)
    assert response.status_code < 500, (case.method, case.path, response.text)
