"""Schemas of motions (moties): submission, appraisal, vote and take-over."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.common import CommandSchema, boolean, choice, text_field
from api.http.schemas.parliament import DebateFieldsSchema, MemberSchema
from domain.motion import APPRAISALS


class SubmitMotionSchema(DebateFieldsSchema):
    """A motion; its id follows from its case number (or its text and debate date)."""

    text = text_field("what the motion asks", required=True)
    submitters = fields.List(fields.Nested(MemberSchema), required=True,
                             validate=validate.Length(min=1))
    case_number = fields.String(load_default="", validate=validate.Length(max=64), metadata={
        "description": "parliament's case number, e.g. 32847-1301"})
    ministry = fields.String(load_default="", metadata={
        "description": "the ministry it is addressed to; one to \"de regering\" belongs to "
                       "your key's organisation"})


class AppraiseSchema(CommandSchema):
    appraisal = choice("the cabinet's appraisal", APPRAISALS, required=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=10_000))


class TakeOverSchema(CommandSchema):
    by = text_field("who takes it over, e.g. de staatssecretaris van OCW", 200, required=True)


class VoteSchema(CommandSchema):
    adopted = boolean("whether parliament adopted it", required=True)
    vote_date = fields.Date(allow_none=True, load_default=None)
