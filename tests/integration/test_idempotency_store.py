"""The idempotency-record contract, run against SQLite and Redis."""

from __future__ import annotations

import time

import pytest

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
