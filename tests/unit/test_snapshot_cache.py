"""Cached aggregates are immutable snapshots: a load is private, a change never leaks."""

from __future__ import annotations

from adapters.eventstore import event_store_env
from domain.actor import Actor
from domain.ledger import Ledger

DRAFTER = Actor("VRO", "drafter")
NOTE = dict(title="Nota", kind="decision", date="2026-06-05", from_unit="NPLV",
            to_official="MVRO", ministry="VRO", actively_public=False)


def _ledger() -> Ledger:
    return Ledger(env=event_store_env({"NOTALEDGER_STORE": "memory",
                                       "NOTALEDGER_AGGREGATE_CACHE": "10"}))


def test_each_load_is_a_private_copy_and_an_unsaved_change_does_not_leak():
    ledger = _ledger()
    note = ledger.draft_note(DRAFTER, reference="2026-SNAP-1", **NOTE).id
    first, second = ledger.repository.get(note), ledger.repository.get(note)
    assert first is not second
    first.revise_title(DRAFTER, "never saved")
    first.sections["kern"] = "never saved either"
    again = ledger.repository.get(note)
    assert (again.title, again.version, again.sections) == ("Nota", 1, {})


def test_a_load_sees_what_another_ledger_on_the_same_store_saved(tmp_path):
    settings = event_store_env({"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_AGGREGATE_CACHE": "10",
                                "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    ledger, other = Ledger(env=settings), Ledger(env=settings)
    note = ledger.draft_note(DRAFTER, reference="2026-SNAP-2", **NOTE).id
    ledger.repository.get(note)  # cached at version 1
    saved = other.revise_title(note, DRAFTER, "changed elsewhere")
    loaded = ledger.repository.get(note)
    assert (loaded.title, loaded.version) == ("changed elsewhere", saved.version)


def test_the_cache_holds_bytes_at_the_newest_version_loaded():
    ledger = _ledger()
    note = ledger.draft_note(DRAFTER, reference="2026-SNAP-3", **NOTE).id
    ledger.revise_title(note, DRAFTER, "twee")
    ledger.note(note)
    version, frozen = ledger.repository.snapshots._entries.get(note)
    assert isinstance(frozen, bytes) and version == 2
