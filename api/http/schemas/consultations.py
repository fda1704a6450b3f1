"""Schemas of consultations: asking another organisation, and its answer."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import choice
from domain.note import ANSWERS, CONSULTATION_ROLES


class RequestConsultationSchema(Schema):
    role = choice("co_responsible (medeverantwoordelijk) or consulted", CONSULTATION_ROLES,
                  required=True)
    due = fields.Date(allow_none=True, load_default=None, metadata={
        "description": "when the answer is due"})


class AnswerSchema(Schema):
    outcome = choice("agreed, agreed_with_remarks or disagreed", ANSWERS, required=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=10_000),
                            metadata={"description": "needed with agreed_with_remarks"})
