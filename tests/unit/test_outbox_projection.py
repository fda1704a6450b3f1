"""The outbox projection: which organisations hear of which event, with ids and codes only."""

from __future__ import annotations

from projections.facts import Fact
from projections.outbox import OUTBOX, PARTIES, messages, track_party


def fact(position: int, type_: str, data: dict, kind: str = "note", aggregate: str = "n-1"):
    return Fact(position, kind, type_, aggregate, position, f"2026-06-0{position}T10:00:00+00:00",
                {"organisation": "VRO", "person_id": "p-9"}, "h", "p", data)


DRAFTED = fact(1, "Drafted", {"ministry": "VRO", "reference": "2026-1", "title": "Geheim"})
ASKED = fact(2, "ConsultationRequested", {"organisation": "SZW", "role": "consulted",
                                          "due": "2026-06-19"})


def story(*facts: Fact) -> list[dict]:
    party, found = None, []
    for f in facts:
        party = track_party(party, f)
        found += messages(f, party)
    return found


def test_a_request_goes_to_the_consulted_and_the_answer_to_the_owner():
    answered = fact(3, "ConsultationAnswered", {"organisation": "SZW", "outcome": "agreed",
                                                "remarks": "Prima, Jan"})
    found = story(DRAFTED, ASKED, answered)
    assert [(m["topic"], m["organisation"]) for m in found] == [
        ("consultation.requested", "SZW"), ("consultation.answered", "VRO")]
    assert found[1]["data"]["outcome"] == "agreed" and "remarks" not in found[1]["data"]
    assert found[0]["data"]["links"] == {"self": "/v1/notes/n-1", "page": "/nota/n-1"}
    assert "p-9" not in str(found) and "Geheim" not in str(found)


def test_the_decision_reaches_the_owner_and_every_consulted_organisation():
    asked_ocw = fact(3, "ConsultationRequested", {"organisation": "OCW", "role": "consulted",
                                                  "due": None})
    found = story(DRAFTED, ASKED, asked_ocw, fact(4, "Decided", {}))
    assert [m["organisation"] for m in found if m["topic"] == "note.decided"] == [
        "VRO", "SZW", "OCW"]


def test_reminders_reach_whom_they_concern():
    due = fact(3, "ConsultationReplyDue", {"organisation": "SZW", "ministry": "VRO",
                                           "reference": "2026-1", "reply_by": "2026-06-19",
                                           "remind_on": "2026-06-17"})
    overdue = fact(4, "ConsultationOverdue", {**due.data, "remind_on": "2026-06-20"})
    found = story(DRAFTED, ASKED, due, overdue)
    assert [(m["topic"], m["organisation"]) for m in found[1:]] == [
        ("consultation.reply_due", "SZW"), ("consultation.overdue", "SZW"),
        ("consultation.overdue", "VRO")]
    registered = fact(1, "Registered", {"ministry": "VRO", "text": "t"}, "commitment", "c-1")
    soon = fact(2, "CommitmentDueSoon", {"ministry": "VRO", "owners": ["VRO", "OCW"],
                                         "due": "2026-07-03", "remind_on": "2026-06-19"},
                "commitment", "c-1")
    found = story(registered, soon)
    assert [(m["topic"], m["organisation"]) for m in found] == [
        ("commitment.registered", "VRO"), ("commitment.due_soon", "VRO"),
        ("commitment.due_soon", "OCW")]


def test_a_batch_keeps_each_notes_parties_as_its_record():
    writes, records = OUTBOX.batch([DRAFTED, ASKED], lambda table, keys: {k: None for k in keys})
    assert records["n-1"] == {"owner": "VRO", "reference": "2026-1", "consulted": ["SZW"]}
    assert [w.table for w in writes] == ["messages", PARTIES.name]
