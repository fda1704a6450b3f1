"""Redis restarted empty mid-run: the runner waits it out, status shows it, rebuild restores."""

from __future__ import annotations

import pytest
import redis

from adapters.views_redis import RedisViewStore
from domain.actor import Actor
from projections.catalogue import projectors
from projections.log import EventLog
from projections.rebuild import check, rebuild
from projections.runner import Runner
from projections.status import standings
from projections.store import StoreUnavailable
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import PrivateRedis, clean_dumps, dumps
from tests.integration.projection_workload import write_stories

DRAFTER = Actor("VRO", "drafter", person_id="p-1")


@pytest.fixture
def ledger(tmp_path):
    app = make_ledger({"NOTALEDGER_STORE": "sqlite",
                       "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    write_stories(app, 600, seed=11)
    yield app
    app.close()


@pytest.fixture
def server(tmp_path):
    private = PrivateRedis(tmp_path)
    private.start()
    yield private
    private.kill()


def redis_store(server: PrivateRedis) -> RedisViewStore:
    client = redis.Redis.from_url(server.url, socket_timeout=2, socket_connect_timeout=0.5)
    return RedisViewStore(client, grace=0)



def more(ledger, reference: str) -> int:
    return ledger.draft_note(DRAFTER, reference=reference, title="Na de herstart",
                             kind="decision", date="2026-06-05", from_unit="NPLV",
                             to_official="MVRO", ministry="VRO", actively_public=False).position


def test_status_shows_emptied_views_and_rebuild_restores_every_one(ledger, server, tmp_path):
    store = redis_store(server)
    Runner(ledger, store).catch_up()
    head = EventLog(ledger).head()
    assert {s.state for s in standings(ledger, store)} == {"up to date"}

    server.kill()
    with pytest.raises(StoreUnavailable):
        standings(ledger, store)
    server.start()  # back, and empty

    emptied = standings(ledger, store)
    assert {(s.position, s.lag) for s in emptied} == {(None, head)}
    assert all(s.state.startswith("empty") for s in emptied)
    rebuild(ledger, store, projectors())
    assert {(s.position, s.state) for s in standings(ledger, store)} == {(head, "up to date")}
    assert all(check(ledger, store, p).ok for p in projectors())
    assert dumps(store) == clean_dumps(ledger, tmp_path)


def test_a_running_runner_waits_out_the_restart_and_refills_the_views(ledger, server,
                                                                      tmp_path):
    store = redis_store(server)
    runner = Runner(ledger, store, poll_interval=0.02).start()
    try:
        assert runner.wait_until(EventLog(ledger).head(), timeout=30)
        server.kill()
        during = more(ledger, "2026-DOWN-1")  # the ledger goes on without Redis
        assert not runner.wait_until(during, timeout=0.5)
        server.start()
        after = more(ledger, "2026-UP-1")

        assert runner.wait_until(after, timeout=60)
        assert runner._thread.is_alive()
    finally:
        runner.stop()
        runner.join(timeout=10)
    assert dumps(store) == clean_dumps(ledger, tmp_path)
