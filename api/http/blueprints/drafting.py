"""The note's text while it is a draft: title, sections, advised decisions, attachments."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.access import note_id
from api.http.auth import actor
from api.http.routes import REF, command
from api.http.schemas.notes import (
    AdvisedDecisionSchema,
    AttachmentSchema,
    PublicitySchema,
    SectionSchema,
    TitleSchema,
)
from api.http.services import services
from api.http.versions import expected_version, saved

blp = Blueprint("drafting", __name__, url_prefix="/notes",
                description="Drafting a note: its text, advised decisions and attachments.")
NOTE = (REF,)
SECTION = {"in": "path", "name": "name", "description": "a section name, e.g. kern, aanleiding"}
NUMBER = {"in": "path", "name": "number", "description": "the advised decision's number"}
VOLGNUMMER = {"in": "path", "name": "number", "description": "the attachment's volgnummer"}


def _ledger():
    return services().ledger


@command(blp, "/<ref>/revise-title", "drafter", body=TitleSchema, parameters=NOTE)
def revise_title(body, ref):
    """Revise the title (reopens answered consultations)."""
    return saved(_ledger().revise_title(note_id(ref), actor(), body["title"],
                                        expected_version=expected_version()))


@command(blp, "/<ref>/sections/<name>/revise", "drafter", body=SectionSchema,
         parameters=(REF, SECTION))
def revise_section(body, ref, name):
    """Revise one section's text (reopens answered consultations)."""
    return saved(_ledger().revise_section(note_id(ref), actor(), name, body["text"],
                                          expected_version=expected_version()))


@command(blp, "/<ref>/set-publicity", "drafter", body=PublicitySchema, parameters=NOTE)
def set_publicity(body, ref):
    """Mark the note actively public (Woo) or not."""
    return saved(_ledger().set_publicity(note_id(ref), actor(), body["actively_public"],
                                         expected_version=expected_version()))


@command(blp, "/<ref>/advised-decisions/add", "drafter", body=AdvisedDecisionSchema,
         parameters=NOTE)
def add_advised_decision(body, ref):
    """Add an advised decision (beslispunt); it is numbered after the last one."""
    return saved(_ledger().add_advised_decision(note_id(ref), actor(), body["text"],
                                                expected_version=expected_version()))


@command(blp, "/<ref>/advised-decisions/<int:number>/revise", "drafter",
         body=AdvisedDecisionSchema, parameters=(REF, NUMBER))
def revise_advised_decision(body, ref, number):
    """Revise an advised decision's text."""
    return saved(_ledger().revise_advised_decision(note_id(ref), actor(), number,
                                                   body["text"],
                                                   expected_version=expected_version()))


@command(blp, "/<ref>/advised-decisions/<int:number>/remove", "drafter",
         parameters=(REF, NUMBER))
def remove_advised_decision(ref, number):
    """Remove an advised decision."""
    return saved(_ledger().remove_advised_decision(note_id(ref), actor(), number,
                                                   expected_version=expected_version()))


@command(blp, "/<ref>/attachments/add", "drafter", body=AttachmentSchema, parameters=NOTE)
def add_attachment(body, ref):
    """Add an attachment (bijlage) under its volgnummer."""
    return saved(_ledger().add_attachment(note_id(ref), actor(), **body,
                                          expected_version=expected_version()))


@command(blp, "/<ref>/attachments/<int:number>/remove", "drafter",
         parameters=(REF, VOLGNUMMER))
def remove_attachment(ref, number):
    """Remove an attachment."""
    return saved(_ledger().remove_attachment(note_id(ref), actor(), number,
                                             expected_version=expected_version()))
