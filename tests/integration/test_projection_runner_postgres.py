"""The delayed-commit race on PostgreSQL: an earlier position held open is never passed."""

from __future__ import annotations

import threading
import time

import pytest

from domain.actor import Actor
from domain.note import Note
from projections.log import EventLog
from projections.runner import Runner
from tests.conftest import make_ledger, store_settings
from tests.integration.projection_fixtures import make_view_store

DRAFTER = Actor("VRO", "drafter", person_id="p-1")
NOTE = dict(title="Nota", kind="decision", date="2026-06-05", from_unit="NPLV",
            to_official="MVRO", ministry="VRO", actively_public=False)


@pytest.fixture(params=["sqlite", "redis"])
def view_store(request, tmp_path):
    store, dispose = make_view_store(request.param, tmp_path)
    yield store
    dispose()


def test_a_writer_holding_its_transaction_open_is_never_overtaken(request, tmp_path,
                                                                  view_store):
    settings = {**store_settings("postgres", tmp_path, request),
                "NOTALEDGER_PG_LOCK_TIMEOUT": "30"}
    ledger, other = make_ledger(settings), make_ledger(settings)
    ledger.draft_note(DRAFTER, reference="2026-RACE-0", **NOTE)
    runner = Runner(ledger, view_store, poll_interval=0.01).start()
    seen: list[int] = []
    try:
        assert runner.following.wait(timeout=10)
        held = Note.draft(DRAFTER, reference="2026-RACE-A", **NOTE)
        stored = [ledger.mapper.to_stored_event(e) for e in held.collect_events()]
        recorder = ledger.recorder
        with recorder.datastore.transaction(commit=True) as cursor:
            recorder._insert_stored_events(cursor, stored)  # the library's insert: lock, ids
            a_position = max(row["notification_id"] for row in cursor.fetchall())
            saved_b: list = []
            writer_b = threading.Thread(target=lambda: saved_b.append(other.draft_note(
                DRAFTER, reference="2026-RACE-B", **NOTE)))
            writer_b.start()
            for _ in range(15):  # A holds on for 1.5 s while B tries to commit after it
                time.sleep(0.1)
                seen.append(view_store.position("notes"))
                assert view_store.note(str(held.id)) is None
            assert writer_b.is_alive(), "B committed while A held an earlier position"
        writer_b.join(timeout=30)

        assert saved_b and saved_b[0].position > a_position
        assert runner.wait_until(saved_b[0].position, timeout=10)
        assert all(position < a_position for position in seen)
        assert view_store.note(str(held.id))["reference"] == "2026-RACE-A"
        assert view_store.note(str(saved_b[0].id))["reference"] == "2026-RACE-B"
        logged = [n.id for n in EventLog(ledger).notifications(None, 1000)]
        trail = [e["position"] for key in (held.id, saved_b[0].id)
                 for e in view_store.trail(str(key))]
        assert set(trail) == set(logged) - {1}
    finally:
        runner.stop()
        runner.join(timeout=10)
        ledger.close()
        other.close()


def test_a_rolled_back_writer_leaves_a_gap_the_runner_passes_without_losing_anything(
        request, tmp_path, view_store):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    first = ledger.draft_note(DRAFTER, reference="2026-GAP-1", **NOTE)
    doomed = Note.draft(DRAFTER, reference="2026-GAP-X", **NOTE)
    stored = [ledger.mapper.to_stored_event(e) for e in doomed.collect_events()]
    with ledger.recorder.datastore.transaction(commit=False) as cursor:  # rolled back
        ledger.recorder._insert_stored_events(cursor, stored)
    last = ledger.draft_note(DRAFTER, reference="2026-GAP-2", **NOTE)
    runner = Runner(ledger, view_store)
    try:
        runner.catch_up()
    finally:
        ledger.close()

    assert last.position == first.position + 2  # the rolled-back id is never issued again
    assert runner.position == last.position
    assert view_store.note(str(doomed.id)) is None
    assert {view_store.note(str(s.id))["reference"] for s in (first, last)} == {
        "2026-GAP-1", "2026-GAP-2"}
