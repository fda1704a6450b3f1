"""Schemas of commitments (toezeggingen): registering one and settling it."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.common import CommandSchema, boolean, choice, text_field
from api.http.schemas.parliament import DebateFieldsSchema, MemberSchema
from domain.commitment import STATUSES


class RegisterCommitmentSchema(DebateFieldsSchema):
    """A commitment made in a debate; its id follows from text, debate date and minister."""

    text = text_field("what was promised", required=True)
    minister = text_field("who promised it, e.g. de minister van VRO", 200, required=True)
    ministry = fields.String(metadata={
        "description": "the responsible ministry; your key's organisation if left out"})
    recipients = fields.List(fields.Nested(MemberSchema), load_default=list)
    to_several_members = boolean("promised to several members at once", load_default=False)
    deadline = fields.String(load_default="", validate=validate.Length(max=200), metadata={
        "description": "as said, e.g. 'voor zomer 2026'"})
    parliament_number = fields.String(load_default="", validate=validate.Length(max=64))


class ChangeDeadlineSchema(CommandSchema):
    deadline = text_field("the new deadline, as said", 200, required=True)
    reason = text_field("why it moved", required=True)


class PartialFulfilmentSchema(CommandSchema):
    remarks = text_field("what was delivered so far", required=True)
    reference = fields.String(load_default="", validate=validate.Length(max=200))


class LapseSchema(CommandSchema):
    reason = text_field("why it lapsed", required=True)


class SetStatusSchema(CommandSchema):
    status = choice("one of the Tweede Kamer's four statuses", STATUSES, required=True)
    reason = text_field("why the clerk corrects it", required=True)
