"""The letter to parliament: co-senders, planning, signing, sending, registering, publishing."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.access import note_id
from api.http.auth import actor
from api.http.routes import REF, command
from api.http.schemas.letter import (
    CoSenderSchema,
    LinkCommitmentSchema,
    LinkMotionSchema,
    PlanLetterSchema,
    RegisterLetterSchema,
    SendLetterSchema,
)
from api.http.services import services
from api.http.versions import expected_version, saved

blp = Blueprint("letter", __name__, url_prefix="/notes",
                description="The Kamerbrief, what it settles, and the note's publication.")
NOTE = (REF,)


def _ledger():
    return services().ledger


@command(blp, "/<ref>/co-senders/add", "drafter", "decider", body=CoSenderSchema,
         parameters=NOTE)
def add_co_sender(body, ref):
    """Add a co-sender ('mede namens')."""
    return saved(_ledger().add_co_sender(note_id(ref), actor(), body["co_sender"],
                                         expected_version=expected_version()))


@command(blp, "/<ref>/co-senders/remove", "drafter", "decider", body=CoSenderSchema,
         parameters=NOTE)
def remove_co_sender(body, ref):
    """Remove a co-sender."""
    return saved(_ledger().remove_co_sender(note_id(ref), actor(), body["co_sender"],
                                            expected_version=expected_version()))


@command(blp, "/<ref>/letter/plan", "drafter", body=PlanLetterSchema, parameters=NOTE)
def plan(body, ref):
    """Plan the letter ('in de week van 29 juni')."""
    return saved(_ledger().plan_letter(note_id(ref), actor(), body["planned"],
                                       expected_version=expected_version()))


@command(blp, "/<ref>/letter/sign", "decider", parameters=NOTE)
def sign(ref):
    """Sign the letter (the note must be decided)."""
    return saved(_ledger().sign_letter(note_id(ref), actor(),
                                       expected_version=expected_version()))


@command(blp, "/<ref>/letter/send", "drafter", body=SendLetterSchema, parameters=NOTE)
def send(body, ref):
    """Send the letter; its linked commitments and motions are settled in the same save."""
    return saved(_ledger().send_letter(note_id(ref), actor(), body["chamber"],
                                       expected_version=expected_version()))


@command(blp, "/<ref>/letter/register", "registrar", body=RegisterLetterSchema,
         parameters=NOTE)
def register(body, ref):
    """Record parliament's document number for the sent letter."""
    return saved(_ledger().register_letter(note_id(ref), actor(), body["parliament_number"],
                                           expected_version=expected_version()))


@command(blp, "/<ref>/commitments/link", "drafter", body=LinkCommitmentSchema,
         parameters=NOTE)
def link_commitment(body, ref):
    """Link a commitment the letter fulfils, partly fulfils or only mentions."""
    return saved(_ledger().link_commitment(note_id(ref), actor(), body["commitment_id"],
                                           body["relation"],
                                           expected_version=expected_version()))


@command(blp, "/<ref>/motions/link", "drafter", body=LinkMotionSchema, parameters=NOTE)
def link_motion(body, ref):
    """Link a motion whose execution the letter reports."""
    return saved(_ledger().link_motion(note_id(ref), actor(), body["motion_id"],
                                       expected_version=expected_version()))


@command(blp, "/<ref>/publish", "drafter", parameters=NOTE)
def publish(ref):
    """Publish the note under the Woo (actively public, letter sent)."""
    return saved(_ledger().publish_note(note_id(ref), actor(),
                                        expected_version=expected_version()))
