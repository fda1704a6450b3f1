"""Every projection's batch in one call of the Redis script: each lands, conflicts or fails
on its own, as when each had a script call of its own."""

from __future__ import annotations

import pytest
import redis

from adapters.views_redis import RedisViewStore
from projections.rows import Write
from projections.store import PositionConflict


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
