"""Idempotency records: the first response to a keyed request, in Redis or SQLite, with a TTL."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

NEW, IN_FLIGHT, DONE, MISMATCH = "new", "in_flight", "done", "mismatch"
DAY = 24 * 3600
IN_FLIGHT_SECONDS = 60


@dataclass(frozen=True)
class Claim:
    """What a key holds: nothing yet (now ours), a request in flight, a stored response."""

    state: str
    status: int | None = None
    body: str = ""
    headers: dict = field(default_factory=dict)


def _from_record(record: dict, fingerprint: str) -> Claim:
    if record["fingerprint"] != fingerprint:
        return Claim(MISMATCH)
    if record["state"] == IN_FLIGHT:
        return Claim(IN_FLIGHT)
    return Claim(DONE, record["status"], record["body"], record["headers"])


class RecordsUnavailable(Exception):
    """The store of idempotency records is not answering."""


class IdempotencyStore(ABC):
    """Claims a key for one request and keeps that request's response for ``ttl`` seconds."""

    def __init__(self, ttl: int = DAY, in_flight: int = IN_FLIGHT_SECONDS) -> None:
        self.ttl, self.in_flight = ttl, in_flight

    @abstractmethod
    def claim(self, scope: str, key: str, fingerprint: str) -> Claim:
        """Take the key if it is free (state NEW), else say what holds it; RecordsUnavailable
        when the store does not answer."""

    @abstractmethod
    def finish(self, scope: str, key: str, fingerprint: str, status: int, body: str,
               headers: dict) -> None:
        """Keep the response of the request that claimed the key."""

    @abstractmethod
    def release(self, scope: str, key: str) -> None:
        """Free a key whose request ended without a response worth keeping."""

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release connections."""


class RedisIdempotencyStore(IdempotencyStore):
    """Records as Redis strings that expire by themselves (production)."""

    def __init__(self, client, prefix: str = "notaledger:idempotency", **ttls: int) -> None:
        super().__init__(**ttls)
        self._redis, self._prefix = client, prefix
        self._set_and_get = True  # SET NX GET (Redis 7.0+): a held key read in the same trip
        self._local = threading.local()

    def _key(self, scope: str, key: str) -> str:
        return f"{self._prefix}:{scope}:{key}"

    def _client(self):
        """This thread's client, holding one connection of the given client's pool: each
        record's round trip then skips the pool's checkout (a lock, and a poll of the socket
        for stray data), about a third of a command's client CPU. A client that is not
        redis-py's own is used as given."""
        held = getattr(self._local, "client", None)
        if held is None:
            if not isinstance(self._redis, redis.Redis):
                return self._redis
            held = redis.Redis(connection_pool=self._redis.connection_pool,
                               single_connection_client=True)
            self._local.client = held  # returned to the pool when the thread ends
        return held

    def claim(self, scope: str, key: str, fingerprint: str) -> Claim:
        try:
            return self._claim(self._key(scope, key), fingerprint)
        except (RedisConnectionError, RedisTimeoutError) as error:
            raise RecordsUnavailable(f"Redis is not answering: {error}") from error
        except ResponseError as error:  # out of memory, a read-only replica: nothing kept
            raise RecordsUnavailable(f"Redis refuses to keep the record: {error}") from error

    def _claim(self, name: str, fingerprint: str) -> Claim:
        record = json.dumps({"fingerprint": fingerprint, "state": IN_FLIGHT})
        if self._set_and_get:
            try:
                held = self._client().set(name, record, nx=True, ex=self.in_flight, get=True)
            except ResponseError as error:  # a Redis before 7.0 refuses NX with GET
                if "syntax" not in str(error).lower():
                    raise  # a refusal of the write itself: the next claim tries again
                self._set_and_get = False
            else:
                return Claim(NEW) if held is None else _from_record(json.loads(held),
                                                                    fingerprint)
        for _ in range(3):
            if self._client().set(name, record, nx=True, ex=self.in_flight):
                return Claim(NEW)
            stored = self._client().get(name)
            if stored is not None:
                return _from_record(json.loads(stored), fingerprint)
        return Claim(IN_FLIGHT)

    def finish(self, scope: str, key: str, fingerprint: str, status: int, body: str,
               headers: dict) -> None:
        record = {"fingerprint": fingerprint, "state": DONE, "status": status, "body": body,
                  "headers": headers}
        self._client().set(self._key(scope, key), json.dumps(record), ex=self.ttl)

    def release(self, scope: str, key: str) -> None:
        self._client().delete(self._key(scope, key))


class SQLiteIdempotencyStore(IdempotencyStore):
    """Records in a SQLite file (the embedded default); expired rows count as absent."""

    _CREATE = ("CREATE TABLE IF NOT EXISTS idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, "
               "record TEXT NOT NULL, expires_at REAL NOT NULL, PRIMARY KEY (scope, key))")

    def __init__(self, path: str | Path, **ttls: int) -> None:
        super().__init__(**ttls)
        self._path = str(path)
        self._local = threading.local()
        self._claims = 0
        self._db().execute(self._CREATE)

    def _db(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self._path, timeout=10, isolation_level=None)
            self._local.db.execute("PRAGMA journal_mode=WAL")
        return self._local.db

    def claim(self, scope: str, key: str, fingerprint: str) -> Claim:
        db, now = self._db(), time.time()
        record = json.dumps({"fingerprint": fingerprint, "state": IN_FLIGHT})
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM idempotency WHERE scope = ? AND key = ? AND expires_at < ?",
                       (scope, key, now))
            inserted = db.execute("INSERT OR IGNORE INTO idempotency VALUES (?, ?, ?, ?)",
                                  (scope, key, record, now + self.in_flight)).rowcount
            row = None if inserted else db.execute(
                "SELECT record FROM idempotency WHERE scope = ? AND key = ?", (scope, key)
            ).fetchone()
            self._sweep(db, now)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return Claim(NEW) if inserted else _from_record(json.loads(row[0]), fingerprint)

    def _sweep(self, db: sqlite3.Connection, now: float) -> None:
        """Now and then, drop every expired record so the file stays small."""
        self._claims += 1
        if self._claims % 500 == 0:
            db.execute("DELETE FROM idempotency WHERE expires_at < ?", (now,))

    def finish(self, scope: str, key: str, fingerprint: str, status: int, body: str,
               headers: dict) -> None:
        record = {"fingerprint": fingerprint, "state": DONE, "status": status, "body": body,
                  "headers": headers}
        self._db().execute("UPDATE idempotency SET record = ?, expires_at = ? "
                           "WHERE scope = ? AND key = ?",
                           (json.dumps(record), time.time() + self.ttl, scope, key))

    def release(self, scope: str, key: str) -> None:
        self._db().execute("DELETE FROM idempotency WHERE scope = ? AND key = ?", (scope, key))
