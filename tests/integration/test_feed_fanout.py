"""One reader of the Redis Stream per process, however many /events streams wait on it."""

from __future__ import annotations

import threading
import uuid

import pytest

from adapters.feed import RedisStreamFeed
from adapters.stream_redis import RedisEventStream

pytestmark = pytest.mark.redis

WAITERS = 200


def entry(position: int) -> dict:
    return {"id": position, "kind": "note", "type": "TitleRevised", "aggregate_id": "n",
            "version": position, "at": "2026-06-05T10:00:00+00:00", "organisation": "VRO",
            "description": f"event {position}"}


def test_many_waiting_subscribers_share_one_redis_connection_and_all_receive(redis_client):
    stream = RedisEventStream(redis_client, key=f"test:feed:{uuid.uuid4().hex[:8]}")
    stream.append([entry(n) for n in range(1, 4)])
    feed = RedisStreamFeed(stream, keep=50, block_ms=200)
    received: dict[int, list[int]] = {}
    waiting = threading.Barrier(WAITERS + 1)

    def subscriber(number: int) -> None:
        waiting.wait()
        got = feed.read(3, wait_seconds=10)
        received[number] = [e["id"] for e in got]

    threads = [threading.Thread(target=subscriber, args=(n,)) for n in range(WAITERS)]
    for thread in threads:
        thread.start()
    waiting.wait()
    stream.append([entry(4), entry(5)])
    for thread in threads:
        thread.join(timeout=20)

    assert len(received) == WAITERS
    assert all(ids == [4, 5] for ids in received.values()), received
    pool = redis_client.connection_pool
    assert len(pool._in_use_connections) + len(pool._available_connections) <= 3


def test_a_subscriber_further_back_than_memory_reads_the_stream_itself(redis_client):
    stream = RedisEventStream(redis_client, key=f"test:feed:{uuid.uuid4().hex[:8]}")
    stream.append([entry(n) for n in range(1, 121)])
    feed = RedisStreamFeed(stream, keep=10, block_ms=100)
    assert feed.read(120, wait_seconds=0.2) == []  # starts the reader at the head
    stream.append([entry(n) for n in range(121, 151)])  # trims memory to the newest 10
    assert [e["id"] for e in feed.read(148, wait_seconds=2)] == [149, 150]

    collected, after = [], 0
    while after < 150:
        batch = feed.read(after, wait_seconds=1, count=25)
        collected += [e["id"] for e in batch]
        after = collected[-1]
    assert collected == list(range(1, 151))
    assert all(isinstance(e["version"], int) for e in feed.read(100, wait_seconds=1))
