"""Schemas of the public (Woo) view: published notes, civil servants' names redacted."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, PagingQuerySchema
from api.http.schemas.note_views import (
    NULLABLE,
    AttachmentViewSchema,
    DeadlineSchema,
    DebateSchema,
    EmbeddedCommitmentSchema,
    EmbeddedMotionSchema,
    LetterViewSchema,
    MemberViewSchema,
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


HREF = {"dump_only": True, "metadata": {"description": "where to read it (no key needed)"}}


class NoteLinkSchema(Schema):
    """A published note as a commitment or motion names it."""

    id = S(dump_only=True)
    reference = S(dump_only=True)
    title = S(dump_only=True)
    published_at = S(**NULLABLE)
    sent = S(**NULLABLE, metadata={
        "description": "when its letter was sent: a date, an ISO week or a moment"})
    relation = S(dump_only=True, metadata={
        "description": "for a commitment: fulfils, partly_fulfils or mentions"})
    href = S(**HREF)


class LinkedCommitmentSchema(Schema):
    id = S(dump_only=True)
    subject = S(dump_only=True)
    status = S(dump_only=True)
    status_label = S(dump_only=True)
    href = S(**HREF)


class LinkedMotionSchema(Schema):
    id = S(dump_only=True)
    subject = S(dump_only=True)
    case_number = S(dump_only=True)
    status = S(dump_only=True)
    href = S(**HREF)


class PublicNoteSummarySchema(Schema):
    """A published note as the list shows it: what a reader needs to pick it."""

    id = S(dump_only=True)
    reference = S(dump_only=True)
    title = S(dump_only=True)
    kind = S(dump_only=True)
    date = S(dump_only=True, metadata={"format": "date"})
    ministry = S(dump_only=True)
    letter = fields.Nested(LetterViewSchema, dump_only=True)
    published_at = S(**NULLABLE)
    commitments = fields.List(fields.Nested(LinkedCommitmentSchema), dump_only=True)
    motions = fields.List(fields.Nested(LinkedMotionSchema), dump_only=True)
    href = S(**HREF)


class PublicPageSchema(PageSchema):
    items = fields.List(fields.Nested(PublicNoteSummarySchema), dump_only=True)


class PublicCommitmentSchema(Schema):
    """A commitment of a published note: members and parties are public facts."""

    id = S(dump_only=True)
    text = S(dump_only=True)
    subject = S(dump_only=True)
    minister = S(dump_only=True)
    ministry = S(dump_only=True)
    recipients = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    to_several_members = fields.Boolean(dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    deadline = fields.Nested(DeadlineSchema, dump_only=True)
    parliament_number = S(dump_only=True)
    status = S(dump_only=True)
    status_label = S(dump_only=True, metadata={
        "description": "Openstaand, Deels voldaan, Voldaan or Vervallen"})
    overdue = fields.Boolean(dump_only=True)
    fulfilled_effective = S(**NULLABLE)
    fulfilled_late = fields.Boolean(dump_only=True)
    notes = fields.List(fields.Nested(NoteLinkSchema), dump_only=True, metadata={
        "description": "the published notes whose letters concern it"})
    href = S(**HREF)


class PublicMotionSchema(Schema):
    """A motion of a published note: its submitters and parties are public facts."""

    id = S(dump_only=True)
    text = S(dump_only=True)
    subject = S(dump_only=True)
    submitters = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    case_number = S(dump_only=True)
    ministry = S(dump_only=True)
    status = S(dump_only=True)
    status_label = S(dump_only=True)
    appraisal = S(**NULLABLE)
    taken_over_by = S(**NULLABLE, metadata={
        "description": "the office that took it over, as said (de staatssecretaris van OCW)"})
    vote_date = S(**NULLABLE, metadata={"format": "date"})
    notes = fields.List(fields.Nested(NoteLinkSchema), dump_only=True, metadata={
        "description": "the published notes whose letters report on it"})
    href = S(**HREF)


class PublicCommitmentPageSchema(PageSchema):
    items = fields.List(fields.Nested(PublicCommitmentSchema), dump_only=True)


class PublicMotionPageSchema(PageSchema):
    items = fields.List(fields.Nested(PublicMotionSchema), dump_only=True)


class PublicQuerySchema(PagingQuerySchema):
    text = S(validate=validate.Length(min=1, max=200))
