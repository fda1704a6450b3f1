"""Schemas shared by commitments and motions: members of parliament and debates."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import CommandSchema, choice, text_field
from domain.parliament import DEBATE_KINDS


class MemberSchema(Schema):
    name = text_field("the member's name", 200, required=True)
    party = text_field("the member's party", 50, required=True)


class DebateFieldsSchema(CommandSchema):
    debate_kind = choice("the kind of debate", DEBATE_KINDS, required=True)
    debate_date = fields.Date(allow_none=True, load_default=None)
    debate_title = fields.String(load_default="", validate=validate.Length(max=500))
