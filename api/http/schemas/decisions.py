"""Schemas of the decision: an outcome per advised decision, and annotations."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import choice, text_field
from domain.note import OUTCOMES


class OutcomeSchema(Schema):
    outcome = choice("approved, rejected, approved_with_changes or discussed", OUTCOMES,
                     required=True)
    remarks = fields.String(load_default="", validate=validate.Length(max=10_000))


class AnnotationSchema(Schema):
    text = text_field("the annotation", required=True)
