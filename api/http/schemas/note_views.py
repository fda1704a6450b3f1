"""Schemas of what is read about notes: the list, the detail, a replay and the trail."""

from __future__ import annotations

from datetime import UTC

from marshmallow import fields, pre_load, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, PagingQuerySchema
from projections.notes import STATUSES

S = fields.String
NULLABLE = {"dump_only": True, "allow_none": True}


class PersonSchema(Schema):
    """A person as every view shows one, named by the one naming and redaction policy."""

    id = S(**NULLABLE, metadata={
        "description": "the person registry's id (null in the public view, which keeps "
                       "no person id)"})
    name = S(**NULLABLE, metadata={
        "description": "the name: a civil servant's redacted to the public as ■■■ (5.1.2e "
                       "Woo), [erased] once erased (AVG art. 17), null when unregistered"})


PERSON = {"dump_only": True, "allow_none": True}


class AdvisedSchema(Schema):
    number = fields.Integer(dump_only=True)
    text = S(dump_only=True)
    outcome = S(**NULLABLE)
    remarks = S(dump_only=True)


class AttachmentViewSchema(Schema):
    number = fields.Integer(dump_only=True)
    name = S(dump_only=True)
    information = S(dump_only=True)


class RouteStepSchema(Schema):
    role = S(dump_only=True)
    unit = S(dump_only=True)
    initialled_by = fields.Nested(PersonSchema, **PERSON, metadata={
        "description": "who initialled it (null until initialled, or when initialled for "
                       "the organisation without naming a person)"})
    initialled_at = S(**NULLABLE)


class ReminderSchema(Schema):
    """A reminder the ledger recorded of a deadline (an event of its own in the trail)."""

    kind = S(dump_only=True, metadata={
        "description": "ConsultationReplyDue, ConsultationOverdue, CommitmentDueSoon or "
                       "CommitmentOverdue"})
    deadline = S(dump_only=True, metadata={"format": "date",
                                           "description": "the date it reminds of"})
    remind_on = S(dump_only=True, metadata={"format": "date",
                                            "description": "the day it fell due"})
    at = S(dump_only=True, metadata={"description": "when it was recorded"})


REMINDERS = {"dump_only": True, "metadata": {
    "description": "the reminders recorded of this deadline, oldest first"}}


class ConsultationViewSchema(Schema):
    organisation = S(dump_only=True)
    role = S(dump_only=True)
    reply_by = S(**NULLABLE, metadata={"format": "date", "description":
                 "the day the answer is due (working days, Dutch holidays skipped)"})
    due = S(**NULLABLE, metadata={"format": "date", "deprecated": True,
                                  "description": "the former name of replyBy"})
    status = S(dump_only=True, metadata={
        "description": "requested, answered, reopened or withdrawn"})
    outcome = S(**NULLABLE)
    remarks = S(dump_only=True)
    requested_at = S(dump_only=True)
    answered_at = S(**NULLABLE)
    round = fields.Integer(dump_only=True)
    reopen_reason = S(**NULLABLE)
    awaiting_since = S(**NULLABLE)
    reminders = fields.List(fields.Nested(ReminderSchema), **REMINDERS)


class DeadlineSchema(Schema):
    text = S(dump_only=True, metadata={"description": "as said, e.g. voor zomer 2026"})
    start = S(**NULLABLE, metadata={"format": "date",
                                    "description": "the first day of the normalised interval"})
    end = S(**NULLABLE, metadata={"format": "date", "description":
                                  "its last day: after it an unsettled commitment is overdue"})
    occasion = S(dump_only=True, metadata={
        "description": "a later occasion without a date yet, e.g. 'volgende Staat van de "
                       "Volkshuisvesting debat' (open-ended, never overdue)"})


class MemberViewSchema(Schema):
    name = S(dump_only=True)
    party = S(dump_only=True)


class DebateSchema(Schema):
    kind = S(dump_only=True)
    date = S(**NULLABLE, metadata={"format": "date"})
    title = S(dump_only=True)


