"""Submission and decision: the minister's office decides each advised point."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.access import note_id
from api.http.auth import actor
from api.http.routes import REF, command
from api.http.schemas.decisions import AnnotationSchema, OutcomeSchema
from api.http.schemas.notes import ReasonSchema
from api.http.services import services
from api.http.versions import expected_version, saved

blp = Blueprint("decisions", __name__, url_prefix="/notes",
                description="Submitting a note for decision and recording the decision.")
NUMBER = {"in": "path", "name": "number", "description": "the advised decision's number"}


def _ledger():
    return services().ledger


@command(blp, "/<ref>/submit", "drafter", parameters=(REF,))
def submit(ref):
    """Submit the note for decision (route initialled, co-responsible answers in)."""
    return saved(_ledger().submit_note(note_id(ref), actor(),
                                       expected_version=expected_version()))


@command(blp, "/<ref>/advised-decisions/<int:number>/decide", "decider", body=OutcomeSchema,
         parameters=(REF, NUMBER))
def record_outcome(body, ref, number):
    """Record the decision on one advised decision."""
    return saved(_ledger().record_outcome(note_id(ref), actor(), number, body["outcome"],
                                          body["remarks"], expected_version=expected_version()))


@command(blp, "/<ref>/annotate", "decider", body=AnnotationSchema, parameters=(REF,))
def annotate(body, ref):
    """Add the minister's annotation."""
    return saved(_ledger().annotate(note_id(ref), actor(), body["text"],
                                    expected_version=expected_version()))


@command(blp, "/<ref>/decide", "decider", parameters=(REF,))
def decide(ref):
    """Record the note as decided (every advised decision has an outcome)."""
    return saved(_ledger().decide_note(note_id(ref), actor(),
                                       expected_version=expected_version()))


@command(blp, "/<ref>/return", "drafter", "decider", body=ReasonSchema, parameters=(REF,))
def return_note(body, ref):
    """Return the note to draft, with the reason."""
    return saved(_ledger().return_note(note_id(ref), actor(), body["reason"],
                                       expected_version=expected_version()))


@command(blp, "/<ref>/withdraw", "drafter", body=ReasonSchema, parameters=(REF,))
def withdraw(body, ref):
    """Withdraw the note altogether, with the reason."""
    return saved(_ledger().withdraw_note(note_id(ref), actor(), body["reason"],
                                         expected_version=expected_version()))
