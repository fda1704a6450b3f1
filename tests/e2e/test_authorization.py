"""Every role against every endpoint, and the organisation scoping of notes and registers."""

from __future__ import annotations

import re
import uuid

import pytest

from domain.actor import Actor

DRAFTER, DECIDER, REGISTRAR = "drafter", "decider", "registrar"
CONSULTEE, AUDITOR, ADMIN = "consultee", "auditor", "admin"
ROLES = (DRAFTER, DECIDER, REGISTRAR, CONSULTEE, AUDITOR, ADMIN)
ANY = ROLES
PUBLIC = ()
OWNER = Actor("VRO", "drafter")
CLERK = Actor("VRO", "registrar")
NOTE = "/v1/notes/{ref}"
COMMITMENT = {"text": "informeert de Kamer", "minister": "de minister van VRO",
              "debateKind": "commissiedebat", "debateDate": "2026-04-08"}
MOTION = {"text": "verzoekt de regering", "submitters": [{"name": "Grinwis", "party": "CU"}],
          "debateKind": "tweeminutendebat", "debateDate": "2026-06-03"}
NOTA_TEXT = ("TER BESLUITVORMING\n\nOnze referentie\n2026-IMPORT-1\n\nDatum\n5 juni 2026\n\n"
             "# nota\n\nEen titel\n\n## Aanleiding\n\nReden.\n\n## Geadviseerd besluit\n\n"
             "- Akkoord.\n")

