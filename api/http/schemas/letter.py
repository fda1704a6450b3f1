"""Schemas of the letter to parliament, its co-senders and what it settles."""

from __future__ import annotations

from marshmallow import fields

from api.http.schemas.common import CommandSchema, choice, text_field
from domain.note import CHAMBERS, RELATIONS


class CoSenderSchema(CommandSchema):
    co_sender = text_field("'mede namens', e.g. de minister van Werk en Participatie", 500,
                     required=True)


class PlanLetterSchema(CommandSchema):
    planned = text_field("when, as said: 'in de week van 29 juni', 'voor zomer 2026'", 200,
                   required=True)


class SendLetterSchema(CommandSchema):
    chamber = choice("TK (Tweede Kamer) or EK (Eerste Kamer)", CHAMBERS, required=True)


class RegisterLetterSchema(CommandSchema):
    parliament_number = text_field("parliament's document number, e.g. 32847-1300", 64,
                             required=True)


class LinkCommitmentSchema(CommandSchema):
    commitment_id = fields.UUID(required=True)
    relation = choice("what sending the letter does with the commitment: 'fulfils', "
                      "'partly_fulfils' or 'mentions' (left as it is)", RELATIONS,
                      load_default="fulfils")


class LinkMotionSchema(CommandSchema):
    motion_id = fields.UUID(required=True)
