"""The idempotency-record contract, run against SQLite and Redis."""

from __future__ import annotations

import gc
import threading
import time

import pytest
import redis

from adapters.idempotency import RedisIdempotencyStore, SQLiteIdempotencyStore


@pytest.fixture(params=["sqlite", "redis"])
def records(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteIdempotencyStore(tmp_path / "idem.sqlite", ttl=2, in_flight=1)
    return RedisIdempotencyStore(request.getfixturevalue("redis_client"), ttl=2, in_flight=1)


def test_the_first_claim_takes_the_key_and_a_second_sees_it_in_flight(records):
    assert records.claim("k1", "a", "print").state == "new"
    assert records.claim("k1", "a", "print").state == "in_flight"


def test_a_finished_request_is_answered_again_from_its_record(records):
    records.claim("k1", "a", "print")
    records.finish("k1", "a", "print", 201, '{"version": 1}', {"ETag": '"1"'})
    held = records.claim("k1", "a", "print")
    assert (held.state, held.status, held.body, held.headers) == (
        "done", 201, '{"version": 1}', {"ETag": '"1"'})


def test_another_request_under_the_same_key_is_a_mismatch(records):
    records.claim("k1", "a", "print")
    assert records.claim("k1", "a", "other print").state == "mismatch"


def test_keys_are_scoped_per_caller(records):
    records.claim("k1", "a", "print")
    assert records.claim("k2", "a", "print").state == "new"


def test_a_released_key_can_be_claimed_again(records):
    records.claim("k1", "a", "print")
    records.release("k1", "a")
    assert records.claim("k1", "a", "print").state == "new"


def test_records_expire_after_their_ttl(records):
    records.claim("k1", "a", "print")
    records.finish("k1", "a", "print", 200, "{}", {})
    records.claim("k1", "b", "print")  # left in flight, as by a crashed worker
    time.sleep(2.2)
    assert records.claim("k1", "a", "print").state == "new"
    assert records.claim("k1", "b", "print").state == "new"


def test_a_held_key_is_read_in_the_claims_own_round_trip(redis_client, monkeypatch):
    records = RedisIdempotencyStore(redis_client, ttl=2, in_flight=1)
    records.claim("k1", "a", "print")
    records.finish("k1", "a", "print", 200, "{}", {})
    sent = []
    execute = redis.Redis.execute_command
    monkeypatch.setattr(redis.Redis, "execute_command", lambda client, *args, **kwargs: (
        sent.append(args[0]), execute(client, *args, **kwargs))[1])
    assert records.claim("k1", "a", "print").state == "done"
    assert records.claim("k1", "a", "other print").state == "mismatch"
    assert sent == ["SET", "SET"]


def test_each_thread_keeps_one_connection_of_the_clients_pool(redis_client):
    records = RedisIdempotencyStore(redis_client, ttl=2, in_flight=1)
    pool = redis_client.connection_pool
    records.claim("k1", "a", "print")
    in_use = len(pool._in_use_connections)
    records.finish("k1", "a", "print", 200, "{}", {})
    records.claim("k1", "b", "print")
    assert in_use == len(pool._in_use_connections) == 1

    def other_thread():
        records.claim("k1", "c", "print")
        assert len(pool._in_use_connections) == 2

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    gc.collect()  # the ended thread's client gives its connection back
    assert len(pool._in_use_connections) == 1


def test_a_redis_without_set_nx_get_is_claimed_in_two_steps(redis_client):
    class Before7:
        """A client as a Redis before 7.0 answers: NX with GET is a syntax error."""

        def set(self, *args, get=False, **kwargs):
            if get:
                from redis.exceptions import ResponseError
                raise ResponseError("syntax error")
            return redis_client.set(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(redis_client, name)

    records = RedisIdempotencyStore(Before7(), ttl=2, in_flight=1)
    assert records.claim("k1", "a", "print").state == "new"
    assert records.claim("k1", "a", "print").state == "in_flight"
    records.finish("k1", "a", "print", 200, "{}", {})
    assert records.claim("k1", "a", "print").state == "done"


def test_a_redis_refusing_writes_is_unavailable_and_set_nx_get_stays(tmp_path):
    """Out of memory (as a read-only replica would) is 'records unavailable', not an
    unexplained error, and does not turn SET NX GET off for the rest of the process."""
    from adapters.idempotency import RecordsUnavailable
    from tests.integration.projection_fixtures import PrivateRedis

    server = PrivateRedis(tmp_path)
    server.start()
    try:
        client = redis.Redis(port=server.port, socket_timeout=2)
        records = RedisIdempotencyStore(client, ttl=2, in_flight=1)
        client.set("filler", "x" * 4096)
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", "1")
        with pytest.raises(RecordsUnavailable, match="refuses"):
            records.claim("k1", "a", "print")
        client.config_set("maxmemory", "0")
        assert records._set_and_get
        assert records.claim("k1", "a", "print").state == "new"
        assert records.claim("k1", "a", "print").state == "in_flight"
        client.close()
    finally:
        server.kill()
