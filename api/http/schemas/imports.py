"""Importing a nota from its text over HTTP."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import fields

from api.http.schemas.base import Schema
from api.http.schemas.common import boolean, text_field
from domain.importing import MAX_BYTES


class ImportSchema(Schema):
    """A nota's text (Markdown or plain text, as extracted from its PDF)."""

    text = text_field("the nota's text", max_length=MAX_BYTES, required=True)
    name = text_field("the document's file name, kept with the note", max_length=200,
                      load_default="upload.md")
    dry_run = boolean("only say what would be recorded", load_default=False)


class DocumentSchema(Schema):
    """The uploaded document (multipart/form-data)."""

    file = Upload(required=True, metadata={"description": "the nota as .docx, .pdf, .md or "
                                                          ".txt"})


class DocumentOptionsSchema(Schema):
    """Options sent beside an uploaded document (form fields are text: 'true' or 'false')."""

    dry_run = fields.Boolean(truthy={"true"}, falsy={"false"}, load_default=False,
                             metadata={"description": "only say what would be recorded: "
                                                      "'true' or 'false'"})


class ImportedSchema(Schema):
    """What an import recorded, or would record."""

    status = fields.String(dump_only=True, metadata={
        "description": "recorded, unchanged (this same text was imported before) or dry_run"})
    reference = fields.String(dump_only=True)
    id = fields.UUID(dump_only=True, allow_none=True, metadata={"description": "the note's id"})
    version = fields.Integer(dump_only=True, allow_none=True)
    events = fields.Integer(dump_only=True)
    commitments = fields.List(fields.UUID(), dump_only=True)
    motions = fields.List(fields.UUID(), dump_only=True)
    plan = fields.List(fields.String(), dump_only=True, metadata={
        "description": "what is (or would be) recorded, line by line"})
    warnings = fields.List(fields.String(), dump_only=True, metadata={
        "description": "parts of the text that could not be placed"})


IMPORT = ImportSchema()
DOCUMENT = DocumentSchema()
DOCUMENT_OPTIONS = DocumentOptionsSchema()
IMPORTED = ImportedSchema()
