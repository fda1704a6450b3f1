"""API keys, for operators: create one (its token shown once), list them, revoke one."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.routes import command, query
from api.http.schemas.keys import CreateKeySchema, KeyListQuerySchema, KeySchema, NewKeySchema
from api.http.services import services

blp = Blueprint("keys", __name__, url_prefix="/keys",
                description="API keys, each bound to one organisation and one role (admin).")
KEY_ID = {"in": "path", "name": "key_id", "description": "the key's public id"}


@command(blp, "", "admin", body=CreateKeySchema, status=201, answer=NewKeySchema())
def create(body):
    """Create a key; the token is in this answer only (a replay leaves it out)."""
    made = services().keys.create(body["organisation"], body["role"], body["label"])
    g.replay_body = made.key.to_dict()  # the token is never stored, not even for replays
    return {**made.key.to_dict(), "token": made.token}, 201, {
        "Location": f"/keys/{made.key.key_id}"}


@query(blp, "", "admin")
@blp.arguments(KeyListQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, KeySchema(many=True))
def list_keys(args):
    """Every key: id, organisation, role, label, when made and revoked (never a secret)."""
    return [key.to_dict() for key in services().keys.list(args["include_revoked"])]


@command(blp, "/<key_id>/revoke", "admin", parameters=(KEY_ID,), answer=KeySchema())
def revoke(key_id):
    """Revoke a key; it stops working at once in this process, within seconds elsewhere."""
    keys = services().keys
    key = keys.revoke(key_id)
    if hasattr(keys, "forget"):
        keys.forget()
    return key.to_dict()
