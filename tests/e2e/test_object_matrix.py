"""The authorisation matrix on objects: every route × every object it names (path and body)
× who calls (own organisation, another, the consulted one, a co-owner, auditor, operator,
the public, a revoked key). The table must name every route and every object field."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_authorization import (
    AUDITOR,
    CONSULTEE,
    MATRIX,
    NOTE,
    PUBLIC,
    REGISTRAR,
    World,
    _rule,
    module_site,  # noqa: F401 - the shared module-scoped site
)

# The objects each route names: where (path or a body field) and of what kind.
OBJECTS = {
    **{(m, p): [("path", "note")] for m, p, _, _ in MATRIX if p.startswith(NOTE)},
    ("POST", NOTE + "/consultations/{org}/request"): [("path", "note"), ("path", "org")],
    ("POST", NOTE + "/consultations/SZW/answer"): [("path", "note"), ("path", "org")],
    ("POST", NOTE + "/consultations/{org}/withdraw"): [("path", "note"), ("path", "org")],
    ("POST", NOTE + "/commitments/link"): [("path", "note"), ("commitmentId", "commitment")],
    ("POST", NOTE + "/motions/link"): [("path", "note"), ("motionId", "motion")],
    **{(m, p): [("path", "commitment")] for m, p, _, _ in MATRIX if "{commitment}" in p},
    **{(m, p): [("path", "motion")] for m, p, _, _ in MATRIX if "{motion}" in p},
    ("POST", "/v1/keys/{key_id}/revoke"): [("path", "key")],
    ("POST", "/v1/subscriptions"): [("organisation", "org"), ("personId", "person")],
    **{(m, p): [("path", "key")] for m, p, _, _ in MATRIX
       if "{subscription_id}" in p or "{delivery_id}" in p},
    ("POST", "/v1/unsubscribe/{token}"): [("path", "token")],
    ("GET", "/v1/organisations/{own}/inbox"): [("path", "org")],
    ("POST", "/v1/keys"): [("organisation", "org"), ("personId", "person")],
    ("GET", "/v1/public/notes/{ref}"): [("path", "published note")],
    ("POST", "/v1/commitments/{commitment}/co-owners/add"): [("path", "commitment"),
                                                            ("organisation", "org")],
    ("POST", "/v1/motions/{motion}/co-owners/add"): [("path", "motion"),
                                                    ("organisation", "org")],
}
# What a caller of each kind gets for an object it does not own: 404 where it may not know
# the object exists (notes, keys), 403 where the object is public record (commitments,
# motions) or the caller is a party (a consulted organisation's key on the note).
CALLERS = ("own", "other", "consulted", "co_owner", "auditor", "operator", "public", "revoked")
ORG = {"own": None, "other": "DEF", "consulted": "SZW", "co_owner": "OCW"}


def _kinds(method: str, path: str) -> set[str]:
    return {kind for _, kind in OBJECTS.get((method, path), [])}


def expected(caller: str, method: str, path: str, allowed: tuple) -> set[int] | str:
    """The statuses a caller may get, or 'through' (neither 401, 403, 404 nor 5xx)."""
    kinds = _kinds(method, path)
    if allowed == PUBLIC:
        return "through"
    if caller in ("public", "revoked"):
        return {401}
    if caller == "operator":
        return "through" if path.startswith("/v1/keys") else {403}
    if caller == "auditor":
        return "through" if AUDITOR in allowed else {403}
    if caller == "own" and "key" not in kinds or not kinds:
        return "through"
    if caller == "consulted" and path.endswith("/SZW/answer"):
        return "through"  # a consultee answers its own organisation's consultation
    if "note" in kinds:
        return {403} if caller == "consulted" and method == "POST" else (
            "through" if caller == "consulted" else {404})
    if kinds & {"commitment", "motion"}:
        return "through" if caller == "co_owner" and method == "POST" else (
            "through" if method == "GET" else {403})
    if "key" in kinds:  # the world's key is OCW's: its admin manages it, no other
        return "through" if caller == "co_owner" else {404}
    return {403}  # an organisation named in the path or body that is not the caller's


class ObjectWorld(World):
    """The matrix's world, with OCW a co-owner of the commitment and the motion."""

    def values(self, role: str) -> dict:
        found = super().values(role)
        from uuid import UUID

        from tests.e2e.test_authorization import CLERK
        self.ledger.add_commitment_co_owner(UUID(found["commitment"]), CLERK, "OCW")
        self.ledger.add_motion_co_owner(UUID(found["motion"]), CLERK, "OCW")
        return found


