"""API keys: an admin manages its own organisation's, an operator every organisation's."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.problems import Problem
from api.http.refusals import refuse
from api.http.routes import command, query
from api.http.schemas.keys import CreateKeySchema, KeyListQuerySchema, KeySchema, NewKeySchema
from api.http.services import services
from api.http.versions import API_PREFIX
from domain.errors import NotFound
from domain.organisations import normalise

blp = Blueprint("keys", __name__, url_prefix="/keys",
                description="API keys, each bound to one organisation and one role (admin of "
                            "that organisation, or operator).")
KEY = KeySchema()
KEY_ID = {"in": "path", "name": "key_id", "description": "the key's public id"}
MANAGERS = ("admin", "operator")


def _scope() -> str | None:
    """The organisation whose keys the caller manages; None for an operator (every one)."""
    return None if g.key.role == "operator" else g.key.organisation


def _managed(key_id: str):
    """A key the caller manages; another organisation's key is as absent as an unknown one."""
    key = services().keys.get(key_id)
    if key is not None and _scope() not in (None, key.organisation):
        refuse("foreign-key", f"key {key_id}")
        key = None
    if key is None:
        raise NotFound(f"no API key {key_id}")
    return key


@command(blp, "", *MANAGERS, body=CreateKeySchema, status=201, answer=NewKeySchema(),
         effective=False)
def create(body):
    """Create a key; the token is in this answer only (a replay leaves it out)."""
    organisation = normalise(body["organisation"])
    if _scope() not in (None, organisation):
        refuse("foreign-organisation", f"keys of {organisation}")
        raise Problem(403, f"an admin of {g.key.organisation} manages only "
                           f"{g.key.organisation}'s keys, not {organisation}'s",
                      "forbidden-organisation")
    person = body.get("person_id")
    if person:
        _check_person(person, organisation, body["role"])
    made = services().keys.create(organisation, body["role"], body["label"], person)
    g.replay_body = KEY.dump(made.key.to_dict())  # the token is never kept, not even for replays
    return {**made.key.to_dict(), "token": made.token}, 201, {
        "Location": f"{API_PREFIX}/keys/{made.key.key_id}"}


def _check_person(person_id: str, organisation: str, role: str) -> None:
    person = services().persons.get(person_id)
    if person is None or person.erased:
        raise Problem(400, f"person_id: no person {person_id} is registered"
                      + (" (erased)" if person else ""), "unknown-person")
    why = person.refusal(organisation, role)
    if why:
        raise Problem(403, why, "forbidden-person")


@query(blp, "", *MANAGERS)
@blp.arguments(KeyListQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, KeySchema(many=True))
def list_keys(args):
    """The keys the caller manages: id, organisation, role, label, person, when made and
    revoked (never a secret)."""
    keys = services().keys.list(args["include_revoked"], organisation=_scope())
    return [key.to_dict() for key in keys]


@command(blp, "/<key_id>/revoke", *MANAGERS, parameters=(KEY_ID,), answer=KeySchema(),
         effective=False)
def revoke(key_id):
    """Revoke a key; it stops working at once in this process, within seconds elsewhere."""
    keys = services().keys
    key = keys.revoke(_managed(key_id).key_id)
    if hasattr(keys, "forget"):
        keys.forget()
    return key.to_dict()
