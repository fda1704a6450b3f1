"""schemathesis against /openapi.json: no 5xx, every answer as documented."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Site

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis 4 is a dev dependency")
from hypothesis import HealthCheck, settings  # noqa: E402 - schemathesis brings hypothesis
from schemathesis.config import SchemathesisConfig  # noqa: E402

EXAMPLES = 5
ROLE_ORG = {"drafter": "VRO", "decider": "VRO", "registrar": "VRO", "consultee": "SZW",
            "auditor": "ADR", "admin": "VRO"}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp / "events.sqlite")}, tmp,
                   SSE_MAX_SECONDS=0.05)
    running.tokens = {role: running.key(org, role) for role, org in ROLE_ORG.items()}
    yield running
    running.close()


# Rules the schema cannot state (an answer with remarks needs remarks, a reference that is
# already taken, a precondition) are refused with 400, 409 or 412 even for schema-valid data
# (422 only for an Idempotency-Key reused with another body), and
# the input policy (api/http/hardening.py) refuses with 400 the control characters and
# lone surrogates that a JSON Schema string allows.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "412", "422"]}}})


@pytest.fixture(scope="module")
def api_schema(fuzzed):
    return schemathesis.openapi.from_wsgi("/v1/openapi.json", fuzzed.app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _call(case, fuzzed) -> None:
    """Send the case with a key of the first role the operation names."""
    roles = case.operation.definition.raw.get("x-roles") or ["auditor"]
    role = roles[0] if roles[0] in fuzzed.tokens else "auditor"
    case.call_and_validate(headers=fuzzed.tokens[role])


# Three parts, so that pytest-xdist can run them side by side.
DRAFTING = r"^/notes/\{ref\}/(advised|attachments|paraph|sections|revise|set)"
drafting = schema.include(path_regex=DRAFTING)
other_note = schema.include(path_regex=r"^/notes/\{ref\}/").exclude(path_regex=DRAFTING)
# The root's probes have a server of their own ("/"), which schemathesis does not honour
# (it would call /v1/healthz); test_health.py calls them where they are.
the_rest = schema.exclude(path_regex=r"^/notes/\{ref\}/").exclude(
    path_regex=r"^/(healthz|readyz|metrics)$")


@drafting.parametrize()
@SETTINGS
def test_drafting_operations_answer_as_documented(case, fuzzed):
    _call(case, fuzzed)


@other_note.parametrize()
@SETTINGS
def test_other_note_operations_answer_as_documented(case, fuzzed):
    _call(case, fuzzed)


@the_rest.parametrize()
@SETTINGS
def test_registers_keys_and_the_rest_answer_as_documented(case, fuzzed):
    _call(case, fuzzed)
