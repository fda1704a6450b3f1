"""Schemas of the note's drafting commands: what a drafter sends."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import CommandSchema, boolean, choice, integer, text_field
from domain.note import KINDS

REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{2,63}$"


class DraftNoteSchema(CommandSchema):
    """A new note; its id follows from its reference, so it can be drafted only once."""

    reference = fields.String(required=True, validate=validate.Regexp(REFERENCE), metadata={
        "description": "'Onze referentie', e.g. 2026-0000261701"})
    title = text_field("the note's title", required=True)
    kind = choice("decision, information or signature", KINDS, required=True)
    date = fields.Date(required=True, metadata={"description": "the note's date"})
    from_unit = text_field("the drafting unit, e.g. NPLV", 200, required=True)
    to_official = text_field("to whom it goes, e.g. MVRO", 200, required=True)
    ministry = fields.String(metadata={
        "description": "the owning ministry; your key's organisation if left out"})
    actively_public = boolean("published under the Woo once its letter is sent",
                              required=True)
    drafted_by = fields.List(fields.String(validate=validate.Length(min=1, max=64)),
                             load_default=list, metadata={"description": "person ids"})
    collaborating = fields.List(fields.String(validate=validate.Length(min=1, max=40)),
                                load_default=list, metadata={
                                    "description": "organisations it is written with"})


class TitleSchema(CommandSchema):
    title = text_field("the new title", required=True)


class SectionSchema(CommandSchema):
    text = text_field("the section's new text", 200_000, required=True)


class PublicitySchema(CommandSchema):
    actively_public = boolean("whether the note is actively public (Woo)", required=True)


class AdvisedDecisionSchema(CommandSchema):
    text = text_field("the advised decision (beslispunt)", required=True)


class AttachmentSchema(CommandSchema):
    number = integer("its sequence number (volgnummer)", required=True)
    name = text_field("the attachment's name", required=True)
    information = fields.String(load_default="", validate=validate.Length(max=10_000))


class StepSchema(Schema):
    role = text_field("who initials, e.g. head of unit", 200, required=True)
    unit = text_field("their unit, e.g. NPLV", 200, required=True)


class ParaphRouteSchema(CommandSchema):
    steps = fields.List(fields.Nested(StepSchema), required=True,
                        validate=validate.Length(min=1, max=50))


class ReasonSchema(CommandSchema):
    reason = text_field("why", required=True)