def _headers(site, caller: str, role: str) -> dict:
    if caller == "public":
        return {}
    if caller == "operator":
        return site.key("BZK", "operator")
    if caller == "auditor":
        return site.key("ADR", AUDITOR)
    if caller == "revoked":
        made = site.services.keys.create("VRO", role)
        site.services.keys.revoke(made.key.key_id)
        return {"Authorization": f"Bearer {made.token}"}
    organisation = ORG[caller] or ("SZW" if role == CONSULTEE else "VRO")
    return site.key(organisation, role)


@pytest.fixture(scope="module")
def world(module_site):  # noqa: F811
    return ObjectWorld(module_site)


def test_the_table_names_every_route_and_every_object_field_of_the_api(module_site):  # noqa: F811
    spec = module_site.client().get("/v1/openapi.json").get_json()
    by_spec_path = {(m, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", _rule(p))): (m, p)
                    for m, p, _, _ in MATRIX}
    missing = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post"):
                continue  # "parameters" shared by the path's operations
            row = (by_spec_path.get((method.upper(), path))
                   or by_spec_path.get((method.upper(), "/v1" + path.removeprefix("/v1"))))
            if row is None:
                missing.append((method, path, "not in the matrix"))
                continue
            named = {where for where, _ in OBJECTS.get(row, [])}
            if "{" in row[1] and not named:
                missing.append((method, path, "names objects the table does not list"))
            fields = _properties(spec, operation.get("requestBody", {}).get("content", {})
                                 .get("application/json", {}).get("schema", {}))
            referenced = {f for f in fields if f.endswith("Id") or f == "organisation"}
            if referenced - named:
                missing.append((method, path, sorted(referenced - named)))
    assert missing == [], missing


def _properties(spec: dict, schema: dict) -> set[str]:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return set(schema.get("properties", {}))


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_reaches_only_the_objects_it_may(module_site, world, caller):  # noqa: F811
    client, wrong = module_site.client(), []
    for method, path, body, allowed in MATRIX:
        if path in ("/v1/events", "/v1/openapi.json", "/v1/docs"):
            continue
        role = allowed[0] if allowed and allowed != PUBLIC else REGISTRAR
        want = expected(caller, method, path, allowed)
        status = _call(world, client, method, path, body, _headers(module_site, caller, role))
        if want == "through":  # a 404 here is a missing item (attachment 9), not a hidden note
            if status in (401, 403) or status >= 500:
                wrong.append((method, path, status, "should be let through"))
        elif status not in want:
            wrong.append((method, path, status, f"should be {sorted(want)}"))
    assert wrong == [], wrong


def _call(world, client, method, path, body, headers) -> int:
    values = world.values("drafter")
    url = path.format(**values)
    sent = ({k: (v.format(**values) if isinstance(v, str) else v) for k, v in body.items()}
            if body is not None else None)
    return client.open(url, method=method, json=sent, headers=headers).status_code


def test_a_body_naming_another_organisations_object_is_refused_and_changes_nothing(
        module_site, world):  # noqa: F811
    """The object in the body belongs to DEF while the note in the path is the caller's."""
    client, drafter = module_site.client(), module_site.key("VRO", "drafter")
    from domain.actor import Actor
    from tests.e2e.test_authorization import COMMITMENT, MOTION, _snake

    clerk = Actor("DEF", "registrar")
    for (_, path), objects in OBJECTS.items():
        for where, kind in objects:
            if where == "path" or kind not in ("commitment", "motion"):
                continue
            values = world.values("drafter")
            if kind == "commitment":
                foreign = world.ledger.register_commitment(
                    clerk, **_snake({**COMMITMENT, "text": values["ref"] + " DEF"}), ministry="DEF",
                    recipients=[]).id
            else:
                foreign = world.ledger.submit_motion(
                    clerk, **_snake({**MOTION, "text": values["ref"] + " DEF"}), ministry="DEF").id
            before = world.ledger.history(foreign)
            response = client.post(path.format(**values), json={where: str(foreign)},
                                   headers=drafter)
            assert response.status_code == 403, (path, response.get_json())
            assert world.ledger.history(foreign) == before
