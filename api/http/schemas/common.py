"""Fields and schemas every resource shares: text, saved versions, problems, pages."""

from __future__ import annotations

import re

import marshmallow as ma
from marshmallow import ValidationError, fields, validate

from api.http.schemas.base import Schema
from domain.effective import Effective
from domain.errors import InvalidInput

NOT_BLANK = re.compile(r"[\s\S]*\S")


def text_field(description: str, max_length: int = 10_000, **options) -> fields.String:
    """A string with at least one visible character."""
    return fields.String(validate=[validate.Length(min=1, max=max_length),
                                   validate.Regexp(NOT_BLANK, error="must not be blank")],
                         metadata={"description": description}, **options)


def choice(description: str, choices, **options) -> fields.String:
    return fields.String(validate=validate.OneOf(tuple(choices)),
                         metadata={"description": description}, **options)


def boolean(description: str, **options) -> fields.Boolean:
    """Only JSON true and false, not 'yes' or 1."""
    return fields.Boolean(truthy={True}, falsy={False}, metadata={"description": description},
                          **options)


def integer(description: str, minimum: int = 1, **options) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=minimum, max=2**31 - 1),
                          metadata={"description": description}, **options)


def _effective(value: str) -> None:
    try:
        Effective.parse(value)
    except InvalidInput as error:
        raise ValidationError(str(error)) from None


class CommandSchema(Schema):
    """What every command may say beside its own fields: when its change happened in the
    world. Left out, that is the moment it is recorded; it is never in the future, and in
    the past only for what can have happened before it was recorded (a decision taken on
    paper, a letter sent last week), and then with the reason."""

    effective = fields.String(validate=[validate.Length(max=40), _effective], metadata={
        "description": "when this happened: a date (2026-06-05), an ISO week (2026-W27, "
                       "'in de week van 29 juni') or a date-time with its offset; now if "
                       "left out, never after now",
        "pattern": r"^\d{4}-(W\d{2}|\d{2}-\d{2}(T\S+)?)$",
        "example": "2026-06-05"})
    effective_reason = fields.String(validate=validate.Length(max=500), metadata={
        "description": "why it is recorded later than it happened: required when "
                       "effective lies before today"})


COMMAND = CommandSchema()


class SavedSchema(Schema):
    """What every command returns: the aggregate, its new version and the log position."""

    id = fields.UUID(dump_only=True, metadata={"description": "the aggregate's id"})
    version = fields.Integer(dump_only=True, metadata={
        "description": "the new version; send it back as If-Match to change it again"})
    position = fields.Integer(dump_only=True, allow_none=True, metadata={
        "description": "the event log position, for read-your-writes (minPosition)"})


class FieldErrorSchema(Schema):
    location = fields.String(metadata={"description": "json, query, headers or path"})
    field = fields.String(metadata={"description": "the field, dotted for nested ones"})
    message = fields.String()


class ProblemSchema(Schema):
    """An RFC 9457 problem: what went wrong, for people and for programs."""

    class Meta:
        unknown = ma.INCLUDE

    type = fields.String(metadata={"description": "a URI naming the kind of problem"})
    title = fields.String(metadata={"description": "the HTTP status phrase"})
    status = fields.Integer()
    detail = fields.String(metadata={"description": "what was refused and why"})
    instance = fields.String(metadata={"description": "the path that was requested"})
    request_id = fields.String(metadata={"description": "quote this when reporting a problem"})
    errors = fields.List(fields.Nested(FieldErrorSchema), metadata={
        "description": "each invalid field, for validation problems"})


class PagingQuerySchema(Schema):
    """Which page of a list, and how fresh it must be."""

    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    min_position = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": "wait (briefly) until the views include this log position"})


class PageSchema(Schema):
    """A page of a list; the items' schema is given per list."""

    offset = fields.Integer(dump_only=True)
    limit = fields.Integer(dump_only=True)
    total = fields.Integer(dump_only=True, metadata={"description": "items over all pages"})


SAVED = SavedSchema()


class CoOwnerSchema(CommandSchema):
    """Another ministry that shares a commitment or motion (and may then change it)."""

    organisation = text_field("the organisation to add as co-owner, e.g. SZW", 40,
                              required=True)
