"""Schemas of consultations: asking another organisation, and its answer."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from api.http.schemas.common import CommandSchema, choice
from domain.note import ANSWERS, CONSULTATION_ROLES


class RequestConsultationSchema(CommandSchema):
    role = choice("co_responsible (medeverantwoordelijk) or consulted", CONSULTATION_ROLES,
                  required=True)
    reply_by = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "the day the answer is due; by default the installation's number of "
                       "working days (10 unless set otherwise) after the request's day, "
                       "without weekends and the holidays of the Algemene termijnenwet"})
    due = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "deprecated: the former name of replyBy"})

    @validates_schema
    def _one_date(self, data: dict, **_: object) -> None:
        if data.get("reply_by") and data.get("due") and data["reply_by"] != data["due"]:
            raise ValidationError("give replyBy only (due is its former name)", "due")


class AnswerSchema(CommandSchema):
    outcome = choice("agreed, agreed_with_remarks or disagreed", ANSWERS, required=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=10_000),
                            metadata={"description": "needed with agreed_with_remarks"})
