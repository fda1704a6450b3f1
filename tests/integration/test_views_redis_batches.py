"""Every projection's batch in one call of the Redis script: each lands, conflicts or fails
on its own, as when each had a script call of its own."""

from __future__ import annotations

import pytest
import redis

from adapters.views_redis import RedisViewStore
from domain.actor import Actor
from projections.rows import Write
from projections.runner import Runner
from projections.store import PositionConflict
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import make_view_store


def rows(key: str, term: str) -> list[Write]:
    return [Write("trail", key, {"key": key}, (term,), 1.0)]


def test_a_conflict_in_one_batch_leaves_the_others_landing(redis_client):
    store = RedisViewStore(redis_client, prefix="one:", grace=0)
    store.apply_all([("trail", rows("k0", "of:a"), 3, None, "s1")])

    outcomes = store.apply_all([("notes", rows("k1", "of:b"), 5, None, "s2"),
                                ("trail", rows("k2", "of:c"), 5, 2, "s1"),  # it is at 3
                                ("motions", rows("k3", "of:d"), 5, None, "s3")])

    assert outcomes[0] is None and outcomes[2] is None
    assert isinstance(outcomes[1], PositionConflict)
    assert store.position("notes", "s2") == 5 and store.position("motions", "s3") == 5
    assert store.position("trail", "s1") == 3
    assert store.get_many("trail", ["k2"], "s1") == {}  # a conflict writes nothing


def test_a_failing_command_ends_its_own_batch_and_is_raised_once_the_others_landed(
        redis_client):
    store = RedisViewStore(redis_client, prefix="one:", grace=0)
    # the second batch's term key holds a string, so its ZADD fails inside the script
    redis_client.set("one:trail:s2:t:trail:of:b", "not a sorted set")

    with pytest.raises(redis.ResponseError, match="trail: .*WRONGTYPE"):
        store.apply_all([("notes", rows("k1", "of:a"), 5, None, "s1"),
                         ("trail", rows("k2", "of:b"), 5, None, "s2"),
                         ("motions", rows("k3", "of:c"), 5, None, "s3")])

    assert store.position("notes", "s1") == 5
    assert store.position("motions", "s3") == 5  # the batch after the failure landed too
    assert store.position("trail", "s2") is None  # the failed one did not move


DRAFTER = Actor("VRO", "drafter", person_id="p-1")
NOTE = dict(title="Nota", kind="decision", date="2026-06-05", from_unit="NPLV",
            to_official="MVRO", ministry="VRO", actively_public=False)


def test_a_runner_whose_views_refuse_a_batch_goes_on_once_they_are_mended(tmp_path):
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    views, dispose = make_view_store("redis", tmp_path)
    runner = Runner(ledger, views, poll_interval=0.01).start()
    try:
        first = ledger.draft_note(DRAFTER, reference="2026-REF-1", **NOTE).position
        assert runner.wait_until(first, timeout=10)
        # the trail's positions become a key of the wrong type: its next batch is refused
        positions = views._base("trail", views._live("trail")) + "pos"
        kept = views.client.hgetall(positions)
        views.client.delete(positions)
        views.client.set(positions, "not a hash")
        second = ledger.draft_note(DRAFTER, reference="2026-REF-2", **NOTE).position
        assert not runner.wait_until(second, timeout=1.5)  # refused, and tried again
        views.client.delete(positions)
        views.client.hset(positions, mapping=kept)  # mended

        assert runner.wait_until(second, timeout=10)
        assert runner._thread.is_alive()
        trail = views.trail(str(ledger.note_id("2026-REF-2", "VRO")))
        assert [entry["version"] for entry in trail] == [1]
    finally:
        runner.stop()
        runner.join(5)
        ledger.close()
        dispose()
