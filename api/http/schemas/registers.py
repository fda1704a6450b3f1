"""Schemas of the registers: commitments and motions as read, with their filters."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, PagingQuerySchema
from api.http.schemas.note_views import (  # noqa: F401 - the register schemas use them too
    NULLABLE,
    REMINDERS,
    DeadlineSchema,
    DebateSchema,
    MemberViewSchema,
    ReminderSchema,
)
from domain import commitment, motion
from domain.deadline import PLACEMENTS

S = fields.String


class SettlementSchema(Schema):
    status = S(dump_only=True)
    note_id = S(dump_only=True)
    reference = S(dump_only=True)
    chamber = S(dump_only=True)
    remarks = S(dump_only=True)
    reason = S(dump_only=True)
    set_by_clerk = fields.Boolean(dump_only=True)
    effective = S(dump_only=True, metadata={
        "description": "when it happened: a date, an ISO week (2026-W27) or a moment"})
    late = fields.Boolean(dump_only=True, metadata={
        "description": "it happened after the deadline's last day"})


class CommitmentSchema(Schema):
    id = S(dump_only=True)
    text = S(dump_only=True)
    minister = S(dump_only=True)
    ministry = S(dump_only=True)
    co_owners = fields.List(S(), dump_only=True, metadata={
        "description": "other ministries that share it and may change it"})
    recipients = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    to_several_members = fields.Boolean(dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    deadline = fields.Nested(DeadlineSchema, dump_only=True)
    parliament_number = S(dump_only=True)
    status = S(dump_only=True)
    overdue = fields.Boolean(dump_only=True, metadata={
        "description": "its deadline has passed and it is not settled"})
    motion_id = S(**NULLABLE)
    note_ids = fields.List(S(), dump_only=True)
    note_relations = fields.Dict(keys=S(), values=S(), dump_only=True, metadata={
        "description": "per note id: fulfils, partly_fulfils or mentions"})
    note_references = fields.List(S(), dump_only=True)
    settlements = fields.List(fields.Nested(SettlementSchema), dump_only=True)
    reminders = fields.List(fields.Nested(ReminderSchema), **REMINDERS)
    version = fields.Integer(dump_only=True)
    created_on = S(dump_only=True)
    modified_on = S(dump_only=True)
    chain_head = S(dump_only=True)


class CommitmentPageSchema(PageSchema):
    items = fields.List(fields.Nested(CommitmentSchema), dump_only=True)


class CommitmentQuerySchema(PagingQuerySchema):
    status = S(validate=validate.OneOf(commitment.STATUSES))
    ministry = S(validate=validate.Length(min=1, max=40))
    member = S(validate=validate.Length(min=1, max=200))
    party = S(validate=validate.Length(min=1, max=50))
    debate = S(validate=validate.Length(min=1, max=200), metadata={
        "description": "in the debate's kind, title or date"})
    due_within_days = fields.Integer(validate=validate.Range(min=0, max=36_500))
    overdue = fields.Boolean()
    deadline = S(validate=validate.OneOf(PLACEMENTS), metadata={
        "description": "dated, occasion (a later occasion without a date), unplaced (text "
                       "that could not be placed: the registrar's list) or none"})


class ExecutionReportSchema(Schema):
    note_id = S(dump_only=True)
    reference = S(dump_only=True)
    chamber = S(dump_only=True)


class MotionSchema(Schema):
    id = S(dump_only=True)
    text = S(dump_only=True)
    submitters = fields.List(fields.Nested(MemberViewSchema), dump_only=True)
    debate = fields.Nested(DebateSchema, dump_only=True)
    case_number = S(dump_only=True)
    ministry = S(dump_only=True)
    co_owners = fields.List(S(), dump_only=True, metadata={
        "description": "other ministries that share it and may change it"})
    status = S(dump_only=True)
    appraisal = S(**NULLABLE)
    appraisal_remarks = S(dump_only=True)
    taken_over_by = S(**NULLABLE, metadata={
        "description": "the office that took it over, as said (de staatssecretaris van OCW)"})
    vote_date = S(**NULLABLE, metadata={"format": "date"})
    note_ids = fields.List(S(), dump_only=True)
    note_references = fields.List(S(), dump_only=True)
    execution_reports = fields.List(fields.Nested(ExecutionReportSchema), dump_only=True)
    history = fields.List(S(), dump_only=True)
    version = fields.Integer(dump_only=True)
    created_on = S(dump_only=True)
    modified_on = S(dump_only=True)
    chain_head = S(dump_only=True)


class MotionPageSchema(PageSchema):
    items = fields.List(fields.Nested(MotionSchema), dump_only=True)


class MotionQuerySchema(PagingQuerySchema):
    status = S(validate=validate.OneOf(motion.STATUSES))
    submitter = S(validate=validate.Length(min=1, max=200))
    party = S(validate=validate.Length(min=1, max=50))
    ministry = S(validate=validate.Length(min=1, max=40))