class EmbeddedCommitmentSchema(Schema):
    """A commitment as a note shows it."""

    id = S(dump_only=True)
    subject = S(dump_only=True, metadata={"description": "what was promised (its text)"})
    recipients = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    to_several_members = fields.Boolean(dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    deadline = fields.Nested(DeadlineSchema, dump_only=True)
    status = S(dump_only=True)
    status_label = S(dump_only=True, metadata={
        "description": "Openstaand, Deels voldaan, Voldaan or Vervallen"})
    relation = S(dump_only=True, metadata={
        "description": "what this note's letter does with it: fulfils, partly_fulfils or "
                       "mentions (leaves it as it is)"})
    overdue = fields.Boolean(dump_only=True, metadata={
        "description": "its deadline had passed, unsettled, on the day the view is of "
                       "(today, or the replay's effectiveAt or asOf)"})
    motion_id = S(**NULLABLE)
    fulfilled_effective = S(**NULLABLE, metadata={
        "description": "when it was (partly) fulfilled: a date, an ISO week or a moment"})
    fulfilled_late = fields.Boolean(dump_only=True, metadata={
        "description": "it was (partly) fulfilled after its deadline's last day"})


class EmbeddedMotionSchema(Schema):
    """A motion as a note shows it."""

    id = S(dump_only=True)
    subject = S(dump_only=True)
    submitters = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    case_number = S(dump_only=True)
    status = S(dump_only=True)


class LetterViewSchema(Schema):
    planned = fields.Nested(DeadlineSchema, dump_only=True)
    signed = S(**NULLABLE, metadata={
        "description": "when it was signed: a date, an ISO week or a moment"})
    signed_at = S(**NULLABLE, metadata={"description": "when its signing was recorded"})
    sent = S(**NULLABLE, metadata={
        "description": "when it was sent: a date, an ISO week (2026-W27, 'in de week van "
                       "29 juni') or a moment"})
    sent_at = S(**NULLABLE, metadata={"description": "when its sending was recorded"})
    chamber = S(**NULLABLE)
    parliament_number = S(**NULLABLE)


class NoteSummarySchema(Schema):
    id = S(dump_only=True)
    reference = S(dump_only=True)
    title = S(dump_only=True)
    kind = S(dump_only=True)
    date = S(dump_only=True, metadata={"format": "date"})
    ministry = S(dump_only=True, metadata={"description": "the owning ministry"})
    status = S(dump_only=True)
    actively_public = fields.Boolean(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_on = S(dump_only=True)
    modified_on = S(dump_only=True)


class NoteSchema(NoteSummarySchema):
    """A note's whole present state (or, replayed, its state at a version or moment)."""

    from_unit = S(dump_only=True)
    to_official = S(dump_only=True)
    drafted_by = fields.List(fields.Nested(PersonSchema), dump_only=True)
    collaborating = fields.List(S(), dump_only=True)
    sections = fields.Dict(keys=S(), values=S(), dump_only=True,
                           metadata={"description": "each section's latest text"})
    section_revisions = fields.Dict(keys=S(), values=fields.Integer(), dump_only=True)
    advised = fields.List(fields.Nested(AdvisedSchema), dump_only=True)
    attachments = fields.List(fields.Nested(AttachmentViewSchema), dump_only=True)
    route = fields.List(fields.Nested(RouteStepSchema), dump_only=True)
    consultations = fields.Dict(keys=S(), values=fields.Nested(ConsultationViewSchema),
                                dump_only=True)
    annotations = fields.List(S(), dump_only=True)
    co_senders = fields.List(S(), dump_only=True)
    letter = fields.Nested(LetterViewSchema, dump_only=True)
    commitment_ids = fields.List(S(), dump_only=True)
    commitment_relations = fields.Dict(keys=S(), values=S(), dump_only=True, metadata={
        "description": "per commitment id: fulfils, partly_fulfils or mentions"})
    motion_ids = fields.List(S(), dump_only=True)
    commitments = fields.List(fields.Nested(EmbeddedCommitmentSchema), dump_only=True, metadata={
        "description": "the commitments this note links, in people's terms"})
    motions = fields.List(fields.Nested(EmbeddedMotionSchema), dump_only=True)
    return_reason = S(**NULLABLE)
    withdraw_reason = S(**NULLABLE)
    decided_by = fields.Nested(PersonSchema, **PERSON)
    published_at = S(**NULLABLE)
    chain_head = S(dump_only=True, metadata={"description": "the hash of its latest event"})
    replayed = fields.Boolean(dump_only=True, metadata={
        "description": "true when rebuilt from the event store for asOf or version"})


class NotePageSchema(PageSchema):
    items = fields.List(fields.Nested(NoteSummarySchema), dump_only=True)


class NoteQuerySchema(PagingQuerySchema):
    status = S(validate=validate.OneOf(STATUSES))
    owner = S(validate=validate.Length(min=1, max=40))
    consulted = S(validate=validate.Length(min=1, max=40))
    text = S(validate=validate.Length(min=1, max=200), metadata={
        "description": "in the reference or title"})


class NoteReadQuerySchema(Schema):
    as_of = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "replay from the event store as of this moment (ISO 8601; UTC if "
                       "no offset is given)"})
    version = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "replay from the event store at this version"})
    effective_at = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "replay the state of affairs at this moment, as known now (or as of "
                       "as_of): only events that had certainly happened by then"})
    min_position = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": "wait (briefly) until the views include this log position"})

    @pre_load
    def plus_sign(self, data, **kwargs):
        """An unencoded '+' of a UTC offset arrives as a space; take it as meant."""
        for moment in ("asOf", "effectiveAt"):
            if moment in data and " " in data[moment]:
                data = {**data, moment: data[moment].replace(" ", "+")}
        return data


class ActorViewSchema(Schema):
    """Who acted: the organisation, role and key, and the person acting as every view
    shows a person (null when a key acted without naming one)."""

    organisation = S(**NULLABLE)
    role = S(**NULLABLE)
    key_id = S(**NULLABLE)
    person = fields.Nested(PersonSchema, **PERSON)


class TrailEntrySchema(Schema):
    version = fields.Integer(dump_only=True)
    position = fields.Integer(dump_only=True)
    type = S(dump_only=True)
    description = S(dump_only=True)
    actor = fields.Nested(ActorViewSchema, dump_only=True)
    at = S(dump_only=True, metadata={"description": "when it was recorded"})
    effective = S(dump_only=True, metadata={
        "description": "when it happened: a date, an ISO week (2026-W27) or a moment"})
    hash = S(dump_only=True)
    prev_hash = S(dump_only=True)
    data = fields.Dict(dump_only=True)


class TrailSchema(Schema):
    id = S(dump_only=True)
    reference = S(dump_only=True)
    events = fields.List(fields.Nested(TrailEntrySchema), dump_only=True)
