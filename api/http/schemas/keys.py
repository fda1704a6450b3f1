"""Schemas of API keys: what an operator sends and sees (never a stored secret)."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import choice, text_field
from domain.actor import HTTP_KEY_ROLES


class CreateKeySchema(Schema):
    organisation = text_field("the organisation the key acts for, e.g. SZW; an admin "
                              "names its own", 40, required=True)
    role = choice("what the key may do (operator keys are made on the command line only)",
                  HTTP_KEY_ROLES, required=True)
    label = fields.String(load_default="", validate=validate.Length(max=200))
    person_id = fields.String(load_default=None, allow_none=True,
                              validate=validate.Length(min=1, max=64), metadata={
                                  "description": "bind the key to this one person of the "
                                                 "organisation, who must hold the role"})


class KeySchema(Schema):
    key_id = fields.String(dump_only=True, metadata={"description": "the key's public id"})
    organisation = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    label = fields.String(dump_only=True)
    created_at = fields.String(dump_only=True)
    revoked_at = fields.String(dump_only=True, allow_none=True)
    person_id = fields.String(dump_only=True, allow_none=True, metadata={
        "description": "the one person the key acts as, if it is bound to one"})


class NewKeySchema(KeySchema):
    token = fields.String(dump_only=True, metadata={
        "description": "the secret key itself; shown this once and stored nowhere"})


class KeyListQuerySchema(Schema):
    include_revoked = fields.Boolean(load_default=False)