# (method, path, body, roles that may call it); PUBLIC needs no key at all.
MATRIX = [
    ("GET", "/v1/notes", None, ANY),
    ("POST", "/v1/notes", {"reference": "{new}", "title": "T", "kind": "decision",
                        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
                        "activelyPublic": False}, (DRAFTER,)),
    ("GET", NOTE, None, ANY),
    ("GET", NOTE + "/audit", None, ANY),
    ("POST", NOTE + "/revise-title", {"title": "New"}, (DRAFTER,)),
    ("POST", NOTE + "/sections/{name}/revise", {"text": "Tekst"}, (DRAFTER,)),
    ("POST", NOTE + "/set-publicity", {"activelyPublic": True}, (DRAFTER,)),
    ("POST", NOTE + "/advised-decisions/add", {"text": "Akkoord"}, (DRAFTER,)),
    ("POST", NOTE + "/advised-decisions/{number}/revise", {"text": "Akkoord."}, (DRAFTER,)),
    ("POST", NOTE + "/advised-decisions/{number}/remove", None, (DRAFTER,)),
    ("POST", NOTE + "/advised-decisions/{number}/decide", {"outcome": "approved"}, (DECIDER,)),
    ("POST", NOTE + "/attachments/add", {"number": 9, "name": "Bijlage"}, (DRAFTER,)),
    ("POST", NOTE + "/attachments/{number}/remove", None, (DRAFTER,)),
    ("POST", NOTE + "/paraph-route/set", {"steps": [{"role": "head", "unit": "NPLV"}]},
     (DRAFTER,)),
    ("POST", NOTE + "/paraph-route/start", None, (DRAFTER,)),
    ("POST", NOTE + "/paraph-route/{step}/initial", None, (DRAFTER,)),
    ("POST", NOTE + "/paraph-route/{step}/refuse", {"reason": "Nee"}, (DRAFTER,)),
    ("POST", NOTE + "/consultations/{org}/request", {"role": "consulted"}, (DRAFTER,)),
    ("POST", NOTE + "/consultations/SZW/answer", {"outcome": "agreed"}, (CONSULTEE,)),
    ("POST", NOTE + "/consultations/{org}/withdraw", None, (DRAFTER,)),
    ("POST", NOTE + "/submit", None, (DRAFTER,)),
    ("POST", NOTE + "/annotate", {"text": "Goed"}, (DECIDER,)),
    ("POST", NOTE + "/decide", None, (DECIDER,)),
    ("POST", NOTE + "/return", {"reason": "Nog niet"}, (DRAFTER, DECIDER)),
    ("POST", NOTE + "/withdraw", {"reason": "Vervallen"}, (DRAFTER,)),
    ("POST", NOTE + "/co-senders/add", {"coSender": "de minister"}, (DRAFTER, DECIDER)),
    ("POST", NOTE + "/co-senders/remove", {"coSender": "de minister"}, (DRAFTER, DECIDER)),
    ("POST", NOTE + "/letter/plan", {"planned": "voor zomer 2026"}, (DRAFTER,)),
    ("POST", NOTE + "/letter/sign", None, (DECIDER,)),
    ("POST", NOTE + "/letter/send", {"chamber": "TK"}, (DRAFTER,)),
    ("POST", NOTE + "/letter/register", {"parliamentNumber": "32847-1"}, (REGISTRAR,)),
    ("POST", NOTE + "/commitments/link", {"commitmentId": "{commitment}"}, (DRAFTER,)),
    ("POST", NOTE + "/motions/link", {"motionId": "{motion}"}, (DRAFTER,)),
    ("POST", NOTE + "/publish", None, (DRAFTER,)),
    ("GET", "/v1/commitments", None, ANY),
    ("POST", "/v1/commitments", {**COMMITMENT, "text": "{new}"}, (REGISTRAR,)),
    ("GET", "/v1/commitments/{commitment}", None, ANY),
    ("POST", "/v1/commitments/{commitment}/change-deadline",
     {"deadline": "na de zomer", "reason": "Later"}, (REGISTRAR,)),
    ("POST", "/v1/commitments/{commitment}/fulfil-partially", {"remarks": "Deels"}, (REGISTRAR,)),
    ("POST", "/v1/commitments/{commitment}/lapse", {"reason": "Vervallen"}, (REGISTRAR,)),
    ("POST", "/v1/commitments/{commitment}/set-status", {"status": "fulfilled", "reason": "Klaar"},
     (REGISTRAR,)),
    ("POST", "/v1/commitments/{commitment}/co-owners/add", {"organisation": "SZW"}, (REGISTRAR,)),
    ("POST", "/v1/imports", {"text": NOTA_TEXT, "name": "nota.md", "dryRun": True}, (DRAFTER,)),
    ("POST", "/v1/imports/documents", {"dryRun": True}, (DRAFTER,)),  # multipart: 422 here
    ("GET", "/v1/motions", None, ANY),
    ("POST", "/v1/motions", {**MOTION, "text": "{new}"}, (REGISTRAR,)),
    ("GET", "/v1/motions/{motion}", None, ANY),
    ("POST", "/v1/motions/{motion}/appraise", {"appraisal": "ontraden"}, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/hold", None, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/resubmit", None, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/take-over", {"by": "de minister"}, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/vote", {"adopted": True}, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/withdraw", None, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/lapse", None, (REGISTRAR,)),
    ("POST", "/v1/motions/{motion}/co-owners/add", {"organisation": "SZW"}, (REGISTRAR,)),
    ("GET", "/v1/organisations/{own}/inbox", None, ANY),
    ("GET", "/v1/dashboard", None, ANY),
    ("GET", "/v1/audit/checkpoints", None, ANY),
    ("GET", "/v1/audit/consistency", None, ANY),
    ("GET", NOTE + "/proof", None, ANY),
    ("GET", "/v1/events", None, ANY),
    ("GET", "/v1/keys", None, (ADMIN,)),
    ("POST", "/v1/keys", {"organisation": "{own}", "role": "consultee"}, (ADMIN,)),
    ("POST", "/v1/keys/{key_id}/revoke", None, (ADMIN,)),
    ("GET", "/v1/subscriptions", None, (ADMIN,)),
    ("POST", "/v1/subscriptions", {"organisation": "{own}", "channel": "webhook",
                                   "url": "http://127.0.0.1:9/hook"}, (ADMIN,)),
    ("GET", "/v1/subscriptions/{subscription_id}", None, (ADMIN,)),
    ("POST", "/v1/subscriptions/{subscription_id}/rotate-secret", None, (ADMIN,)),
    ("POST", "/v1/subscriptions/{subscription_id}/stop", None, (ADMIN,)),
    ("GET", "/v1/deliveries", None, (ADMIN, AUDITOR)),
    ("GET", "/v1/deliveries/{delivery_id}", None, (ADMIN, AUDITOR)),
    ("POST", "/v1/deliveries/{delivery_id}/retry", None, (ADMIN,)),
    ("POST", "/v1/unsubscribe/{token}", None, PUBLIC),
    ("GET", "/v1/public/notes", None, PUBLIC),
    ("GET", "/v1/public/notes/{ref}", None, PUBLIC),
    ("GET", "/v1/public/commitments", None, PUBLIC),
    ("GET", "/v1/public/commitments/{commitment}", None, PUBLIC),
    ("GET", "/v1/public/motions", None, PUBLIC),
    ("GET", "/v1/public/motions/{motion}", None, PUBLIC),
    ("GET", "/v1/audit/checkpoint", None, PUBLIC),
    ("POST", "/v1/audit/cosignatures", None, PUBLIC),
    ("GET", "/healthz", None, PUBLIC),
    ("GET", "/readyz", None, PUBLIC),
    ("GET", "/metrics", None, PUBLIC),
    ("GET", "/v1/openapi.json", None, PUBLIC),
    ("GET", "/v1/docs", None, PUBLIC),
]
ORGANISATION = {DRAFTER: "VRO", DECIDER: "VRO", REGISTRAR: "VRO", CONSULTEE: "SZW",
                AUDITOR: "ADR", ADMIN: "VRO"}


