"""The deadlines index: an awaited answer stays in it until its overdue reminder, and the
stage says which reminders are recorded; commitments carry their reminder stage."""

from __future__ import annotations

from datetime import date

from domain.actor import Actor
from domain.commitment import Commitment
from domain.reminders import SYSTEM
from projections.commitments import COMMITMENTS
from tests.unit.projection_log import Log, fold, table
from tests.unit.test_projection_notes import DRAFTER, draft

REGISTRAR = Actor("VRO", "registrar")


def deadlines(log: Log, note) -> dict:
    log.record(note)
    return table(fold(log.facts, "notes"), "deadlines")


def test_an_awaited_answer_moves_through_the_stages_and_leaves_when_overdue():
    log, note = Log(), draft()
    note.request_consultation(DRAFTER, "OCW", "consulted", "2027-01-20")
    key = f"OCW|{note.id}"
    assert deadlines(log, note)[key]["stage"] == "none"
    note.remind(SYSTEM, date(2027, 1, 18))
    assert deadlines(log, note)[key]["stage"] == "reply_due"
    note.remind(SYSTEM, date(2027, 1, 21))
    assert key not in deadlines(log, note)


def test_an_answered_consultation_has_no_deadline_row():
    log, note = Log(), draft()
    note.request_consultation(DRAFTER, "OCW", "consulted", "2027-01-20")
    note.answer_consultation(Actor("OCW", "consultee"), "OCW", "agreed")
    assert f"OCW|{note.id}" not in deadlines(log, note)


def test_a_commitment_is_indexed_by_its_reminder_stage_while_unsettled():
    log = Log()
    c = Commitment.register(REGISTRAR, text="Brief", minister="MVRO", ministry="VRO",
                            recipients=[{"name": "Lid", "party": "X"}],
                            debate_kind="commissiedebat", debate_date="2026-11-01",
                            deadline="voor 1 februari 2027")

    def terms() -> list[str]:
        log.record(c)
        doc = table(fold(log.facts, "commitments"), "commitments")[str(c.id)]
        return [t for t in COMMITMENTS.index(doc)[0] if t.startswith("remind:")]

    assert terms() == ["remind:none"]
    c.remind(SYSTEM, date(2027, 1, 20))
    assert terms() == ["remind:due_soon"]
    c.remind(SYSTEM, date(2027, 2, 1))
    assert terms() == ["remind:overdue"]
    c.lapse(REGISTRAR, "niet meer nodig")
    assert terms() == []
