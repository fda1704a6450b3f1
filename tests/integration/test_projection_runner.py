"""The runner: catches up in batches, follows new events, applies each exactly once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
import redis

from adapters.stream_redis import RedisEventStream
from adapters.views_sqlite import SQLiteViewStore
from domain.actor import Actor
from projections.catalogue import PROJECTORS, projectors
from projections.log import EventLog
from projections.runner import Runner
from projections.store import PositionConflict
from tests.conftest import make_ledger, store_settings
from tests.integration.projection_fixtures import (
    clean_dumps,
    dumps,
    make_view_store,
    redis_views_client,
    remove_prefix,
)
from tests.integration.projection_workload import write_stories

ROOT = Path(__file__).resolve().parents[2]
DRAFTER = Actor("VRO", "drafter", person_id="p-1")


@pytest.fixture(params=["sqlite", "redis"])
def view_store(request, tmp_path):
    store, dispose = make_view_store(request.param, tmp_path)
    yield store
    dispose()


@pytest.fixture
def ledger(tmp_path):
    app = make_ledger({"NOTALEDGER_STORE": "sqlite",
                       "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    yield app
    app.close()



def draft(ledger, reference: str):
    return ledger.draft_note(DRAFTER, reference=reference, title="Nota", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=True)


def test_catch_up_resumes_from_the_stored_position_and_ends_as_a_clean_build(
        ledger, view_store, tmp_path):
    write_stories(ledger, 1500, seed=3)
    head = EventLog(ledger).head()

    first = Runner(ledger, view_store, batch_size=100)
    first.catch_up(until=700)
    assert first.position == 700
    assert {view_store.position(name) for name in PROJECTORS} == {700}

    second = Runner(ledger, view_store, batch_size=64)
    second.load()
    assert second.position == 700
    assert second.catch_up() == head - 700
    assert dumps(view_store) == clean_dumps(ledger, tmp_path)


def test_the_batch_size_never_changes_the_views(ledger, view_store, tmp_path):
    write_stories(ledger, 150, seed=4)
    Runner(ledger, view_store, batch_size=1).catch_up()

    assert dumps(view_store) == clean_dumps(ledger, tmp_path)


def test_an_event_already_applied_is_never_applied_again(ledger, view_store):
    draft(ledger, "2026-ONCE-1")
    runner = Runner(ledger, view_store)
    runner.catch_up()
    facts = EventLog(ledger).read(None, 100)
    before = dumps(view_store)

    assert [w.apply(facts, facts[-1].position) for w in runner.writers] == [0, 0, 0, 0]
    with pytest.raises(PositionConflict):
        view_store.apply("trail", [], facts[-1].position, None)
    assert dumps(view_store) == before


def test_two_runners_racing_on_one_store_still_apply_each_event_once(ledger, view_store,
                                                                     tmp_path):
    write_stories(ledger, 1200, seed=5)
    runners = [Runner(ledger, view_store, batch_size=50) for _ in range(2)]
    threads = [threading.Thread(target=r.run) for r in runners]
    for thread in threads:
        thread.start()
    head = EventLog(ledger).head()
    assert all(runner.wait_until(head, timeout=60) for runner in runners)
    for runner in runners:
        runner.stop()
    for thread in threads:
        thread.join(timeout=10)

    assert dumps(view_store) == clean_dumps(ledger, tmp_path)


def test_a_command_is_readable_from_the_views_once_waited_for(ledger, view_store):
    runner = Runner(ledger, view_store, poll_interval=0.01).start()
    try:
        saved = draft(ledger, "2026-RYW-1")
        assert runner.wait_until(saved.position, timeout=5)
        assert view_store.note(str(saved.id))["status"] == "draft"

        answered = ledger.request_consultation(saved.id, DRAFTER, "SZW", "consulted")
        assert runner.wait_until(answered.position, timeout=5)
        assert view_store.note(str(saved.id))["consultations"]["SZW"]["status"] == "requested"
    finally:
        runner.stop()
        runner.join(timeout=5)


def test_on_postgres_the_runner_follows_through_the_librarys_subscription(
        request, tmp_path, view_store):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    runner = Runner(ledger, view_store).start()
    try:
        assert runner.following.wait(timeout=10)
        assert runner._subscription is not None  # following, not polling
        saved = draft(ledger, "2026-PGSUB-1")
        assert runner.wait_until(saved.position, timeout=10)
        changed = ledger.revise_title(saved.id, DRAFTER, "Nota, herzien")
        assert runner.wait_until(changed.position, timeout=10)
        assert view_store.note(str(saved.id))["title"] == "Nota, herzien"
    finally:
        runner.stop()
        runner.join(timeout=10)
        ledger.close()
    assert runner.position == changed.position


@pytest.fixture
def feed():
    """A Redis Stream and a Redis view store of their own: (client, stream, store)."""
    client = redis_views_client()
    prefix = f"test:{uuid.uuid4().hex[:10]}:"
    store, dispose = make_view_store("redis", None)
    yield client, RedisEventStream(client, key=f"{prefix}events", capacity=1000), store
    dispose()
    remove_prefix(client, prefix)
    client.close()


def positions(stream) -> list[int]:
    return [entry_id for entry_id, _ in stream.read(None, count=100)]


def test_every_applied_event_is_appended_to_the_stream_once_with_its_notification_id(ledger,
                                                                                      feed):
    _, stream, store = feed
    first = draft(ledger, "2026-FEED-1")
    Runner(ledger, store, feed=stream, batch_size=2).catch_up()
    ledger.revise_title(first.id, DRAFTER, "Nota 2")
    again = Runner(ledger, store, feed=stream)
    again.catch_up()
    again.apply(EventLog(ledger).read(None, 10))  # a redelivery the stream refuses

    entries = stream.read(None, count=100)
    assert [entry_id for entry_id, _ in entries] == [1, 2]
    assert entries[1][1]["description"] == "Revised the title to: Nota 2"
    assert entries[1][1]["aggregate_id"] == str(first.id)
    assert stream.read(1, count=100)[0][0] == 2


def test_events_applied_but_never_appended_reach_the_stream_on_the_next_start(ledger, feed):
    """A runner killed between committing its views and appending to the feed."""
    _, stream, store = feed
    notes = [draft(ledger, f"2026-GAP-{n}").id for n in range(3)]
    Runner(ledger, store, feed=stream).catch_up()
    for note in notes:  # the views take these in; the feed never hears of them
        ledger.revise_title(note, DRAFTER, "Applied, not published")
    Runner(ledger, store, batch_size=2).catch_up()
    ledger.revise_title(notes[0], DRAFTER, "After the restart")
    Runner(ledger, store, feed=stream).catch_up()
    assert positions(stream) == list(range(1, EventLog(ledger).head() + 1))


def test_a_feed_outage_holds_nothing_back_once_the_feed_answers_again(ledger, feed):
    client, stream, store = feed
    stream.client = redis.Redis(host="127.0.0.1", port=_closed_port(), socket_connect_timeout=1)
    runner = Runner(ledger, store, feed=stream, batch_size=2)
    for n in range(5):
        draft(ledger, f"2026-OUT-{n}")
    runner.catch_up()  # the views move on while the feed is away
    assert runner.position == EventLog(ledger).head()
    stream.client = client  # the feed is back
    draft(ledger, "2026-OUT-5")
    runner.catch_up()
    assert positions(stream) == list(range(1, EventLog(ledger).head() + 1))


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sigterm_stops_the_runner_process_cleanly(tmp_path, ledger):
    draft(ledger, "2026-TERM-1")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTALEDGER_STORE": "sqlite",
           "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
           "NOTALEDGER_VIEWS": "sqlite", "NOTALEDGER_VIEWS_PATH": str(tmp_path / "v.sqlite")}
    env.pop("NOTALEDGER_REDIS_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "projections", "run"],
                               cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    assert "following the log" in process.stderr.readline()
    views = SQLiteViewStore(tmp_path / "v.sqlite")
    assert all(views.wait_for(name, 1, timeout=20) for name in PROJECTORS)
    views.close()
    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=20) == 0
    assert "stopped at position 1" in process.stderr.read()


def test_a_runner_of_one_projection_leaves_the_others_alone(ledger, view_store):
    draft(ledger, "2026-ONE-1")
    Runner(ledger, view_store, projectors("trail")).catch_up()

    assert view_store.position("trail") == 1
    assert view_store.position("notes") is None
