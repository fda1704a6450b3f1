"""The ledger's save records what the library's own save records, and in the same way."""

from __future__ import annotations

from eventsourcing.application import Application

from domain.actor import Actor
from domain.note import Note
from tests.conftest import make_ledger

DRAFTER = Actor("VRO", "drafter", key_id="k", person_id="p-drafter-1")


def drafted(reference: str) -> Note:
    note = Note.draft(DRAFTER, reference=reference, title="Bewaard", kind="decision",
                      date="2026-06-05", from_unit="NPLV", to_official="MVRO", ministry="VRO",
                      actively_public=False)
    note.revise_title(DRAFTER, "Bewaard, herzien")
    return note


def stored(ledger, note: Note) -> list[tuple]:
    return [(item.originator_version, item.topic, len(item.state))
            for item in ledger.recorder.select_events(note.id)]


def test_the_ledgers_save_stores_the_same_events_as_the_librarys():
    ours, theirs = make_ledger({"NOTALEDGER_STORE": "memory"}), make_ledger(
        {"NOTALEDGER_STORE": "memory"})
    a, b = drafted("2026-SAVE-1"), drafted("2026-SAVE-1")
    assert a.id == b.id
    recordings = ours.save(a, None)
    Application.save(theirs, b, None)  # the library's save, on the same kind of ledger

    assert [r.notification.originator_version for r in recordings] == [1, 2]
    assert a.collect_events() == []  # collected once
    assert [(v, t) for v, t, _ in stored(ours, a)] == [(v, t) for v, t, _ in stored(theirs, b)]
    assert ours.note(a.id)["title"] == theirs.note(b.id)["title"] == "Bewaard, herzien"


def test_events_given_on_their_own_are_saved_as_the_library_saves_them():
    ledger = make_ledger({"NOTALEDGER_STORE": "memory"})
    note = drafted("2026-SAVE-2")
    events = note.collect_events()
    ledger.save(*events)
    assert ledger.note(note.id)["version"] == 2