class World:
    """A fresh note (owned by VRO, SZW consulted), commitment and motion per request."""

    def __init__(self, site) -> None:
        self.site, self.ledger = site, site.ledger
        self.keys = {role: site.key(ORGANISATION[role], role) for role in ROLES}

    def values(self, role: str) -> dict:
        ref = f"2026-M{uuid.uuid4().hex[:10]}"
        note = self.ledger.draft_note(OWNER, reference=ref, title="Matrix", kind="decision",
                                      date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                                      ministry="VRO", actively_public=True).id
        self.ledger.add_advised_decision(note, OWNER, "Akkoord")
        self.ledger.request_consultation(note, OWNER, "SZW", "consulted")
        commitment = self.ledger.register_commitment(
            CLERK, **_snake({**COMMITMENT, "text": ref}), ministry="VRO", recipients=[]).id
        motion = self.ledger.submit_motion(CLERK, **_snake({**MOTION, "text": ref}),
                                           ministry="VRO").id
        key_id = self.site.services.keys.create("OCW", "consultee").key.key_id
        subscription = self.site.services.subscriptions.create(
            "OCW", "webhook", "http://127.0.0.1:9/ocw")[0].subscription_id
        return {"subscription_id": subscription, "delivery_id": f"msg_1_{subscription}",
                "token": "sub_unknown.not-signed-here",
                "ref": ref, "org": "SZW", "number": 1, "step": 0, "name": "kern",
                "commitment": str(commitment), "motion": str(motion), "key_id": key_id,
                "own": ORGANISATION[role], "new": f"2026-N{uuid.uuid4().hex[:10]}"}

    def call(self, client, method: str, path: str, body, role: str | None):
        values = self.values(role or DRAFTER)
        url = path.format(**values)
        sent = {k: (v.format(**values) if isinstance(v, str) else v)
                for k, v in (body or {}).items()} if body is not None else None
        headers = self.keys[role] if role else {}
        if path == "/v1/events":
            return client.get(url, headers=headers, query_string={"after": 10**9},
                              buffered=False)
        return client.open(url, method=method, json=sent, headers=headers)


def _snake(body: dict) -> dict:
    """The wire's camelCase names as the ledger's keyword arguments."""
    return {re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), k): v for k, v in body.items()}


@pytest.fixture(scope="module")
def module_site(tmp_path_factory):
    from tests.e2e.conftest import Site

    tmp = tmp_path_factory.mktemp("matrix")
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp / "events.sqlite")}, tmp,
                   SSE_MAX_SECONDS=0.05)
    yield running
    running.close()


@pytest.fixture(scope="module")
def world(module_site):
    return World(module_site)


def test_the_matrix_names_every_endpoint_of_the_api(module_site):
    routes = {(method, rule.rule) for rule in module_site.app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}
              if not rule.endpoint.endswith("static") and "openapi_" not in rule.endpoint
              and not rule.endpoint.startswith("legacy.")
              and not rule.endpoint.startswith("web")}  # the pages sign in otherwise
    listed = {(method, _rule(path)) for method, path, _, _ in MATRIX
              if path not in ("/v1/openapi.json", "/v1/docs")}
    assert routes == listed


