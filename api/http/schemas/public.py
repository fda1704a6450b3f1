"""Schemas of the public (Woo) view: published notes, civil servants' names redacted."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, PagingQuerySchema
from api.http.schemas.note_views import (
    NULLABLE,
    AttachmentViewSchema,
    EmbeddedCommitmentSchema,
    EmbeddedMotionSchema,
    LetterViewSchema,
    PersonSchema,
)

S = fields.String


class PublicAdvisedSchema(Schema):
    number = fields.Integer(dump_only=True)
    text = S(dump_only=True)
    outcome = S(**NULLABLE)


class PublicConsultationSchema(Schema):
    organisation = S(dump_only=True)
    role = S(dump_only=True)
    outcome = S(**NULLABLE)


class PublicInitialSchema(Schema):
    role = S(dump_only=True)
    unit = S(dump_only=True)
    person = fields.Nested(PersonSchema, **NULLABLE)


class PublicNoteSchema(Schema):
    id = S(dump_only=True)
    reference = S(dump_only=True)
    title = S(dump_only=True)
    kind = S(dump_only=True)
    date = S(dump_only=True, metadata={"format": "date"})
    ministry = S(dump_only=True)
    from_unit = S(dump_only=True)
    to_official = S(dump_only=True)
    sections = fields.Dict(keys=S(), values=S(), dump_only=True)
    advised = fields.List(fields.Nested(PublicAdvisedSchema), dump_only=True)
    attachments = fields.List(fields.Nested(AttachmentViewSchema), dump_only=True)
    co_senders = fields.List(S(), dump_only=True)
    consultations = fields.List(fields.Nested(PublicConsultationSchema), dump_only=True)
    letter = fields.Nested(LetterViewSchema, dump_only=True)
    drafted_by = fields.List(fields.Nested(PersonSchema), dump_only=True, metadata={
        "description": "civil servants as ■■■ (5.1.2e Woo); no person id"})
    initialled_by = fields.List(fields.Nested(PublicInitialSchema), dump_only=True)
    decided_by = fields.Nested(PersonSchema, **NULLABLE)
    published_at = S(**NULLABLE)
    commitment_ids = fields.List(S(), dump_only=True)
    motion_ids = fields.List(S(), dump_only=True)
    commitment_relations = fields.Dict(keys=S(), values=S(), dump_only=True)
    commitments = fields.List(fields.Nested(EmbeddedCommitmentSchema), dump_only=True, metadata={
        "description": "what its letter settles: members of parliament and parties are public"})
    motions = fields.List(fields.Nested(EmbeddedMotionSchema), dump_only=True)


class PublicPageSchema(PageSchema):
    items = fields.List(fields.Nested(PublicNoteSchema), dump_only=True)


class PublicQuerySchema(PagingQuerySchema):
    text = S(validate=validate.Length(min=1, max=200))
