"""Schemas of the decision: an outcome per advised decision, and annotations."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.common import CommandSchema, choice, text_field
from domain.note import OUTCOMES


class OutcomeSchema(CommandSchema):
    outcome = choice("approved, rejected, approved_with_changes or discussed", OUTCOMES,
                     required=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=10_000))


class AnnotationSchema(CommandSchema):
    text = text_field("the annotation", required=True)
