"""Schemas of an organisation's inbox and of the dashboard counts."""

from __future__ import annotations

from marshmallow import fields

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, PagingQuerySchema
from api.http.schemas.note_views import NULLABLE, REMINDERS, ReminderSchema

S = fields.String


class InboxItemSchema(Schema):
    note_id = S(dump_only=True)
    reference = S(dump_only=True)
    title = S(dump_only=True)
    owner = S(dump_only=True)
    note_status = S(dump_only=True)
    role = S(dump_only=True)
    reply_by = S(**NULLABLE, metadata={"format": "date", "description":
                 "the day the answer is due (working days, Dutch holidays skipped)"})
    due = S(**NULLABLE, metadata={"format": "date", "deprecated": True,
                                  "description": "the former name of replyBy"})
    status = S(dump_only=True, metadata={"description": "requested or reopened"})
    round = fields.Integer(dump_only=True)
    awaiting_since = S(dump_only=True)
    overdue = fields.Boolean(dump_only=True)
    reminders = fields.List(fields.Nested(ReminderSchema), **REMINDERS)


class InboxPageSchema(PageSchema):
    organisation = S(dump_only=True)
    items = fields.List(fields.Nested(InboxItemSchema), dump_only=True)


class InboxQuerySchema(PagingQuerySchema):
    overdue = fields.Boolean(metadata={"description": "only overdue (true) or not (false)"})


class MinistryCountsSchema(Schema):
    open = fields.Integer(dump_only=True)
    overdue = fields.Integer(dump_only=True)


class DashboardSchema(Schema):
    notes_by_status = fields.Dict(keys=S(), values=fields.Integer(), dump_only=True)
    commitments_by_ministry = fields.Dict(keys=S(), values=fields.Nested(MinistryCountsSchema),
                                          dump_only=True)
    held_motions = fields.Integer(dump_only=True)
    as_of = S(dump_only=True)