def _rule(path: str) -> str:
    """The Flask rule a matrix path stands for."""
    for name, converter in (("ref", "<ref>"), ("org", "<org>"), ("name", "<name>"),
                            ("number", "<int:number>"), ("step", "<int:step>"),
                            ("commitment", "<uuid:commitment>"), ("motion", "<uuid:motion>"),
                            ("key_id", "<key_id>"), ("own", "<org>"),
                            ("subscription_id", "<subscription_id>"),
                            ("delivery_id", "<delivery_id>"), ("token", "<token>")):
        path = path.replace("{" + name + "}", converter)
    return path.replace("/SZW/answer", "/<org>/answer")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_let_through_only_where_the_matrix_allows_it(module_site, world, role):
    client = module_site.client()
    wrong = []
    for method, path, body, allowed in MATRIX:
        status = world.call(client, method, path, body, role).status_code
        if role in allowed or allowed == PUBLIC:
            if status in (401, 403) or status >= 500:
                wrong.append((method, path, status, "should be let through"))
        elif status != 403:
            wrong.append((method, path, status, "should be 403"))
    assert wrong == []


def test_without_a_key_only_the_public_endpoints_answer(module_site, world):
    client = module_site.client()
    for method, path, body, allowed in MATRIX:
        response = world.call(client, method, path, body, None)
        if allowed == PUBLIC:
            # 404: that note is not published (or no checkpoint yet); 400: no cosignature
            # in an empty body; 422: no cosignature verifies
            assert response.status_code in (200, 400, 404, 422), path
        else:
            assert response.status_code == 401, path
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_consultee_cannot_answer_for_another_ministry(module_site, world):
    values = world.values(CONSULTEE)
    world.ledger.request_consultation(world.ledger.note_id(values["ref"]), OWNER, "OCW",
                                      "consulted")
    response = module_site.client().post(f"/v1/notes/{values['ref']}/consultations/OCW/answer",
                                         json={"outcome": "agreed"}, headers=world.keys[CONSULTEE])
    assert response.status_code == 403
    assert response.get_json()["detail"] == ("SZW cannot answer for OCW: a consultee answers "
                                             "for its own organisation only")


def test_an_organisation_with_no_part_in_a_note_gets_404_for_it(module_site, world):
    ref = world.values(DRAFTER)["ref"]
    outsider, client = module_site.key("EZ", DRAFTER), module_site.client()
    module_site.settle()
    assert client.get(f"/v1/notes/{ref}", headers=outsider).status_code == 404
    assert client.get(f"/v1/notes/{ref}/audit", headers=outsider).status_code == 404
    assert client.get(f"/v1/notes/{ref}", headers=outsider,
                      query_string={"version": 1}).status_code == 404
    changed = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "X"}, headers=outsider)
    assert changed.status_code == 404 and changed.get_json()["detail"] == f"no note {ref}"


def test_a_consulted_organisation_sees_a_note_but_cannot_change_it(module_site, world):
    ref = world.values(DRAFTER)["ref"]
    consulted, client = module_site.key("SZW", DRAFTER), module_site.client()
    module_site.settle()
    assert client.get(f"/v1/notes/{ref}", headers=consulted).status_code == 200
    changed = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "X"}, headers=consulted)
    assert changed.status_code == 403
    assert changed.get_json()["detail"] == f"only VRO, which owns note {ref}, can revise its title"


def test_a_registrar_changes_only_its_own_ministrys_commitments(module_site, world):
    commitment = world.values(REGISTRAR)["commitment"]
    other = module_site.key("OCW", REGISTRAR)
    response = module_site.client().post(f"/v1/commitments/{commitment}/lapse",
                                         json={"reason": "Weg"}, headers=other)
    assert response.status_code == 403
    assert "belongs to VRO" in response.get_json()["detail"]


def test_an_organisation_reads_only_its_own_inbox(module_site, world):
    client = module_site.client()
    assert client.get("/v1/organisations/VRO/inbox",
                      headers=world.keys[CONSULTEE]).status_code == 403
    assert client.get("/v1/organisations/SZW/inbox", headers=world.keys[AUDITOR]).status_code == 200


def test_a_revoked_key_stops_working_at_once(module_site, world):
    made = module_site.services.keys.create("VRO", DRAFTER)
    headers = {"Authorization": f"Bearer {made.token}"}
    client = module_site.client()
    assert client.get("/v1/notes", headers=headers).status_code == 200
    revoked = client.post(f"/v1/keys/{made.key.key_id}/revoke", headers=world.keys[ADMIN])
    assert revoked.status_code == 200 and revoked.get_json()["revokedAt"]
    assert client.get("/v1/notes", headers=headers).status_code == 401
