"""Reminders of deadlines: due at their offsets, recorded once, by the system only."""

from __future__ import annotations

from datetime import date

import pytest

from domain.actor import Actor
from domain.commitment import Commitment
from domain.errors import InvalidInput, NotPermitted
from domain.reminders import SYSTEM, ReminderSettings
from tests.unit.test_note_rules import DRAFTER, draft

REGISTRAR = Actor("VRO", "registrar")


def requested(reply_by: str | None = "2026-12-15", effective: str = "2026-12-01"):
    note = draft()
    note.request_consultation(DRAFTER.at(effective, "asked by letter") if effective else DRAFTER,
                              "SZW", "co_responsible", reply_by)
    return note


def types(aggregate) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_a_request_without_a_reply_by_gets_ten_working_days():
    note = draft()
    note.request_consultation(DRAFTER.at("2026-04-22", "asked by letter"), "SZW", "consulted")
    assert note.consultations["SZW"]["reply_by"] == "2026-05-08"


def test_the_default_working_days_are_the_installations_setting():
    note = draft()
    note.request_consultation(DRAFTER.at("2026-04-22", "asked by letter"), "SZW", "consulted",
                              settings=ReminderSettings(reply_working_days=3))
    assert note.consultations["SZW"]["reply_by"] == "2026-04-28"  # Koningsdag skipped


def test_a_malformed_reply_by_is_refused_with_the_field_named():
    with pytest.raises(InvalidInput, match="reply-by date"):
        requested(reply_by="volgende week")


def test_a_reply_due_reminder_falls_two_working_days_before_the_reply_by():
    note = requested()  # reply by Tuesday 15 December
    assert note.reminders_due(date(2026, 12, 10)) == []
    (reminder,) = note.reminders_due(date(2026, 12, 11))  # Friday: Monday and Tuesday left
    assert (reminder.kind, reminder.organisation, str(reminder.remind_on)) == (
        "ConsultationReplyDue", "SZW", "2026-12-11")


def test_each_reminder_is_recorded_once_and_leaves_the_status_alone():
    note = requested()
    note.collect_events()
    assert note.remind(SYSTEM, date(2026, 12, 14)) == 1
    assert note.remind(SYSTEM, date(2026, 12, 15)) == 0
    assert note.remind(SYSTEM, date(2026, 12, 16)) == 1
    assert note.remind(SYSTEM, date(2026, 12, 20)) == 0
    assert types(note) == ["ConsultationReplyDue", "ConsultationOverdue"]
    assert note.status == "draft" and note.consultations["SZW"]["status"] == "requested"


def test_a_reminder_event_carries_ids_dates_and_organisations_only():
    note = requested()
    note.collect_events()
    note.remind(SYSTEM, date(2026, 12, 16))
    (overdue,) = note.collect_events()
    assert (overdue.organisation, overdue.ministry, overdue.reference, overdue.reply_by,
            overdue.remind_on) == ("SZW", "VRO", "2026-0000261701", "2026-12-15", "2026-12-16")
    assert overdue.actor == {"organisation": "notaledger", "role": "system", "key_id": None,
                             "person_id": None}


def test_an_answered_consultation_gives_no_reminder():
    note = requested()
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    assert note.reminders_due(date(2026, 12, 20)) == []


def test_a_request_made_inside_the_reminder_days_gets_no_reply_due_reminder():
    note = requested(reply_by="2026-12-02")
    assert note.reminders_due(date(2026, 12, 1)) == []
    assert [r.kind for r in note.reminders_due(date(2026, 12, 3))] == ["ConsultationOverdue"]


def test_only_the_system_records_reminders():
    with pytest.raises(NotPermitted):
        requested().remind(DRAFTER, date(2026, 12, 20))


def commitment(deadline: str = "voor 1 juli 2026") -> Commitment:
    return Commitment.register(REGISTRAR, text="De minister stuurt een brief", minister="MVRO",
                               ministry="VRO", recipients=[{"name": "Lid", "party": "X"}],
                               debate_kind="commissiedebat", debate_date="2026-03-01",
                               deadline=deadline)


def test_a_commitment_is_due_soon_fourteen_days_before_and_overdue_the_day_after():
    c = commitment()
    end = date.fromisoformat(c.deadline["end"])
    assert c.reminders_due(date.fromordinal(end.toordinal() - 15)) == []
    assert c.remind(SYSTEM, date.fromordinal(end.toordinal() - 14)) == 1
    assert c.remind(SYSTEM, end) == 0
    assert c.remind(SYSTEM, date.fromordinal(end.toordinal() + 1)) == 1
    assert types(c)[-2:] == ["CommitmentDueSoon", "CommitmentOverdue"]
    assert c.status == "open"


def test_a_changed_deadline_is_reminded_of_again():
    c = commitment()
    c.remind(SYSTEM, date(2026, 12, 1))
    c.change_deadline(REGISTRAR, "voor 1 februari 2027", "uitgesteld")
    (again,) = c.reminders_due(date(2027, 2, 5))
    assert again.kind == "CommitmentOverdue" and again.deadline > date(2026, 12, 1)


def test_a_settled_or_undated_commitment_gives_no_reminder():
    c = commitment()
    c.lapse(REGISTRAR, "niet meer nodig")
    assert c.reminders_due(date(2027, 1, 1)) == []
    assert commitment(deadline="").reminders_due(date(2030, 1, 1)) == []


def test_a_reopened_consultation_gets_its_term_again_from_the_reopening():
    note = draft()
    note.request_consultation(DRAFTER.at("2026-04-22", "asked by letter"), "SZW", "consulted")
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    note.revise_title(Actor("VRO", "importer").at("2026-06-01", "as the document says"),
                      "Nieuwe titel")
    consultation = note.consultations["SZW"]
    assert consultation["status"] == "reopened"
    assert consultation["reply_by"] == "2026-06-15"  # ten working days, as first given


def test_a_reopening_well_before_the_reply_by_keeps_the_later_date():
    note = requested(reply_by="2027-03-01")
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    note.revise_title(DRAFTER, "Nieuwe titel")
    assert note.consultations["SZW"]["reply_by"] >= "2027-03-01"
