"""A rebuild shared between processes (each the events of its share of the aggregates)
leaves exactly the views of a rebuild in one process, in SQLite and in Redis."""

from __future__ import annotations

import gc

import pytest
import redis

from adapters.views_redis import RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from api.bootstrap import bootstrap
from api.cli.projections import rebuild_in_processes
from projections.catalogue import PROJECTORS, projectors
from projections.rebuild import rebuild
from tests.conftest import make_ledger, redis_url, store_settings
from tests.integration.projection_workload import write_stories


def views_settings(kind: str, tmp_path, name: str) -> dict[str, str]:
    if kind == "redis":
        return {"NOTALEDGER_VIEWS": "redis", "NOTALEDGER_REDIS_URL": redis_url(),
                "NOTALEDGER_REDIS_PREFIX": f"{name}:", "NOTALEDGER_REDIS_SWAP_GRACE": "0"}
    return {"NOTALEDGER_VIEWS": "sqlite", "NOTALEDGER_VIEWS_PATH": str(tmp_path / f"{name}.db")}


@pytest.mark.parametrize(("kind", "jobs", "events"), [
    ("sqlite", 2, "sqlite"), ("redis", 2, "sqlite"), ("sqlite", 3, "sqlite"),
    ("redis", 2, "postgres")])
def test_views_rebuilt_by_two_processes_equal_those_rebuilt_by_one(kind, jobs, events,
                                                                   tmp_path, request):
    if kind == "redis":
        request.getfixturevalue("redis_client")  # a flushed database, or a skip with reason
    log = store_settings(events, tmp_path, request)
    ledger = make_ledger(log)
    written = write_stories(ledger, 250, seed=18)
    ledger.close()
    one, two = ({**log, **views_settings(kind, tmp_path, name)} for name in ("one", "two"))

    rebuild_in_processes(one, list(PROJECTORS), 1, 64)
    rebuild_in_processes(two, list(PROJECTORS), jobs, 64)

    with bootstrap(one) as single, bootstrap(two) as shared:
        for name in PROJECTORS:
            rows = list(single.views.dump(name))
            assert rows, name
            assert list(shared.views.dump(name)) == rows, name
            assert shared.views.position(name) == single.views.position(name) == written
        assert shared.views.identity() == single.views.identity() is not None


class FailingWrite(RedisViewStore):
    """Redis views whose ``fail_at``-th batch write is refused (as a full Redis would)."""

    def __init__(self, *args, fail_at: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.writes, self.fail_at = 0, fail_at

    def apply_encoded(self, encoded):  # where every batch is sent, behind or not
        self.writes += 1
        if self.writes == self.fail_at:
            raise redis.ResponseError("OOM command not allowed when used memory > 'maxmemory'")
        return super().apply_encoded(encoded)


def test_a_batch_written_behind_that_fails_ends_the_rebuild_and_keeps_the_live_views(
        tmp_path, redis_client):
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "ev.sqlite")})
    write_stories(ledger, 150, seed=5)
    live = RedisViewStore(redis_client, prefix="wb:", grace=0)
    rebuild(ledger, live, projectors(), batch_size=40)
    before = {name: list(live.dump(name)) for name in PROJECTORS}
    keys = sorted(redis_client.scan_iter(match="wb:*"))
    failing = FailingWrite(redis_client, prefix="wb:", grace=0, fail_at=3)
    assert failing.write_behind

    with pytest.raises(redis.ResponseError, match="OOM"):
        rebuild(ledger, failing, projectors(), batch_size=40)

    assert failing.writes == 3  # nothing was written after the failure
    assert {name: list(live.dump(name)) for name in PROJECTORS} == before
    assert sorted(redis_client.scan_iter(match="wb:*")) == keys  # its spaces are dropped
    ledger.close()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_rebuild_leaves_the_garbage_collector_as_it_found_it(enabled, tmp_path):
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "ev.sqlite")})
    write_stories(ledger, 40, seed=9)
    views = SQLiteViewStore(tmp_path / "views.sqlite")
    seen: list[tuple[bool, int]] = []
    (gc.enable if enabled else gc.disable)()
    try:
        rebuild(ledger, views, projectors(), batch_size=50,
                progress=lambda read, position: seen.append((gc.isenabled(), read)))
        after = gc.isenabled(), gc.get_freeze_count()
    finally:
        gc.enable()
        views.close()
        ledger.close()

    assert seen and not any(on for on, _ in seen)  # held back while it ran
    assert [read for _, read in seen] == sorted({read for _, read in seen})  # passed on
    assert after == (enabled, 0)
