"""The outbox: subscriptions, the outbox projection's messages and tracking, and the
deliveries derived from them with every attempt; in a SQLite file (one host) or in
PostgreSQL (an installation of several hosts), with the same SQL and the same rules.

The projection runner writes a batch of messages and its new position in one
transaction, and in that same transaction derives a delivery for each message and each
subscription that wants it: a delivery exists if and only if its event does, and a batch
applied twice is refused by its position like any view's. Senders claim due deliveries
under a lease, so a sender killed mid-batch leaves them to be claimed again; on
PostgreSQL they claim with ``FOR UPDATE SKIP LOCKED``, so senders on several hosts never
hold one delivery at once.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from adapters.sqlite_threads import ThreadConnections
from domain.errors import NotFound
from projections.rows import Write, decode_row, encode_row
from projections.store import APPLICATION, PositionConflict, StoreUnavailable, apply_each

SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_tracking (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_identity (name TEXT PRIMARY KEY, identity TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_rows (tbl TEXT, key TEXT, doc TEXT NOT NULL,
    PRIMARY KEY (tbl, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox_messages (key TEXT PRIMARY KEY, position INTEGER NOT NULL,
    organisation TEXT NOT NULL, topic TEXT NOT NULL, aggregate_id TEXT NOT NULL,
    at TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_messages_by_org ON outbox_messages (organisation, position);
CREATE TABLE IF NOT EXISTS subscriptions (subscription_id TEXT PRIMARY KEY,
    organisation TEXT NOT NULL, channel TEXT NOT NULL, url TEXT, person_id TEXT,
    topics TEXT NOT NULL, digest INTEGER NOT NULL DEFAULT 0, label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, deleted_at TEXT);
CREATE TABLE IF NOT EXISTS subscription_secrets (subscription_id TEXT NOT NULL,
    secret TEXT NOT NULL, created_at TEXT NOT NULL, expires_at REAL);
CREATE TABLE IF NOT EXISTS deliveries (delivery_id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL, organisation TEXT NOT NULL, message_key TEXT NOT NULL,
    position INTEGER NOT NULL, aggregate_id TEXT NOT NULL, topic TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL,
    leased_until REAL NOT NULL DEFAULT 0, created REAL NOT NULL, delivered_at TEXT,
    last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at);
CREATE INDEX IF NOT EXISTS deliveries_in_order
    ON deliveries (subscription_id, aggregate_id, status, position);
CREATE INDEX IF NOT EXISTS deliveries_by_org ON deliveries (organisation, position);
CREATE TABLE IF NOT EXISTS delivery_attempts (delivery_id TEXT NOT NULL, number INTEGER NOT NULL,
    at TEXT NOT NULL, outcome TEXT NOT NULL, status_code INTEGER, error TEXT NOT NULL,
    seconds REAL NOT NULL, PRIMARY KEY (delivery_id, number)) WITHOUT ROWID;
"""
POSTGRES_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox_tracking (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_identity (name TEXT PRIMARY KEY, identity TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox_rows (tbl TEXT, key TEXT, doc TEXT NOT NULL,
    PRIMARY KEY (tbl, key));
CREATE TABLE IF NOT EXISTS outbox_messages (key TEXT PRIMARY KEY, position BIGINT NOT NULL,
    organisation TEXT NOT NULL, topic TEXT NOT NULL, aggregate_id TEXT NOT NULL,
    at TEXT NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_messages_by_org ON outbox_messages (organisation, position);
CREATE TABLE IF NOT EXISTS subscriptions (subscription_id TEXT PRIMARY KEY,
    organisation TEXT NOT NULL, channel TEXT NOT NULL, url TEXT, person_id TEXT,
    topics TEXT NOT NULL, digest INTEGER NOT NULL DEFAULT 0, label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, deleted_at TEXT);
CREATE TABLE IF NOT EXISTS subscription_secrets (subscription_id TEXT NOT NULL,
    secret TEXT NOT NULL, created_at TEXT NOT NULL, expires_at DOUBLE PRECISION,
    seq BIGSERIAL);
CREATE TABLE IF NOT EXISTS deliveries (delivery_id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL, organisation TEXT NOT NULL, message_key TEXT NOT NULL,
    position BIGINT NOT NULL, aggregate_id TEXT NOT NULL, topic TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_at DOUBLE PRECISION NOT NULL, leased_until DOUBLE PRECISION NOT NULL DEFAULT 0,
    created DOUBLE PRECISION NOT NULL, delivered_at TEXT, last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_at);
CREATE INDEX IF NOT EXISTS deliveries_in_order
    ON deliveries (subscription_id, aggregate_id, status, position);
CREATE INDEX IF NOT EXISTS deliveries_by_org ON deliveries (organisation, position);
CREATE TABLE IF NOT EXISTS delivery_attempts (delivery_id TEXT NOT NULL, number INTEGER NOT NULL,
    at TEXT NOT NULL, outcome TEXT NOT NULL, status_code INTEGER, error TEXT NOT NULL,
    seconds DOUBLE PRECISION NOT NULL, PRIMARY KEY (delivery_id, number));
"""
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_SUBSCRIPTION = ("subscription_id, organisation, channel, url, person_id, topics, digest, "
                 "label, created_at, deleted_at")
_DELIVERY = ("d.delivery_id, d.subscription_id, d.organisation, d.position, d.aggregate_id, "
             "d.topic, d.status, d.attempts, d.next_at, d.created, d.delivered_at, "
             "d.last_error, m.doc, m.at")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Subscription:
    """Where an organisation's messages go: its webhook, or one person's mailbox."""

    subscription_id: str
    organisation: str
    channel: str
    url: str | None
    person_id: str | None
    topics: tuple[str, ...]
    digest: bool
    label: str
    created_at: str
    deleted_at: str | None = None

    @classmethod
    def from_row(cls, row: tuple) -> Subscription:
        sid, org, channel, url, person, topics, digest, label, created, deleted = row
        return cls(sid, org, channel, url, person, tuple(topics.split(",")), bool(digest),
                   label, created, deleted)

    def wants(self, message: dict) -> bool:
        return (self.deleted_at is None and message["organisation"] == self.organisation
                and message["topic"] in self.topics and message["at"] >= self.created_at)

    def to_dict(self) -> dict:
        return {**asdict(self), "topics": list(self.topics)}


@dataclass(frozen=True)
class Delivery:
    """One message to one subscription, and how its delivery stands."""

    delivery_id: str
    subscription_id: str
    organisation: str
    position: int
    aggregate_id: str
    topic: str
    status: str
    attempts: int
    next_at: float
    created: float
    delivered_at: str | None
    last_error: str
    message: dict
    at: str

    @classmethod
    def from_row(cls, row: tuple) -> Delivery:
        return cls(*row[:12], decode_row(row[12]), row[13])

    def to_dict(self) -> dict:
        return {"delivery_id": self.delivery_id, "subscription_id": self.subscription_id,
                "organisation": self.organisation, "position": self.position,
                "aggregate_id": self.aggregate_id, "topic": self.topic, "status": self.status,
                "attempts": self.attempts, "created_at": _iso(self.created),
                "next_attempt_at": _iso(self.next_at) if self.status == "pending" else None,
                "delivered_at": self.delivered_at, "last_error": self.last_error,
                "recorded_at": self.at}


def next_digest(clock: float, hour: int) -> float:
    """The next moment it is ``hour`` o'clock in the Netherlands (the daily digest's)."""
    here = datetime.fromtimestamp(clock, AMSTERDAM)
    moment = here.replace(hour=hour, minute=0, second=0, microsecond=0)
    if moment <= here:
        moment = (moment + timedelta(days=1)).replace(hour=hour)
    return moment.timestamp()


def delivery_id(position: int, subscription_id: str) -> str:
    """Stable for good: every attempt, retry and replay of a message carries the same id."""
    return f"msg_{position}_{subscription_id}"


DELIVERY_COLUMNS = ("delivery_id", "subscription_id", "organisation", "message_key",
                    "position", "aggregate_id", "topic", "status", "attempts", "next_at",
                    "leased_until", "created", "delivered_at", "last_error")


def derive(messages: list[dict], subscriptions: list[Subscription], clock: float,
           digest_hour: int, replace: bool = False) -> list[tuple]:
    """The delivery rows (as DELIVERY_COLUMNS) of these messages: one per message and
    subscription that wants it (or every subscription given, for a replay); a digest's
    wait until its hour, the others are due at once."""
    digest = next_digest(clock, digest_hour)
    return [(delivery_id(m["position"], s.subscription_id), s.subscription_id,
             s.organisation, m["key"], m["position"], m["aggregate_id"], m["topic"],
             "pending", 0, digest if s.digest else clock, 0, clock, None, "")
            for m in messages for s in subscriptions if replace or s.wants(m)]


class SqlOutbox:
    """The outbox store, whatever holds it: a tracking store for the runner, and the
    senders' work list. Its SQL is written once, with ``?`` for parameters; a backend
    gives it connections and transactions, and the one place where they differ: how a
    sender claims rows that another sender may be claiming at the same moment."""

    digest_hour: int
    CLAIM_LOCK = ""  # what a claiming SELECT adds so two senders never take one row
    SECRET_ORDER = "rowid"  # the order in which secrets were added

    def _read(self) -> Any:
        """A context giving a cursor outside any transaction."""
        raise NotImplementedError

    def _write(self) -> Any:
        """A context giving a cursor inside one transaction, committed at its end."""
        raise NotImplementedError

    def _lock_tracking(self, db: Any) -> None:
        """Hold back every other writer of a position until this transaction ends."""

    def close(self) -> None:
        raise NotImplementedError

    # --- tracking: what the projection runner needs ---------------------------------------

    def identity(self) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT identity FROM outbox_identity WHERE name = ?",
                             (APPLICATION,)).fetchone()
        return row[0] if row else None

    def claim(self, identity: str, replace: bool = False) -> str:
        with self._write() as db:
            action = "UPDATE SET identity = excluded.identity" if replace else "NOTHING"
            db.execute("INSERT INTO outbox_identity VALUES (?, ?) ON CONFLICT (name) "
                       f"DO {action}", (APPLICATION, identity))
            return db.execute("SELECT identity FROM outbox_identity WHERE name = ?",
                              (APPLICATION,)).fetchone()[0]

    def position(self, projection: str, space: str | None = None) -> int | None:
        with self._read() as db:
            row = db.execute("SELECT position FROM outbox_tracking WHERE name = ?",
                             (projection,)).fetchone()
        return row[0] if row else None

    def get_many(self, table: str, keys: Iterable[str],
                 space: str | None = None) -> dict[str, dict]:
        keys, found = list(keys), {}
        with self._read() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, doc in db.execute(
                        f"SELECT key, doc FROM outbox_rows WHERE tbl = ? AND key IN ({marks})",
                        (table, *chunk)).fetchall():
                    found[key] = decode_row(doc)
        return found

    def apply(self, projection: str, writes: Sequence[Write], position: int,
              expected: int | None, space: str | None = None) -> None:
        with self._write() as db:
            self._apply_in(db, projection, writes, position, expected)

    def apply_all(self, batches: Sequence[tuple]) -> list[PositionConflict | None]:
        return apply_each(self.apply, batches)

    def _apply_in(self, db: Any, projection: str, writes: Sequence[Write], position: int,
                  expected: int | None) -> None:
        self._lock_tracking(db)
        row = db.execute("SELECT position FROM outbox_tracking WHERE name = ?",
                         (projection,)).fetchone()
        current = row[0] if row else None
        if current != expected:
            raise PositionConflict(f"{projection} is at {current}, not {expected}")
        if current is not None and position <= current:
            raise PositionConflict(f"{projection} is already at {current}")
        messages = [w.doc for w in writes if w.table == "messages" and w.doc]
        rows = [(w.table, w.key, encode_row(w.doc)) for w in writes
                if w.table != "messages" and w.doc]
        if rows:
            db.executemany("INSERT INTO outbox_rows VALUES (?, ?, ?) ON CONFLICT (tbl, key) "
                           "DO UPDATE SET doc = excluded.doc", rows)
        gone = [(w.table, w.key) for w in writes if w.doc is None]
        if gone:
            db.executemany("DELETE FROM outbox_rows WHERE tbl = ? AND key = ?", gone)
        if messages:
            db.executemany("INSERT INTO outbox_messages VALUES (?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (key) DO NOTHING",
                           [(m["key"], m["position"], m["organisation"], m["topic"],
                             m["aggregate_id"], m["at"], encode_row(m)) for m in messages])
            self._derive(db, messages, self._subscriptions(db))
        db.execute("INSERT INTO outbox_tracking VALUES (?, ?) ON CONFLICT (name) "
                   "DO UPDATE SET position = excluded.position", (projection, position))

    def _derive(self, db: Any, messages: list[dict], subscriptions: list[Subscription],
                replace: bool = False) -> int:
        rows = derive(messages, subscriptions, time.time(), self.digest_hour, replace)
        action = ("UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in DELIVERY_COLUMNS[1:])
                  if replace else "NOTHING")
        if rows:
            db.executemany(f"INSERT INTO deliveries ({', '.join(DELIVERY_COLUMNS)}) VALUES "
                           f"({', '.join('?' * len(DELIVERY_COLUMNS))}) "
                           f"ON CONFLICT (delivery_id) DO {action}", rows)
        return len(rows)

    # --- subscriptions ------------------------------------------------------------------

    def _subscriptions(self, db: Any, organisation: str | None = None,
                       include_deleted: bool = False) -> list[Subscription]:
        sql = f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE 1 = 1"
        params: list = []
        if organisation is not None:
            sql, params = sql + " AND organisation = ?", [organisation]
        if not include_deleted:
            sql += " AND deleted_at IS NULL"
        return [Subscription.from_row(row) for row in db.execute(
            sql + " ORDER BY created_at, subscription_id", params).fetchall()]

    def add_subscription(self, subscription: Subscription, secret: str | None) -> Subscription:
        row = asdict(subscription)
        row["topics"], row["digest"] = ",".join(subscription.topics), int(subscription.digest)
        with self._write() as db:
            db.execute(f"INSERT INTO subscriptions ({_SUBSCRIPTION}) VALUES "
                       f"({', '.join('?' * 10)})", tuple(row.values()))
            if secret:
                db.execute("INSERT INTO subscription_secrets (subscription_id, secret, "
                           "created_at, expires_at) VALUES (?, ?, ?, NULL)",
                           (subscription.subscription_id, secret, subscription.created_at))
        return subscription

    def subscriptions(self, organisation: str | None = None,
                      include_deleted: bool = False) -> list[Subscription]:
        with self._read() as db:
            return self._subscriptions(db, organisation, include_deleted)

    def subscription(self, subscription_id: str) -> Subscription | None:
        with self._read() as db:
            row = db.execute(f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE "
                             "subscription_id = ?", (subscription_id,)).fetchone()
        return Subscription.from_row(row) if row else None

    def delete_subscription(self, subscription_id: str) -> Subscription:
        """Stop a subscription; what it has not yet received is cancelled."""
        with self._write() as db:
            db.execute("UPDATE subscriptions SET deleted_at = ? WHERE subscription_id = ? "
                       "AND deleted_at IS NULL", (now_iso(), subscription_id))
            db.execute("UPDATE deliveries SET status = 'cancelled' WHERE subscription_id = ? "
                       "AND status = 'pending'", (subscription_id,))
        found = self.subscription(subscription_id)
        if found is None:
            raise NotFound(f"no subscription {subscription_id}")
        return found

    def secrets(self, subscription_id: str, at: float | None = None) -> list[str]:
        """The secrets that sign now: the newest first, then any still in their overlap."""
        at = time.time() if at is None else at
        with self._read() as db:
            return [secret for (secret,) in db.execute(
                "SELECT secret FROM subscription_secrets WHERE subscription_id = ? AND "
                "(expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, "
                f"{self.SECRET_ORDER} DESC", (subscription_id, at)).fetchall()]

    def rotate_secret(self, subscription_id: str, secret: str, overlap: float) -> float:
        """A new secret signs from now on; the old ones sign beside it for ``overlap``
        seconds, so a receiver can switch without missing a message. Returns their end."""
        until = time.time() + overlap
        with self._write() as db:
            db.execute("UPDATE subscription_secrets SET expires_at = ? WHERE "
                       "subscription_id = ? AND (expires_at IS NULL OR expires_at > ?)",
                       (until, subscription_id, until))
            db.execute("INSERT INTO subscription_secrets (subscription_id, secret, created_at, "
                       "expires_at) VALUES (?, ?, ?, NULL)", (subscription_id, secret, now_iso()))
        return until

    # --- deliveries: the senders' side ---------------------------------------------------

    def claim_due(self, limit: int, lease: float,
                  channel: str | None = None) -> list[tuple[Delivery, Subscription]]:
        """Due deliveries, each the oldest undelivered of its note for its subscription
        (so a note's messages arrive in event order), leased to the caller."""
        clock = time.time()
        channel_filter = "AND s.channel = ?" if channel else ""
        with self._write() as db:
            rows = db.execute(
                f"SELECT {_DELIVERY}, {', '.join('s.' + c for c in _SUBSCRIPTION.split(', '))} "
                "FROM deliveries d JOIN outbox_messages m ON m.key = d.message_key "
                "JOIN subscriptions s ON s.subscription_id = d.subscription_id "
                f"WHERE d.status = 'pending' AND d.next_at <= ? AND d.leased_until <= ? "
                f"AND s.digest = 0 {channel_filter} AND NOT EXISTS (SELECT 1 FROM deliveries e "
                "WHERE e.subscription_id = d.subscription_id AND e.aggregate_id = d.aggregate_id "
                "AND e.status = 'pending' AND e.position < d.position) "
                f"ORDER BY d.next_at, d.position LIMIT ?{self.CLAIM_LOCK}",
                (clock, clock, *([channel] if channel else []), limit)).fetchall()
            if rows:
                db.executemany("UPDATE deliveries SET leased_until = ? WHERE delivery_id = ?",
                               [(clock + lease, row[0]) for row in rows])
        return [(Delivery.from_row(row[:14]), Subscription.from_row(row[14:])) for row in rows]

    def due_digests(self) -> list[Subscription]:
        """The digest subscriptions with something due (their time of day has come)."""
        clock = time.time()
        with self._read() as db:
            return [Subscription.from_row(row) for row in db.execute(
                f"SELECT {_SUBSCRIPTION} FROM subscriptions WHERE digest = 1 AND "
                "subscription_id IN (SELECT subscription_id FROM deliveries WHERE "
                "status = 'pending' AND next_at <= ? AND leased_until <= ?)",
                (clock, clock)).fetchall()]

    def claim_digest(self, subscription_id: str, lease: float) -> list[Delivery]:
        """Every due delivery of one digest subscription, oldest first, leased together."""
        clock = time.time()
        with self._write() as db:
            rows = db.execute(
                f"SELECT {_DELIVERY} FROM deliveries d JOIN outbox_messages m ON "
                "m.key = d.message_key WHERE d.subscription_id = ? AND d.status = 'pending' "
                "AND d.next_at <= ? AND d.leased_until <= ? ORDER BY d.position"
                f"{self.CLAIM_LOCK}", (subscription_id, clock, clock)).fetchall()
            if rows:
                db.executemany("UPDATE deliveries SET leased_until = ? WHERE delivery_id = ?",
                               [(clock + lease, row[0]) for row in rows])
        return [Delivery.from_row(row) for row in rows]

    def record(self, delivery: Delivery, outcome: str, status_code: int | None, error: str,
               seconds: float, retry_at: float | None) -> str:
        """One attempt and where it leaves the delivery: delivered, pending again at
        ``retry_at``, or dead (``retry_at`` None after a failure)."""
        return self.record_many([(delivery, outcome, status_code, error, seconds, retry_at)])[0]

    def record_many(self, attempts: Sequence[tuple]) -> list[str]:
        """Several attempts (as ``record`` takes them) in one transaction."""
        statuses, at, clock = [], now_iso(), time.time()
        made, moved = [], []
        for delivery, outcome, status_code, error, seconds, retry_at in attempts:
            status = ("delivered" if outcome == "delivered"
                      else "pending" if retry_at is not None else "dead")
            made.append((delivery.delivery_id, delivery.attempts + 1, at, outcome,
                         status_code, error[:500], seconds))
            moved.append((status, delivery.attempts + 1, retry_at or clock,
                          at if status == "delivered" else None, error[:500],
                          delivery.delivery_id))
            statuses.append(status)
        if not made:
            return statuses
        with self._write() as db:  # two statements for the lot (one round trip each batch)
            db.executemany("INSERT INTO delivery_attempts VALUES (?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (delivery_id, number) DO UPDATE SET at = excluded.at, "
                           "outcome = excluded.outcome, status_code = excluded.status_code, "
                           "error = excluded.error, seconds = excluded.seconds", made)
            db.executemany("UPDATE deliveries SET status = ?, attempts = ?, next_at = ?, "
                           "leased_until = 0, delivered_at = ?, last_error = ? "
                           "WHERE delivery_id = ? AND status = 'pending'", moved)
        return statuses

    def deliveries(self, organisation: str | None = None, status: str | None = None,
                   subscription_id: str | None = None, offset: int = 0,
                   limit: int = 50) -> tuple[int, list[Delivery]]:
        """Deliveries, newest first, with how many match."""
        where, params = ["1 = 1"], []
        for column, value in (("d.organisation", organisation), ("d.status", status),
                              ("d.subscription_id", subscription_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = " AND ".join(where)
        with self._read() as db:
            total = db.execute(f"SELECT COUNT(*) FROM deliveries d WHERE {sql}",
                               params).fetchone()
            rows = db.execute(f"SELECT {_DELIVERY} FROM deliveries d JOIN outbox_messages m "
                              f"ON m.key = d.message_key WHERE {sql} ORDER BY d.position DESC, "
                              "d.delivery_id LIMIT ? OFFSET ?",
                              (*params, limit, offset)).fetchall()
        return total[0], [Delivery.from_row(row) for row in rows]

    def delivery(self, delivery_id: str) -> Delivery | None:
        with self._read() as db:
            row = db.execute(f"SELECT {_DELIVERY} FROM deliveries d JOIN outbox_messages "
                             "m ON m.key = d.message_key WHERE d.delivery_id = ?",
                             (delivery_id,)).fetchone()
        return Delivery.from_row(row) if row else None

    def attempts(self, delivery_id: str) -> list[dict]:
        columns = ("number", "at", "outcome", "status_code", "error", "seconds")
        with self._read() as db:
            return [dict(zip(columns, row, strict=True)) for row in db.execute(
                f"SELECT {', '.join(columns)} FROM delivery_attempts WHERE delivery_id = ? "
                "ORDER BY number", (delivery_id,)).fetchall()]

    def retry(self, delivery_ids: Sequence[str] = (), organisation: str | None = None) -> int:
        """Dead-lettered deliveries (these, or all of an organisation's, or all) sent again
        from a fresh count of attempts."""
        sql = "UPDATE deliveries SET status = 'pending', attempts = 0, next_at = ?, " \
              "leased_until = 0, last_error = '' WHERE status = 'dead'"
        params: list = [time.time()]
        if delivery_ids:
            sql += f" AND delivery_id IN ({', '.join('?' * len(delivery_ids))})"
            params += list(delivery_ids)
        if organisation is not None:
            sql, params = sql + " AND organisation = ?", [*params, organisation]
        with self._write() as db:
            return db.execute(sql, params).rowcount

    def replay(self, subscription_id: str, after: int = 0, until: int | None = None) -> int:
        """Every message of the subscription's organisation and topics in the range, sent
        to it again under its own stable id (receivers that kept it deduplicate)."""
        subscription = self.subscription(subscription_id)
        if subscription is None or subscription.deleted_at:
            raise NotFound(f"no subscription {subscription_id}")
        marks = ", ".join("?" * len(subscription.topics))
        with self._write() as db:
            messages = [decode_row(doc) for (doc,) in db.execute(
                f"SELECT doc FROM outbox_messages WHERE organisation = ? AND topic IN ({marks})"
                " AND position > ? AND position <= ? ORDER BY position",
                (subscription.organisation, *subscription.topics, after,
                 until if until is not None else 2 ** 62)).fetchall()]
            return self._derive(db, messages, [subscription], replace=True)

    def stats(self) -> dict:
        """Deliveries by status, and the age in seconds of the oldest pending one."""
        with self._read() as db:
            counts = dict(db.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status"
                                     ).fetchall())
            oldest = db.execute("SELECT MIN(created) FROM deliveries WHERE status = 'pending'"
                                ).fetchone()[0]
        return {"by_status": {s: counts.get(s, 0) for s in
                              ("pending", "delivered", "dead", "cancelled")},
                "oldest_pending_seconds": max(0.0, time.time() - oldest) if oldest else 0.0}

    def local_key(self) -> bytes:
        """This outbox's own key for unsubscribe links, made once (when none is set)."""
        import secrets

        with self._write() as db:
            db.execute("INSERT INTO outbox_identity VALUES ('unsubscribe-key', ?) "
                       "ON CONFLICT (name) DO NOTHING", (secrets.token_hex(32),))
            return bytes.fromhex(db.execute("SELECT identity FROM outbox_identity WHERE "
                                            "name = 'unsubscribe-key'").fetchone()[0])


class SQLiteOutbox(SqlOutbox):
    """The outbox in a SQLite file: the API and the senders on one host share it."""

    def __init__(self, path: str | Path, digest_hour: int = 7) -> None:
        self.path = str(path)
        self.digest_hour = digest_hour
        self._threads = ThreadConnections(path)
        self._db().executescript(SQLITE_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        return self._threads.get()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        yield self._db()

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        """One writer at a time, so a claim or a position is never raced."""
        return self._threads.immediate("outbox")

    def close(self) -> None:
        self._threads.close()


class _Cursor:
    """A psycopg cursor that takes the shared SQL's ``?`` parameters."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence = ()) -> Any:
        return self._cursor.execute(sql.replace("?", "%s"), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> Any:
        return self._cursor.executemany(sql.replace("?", "%s"), rows)


class PostgresOutbox(SqlOutbox):
    """The outbox in PostgreSQL, in a schema of its own: the API, the outbox projection
    and any number of senders on any number of hosts share it. A batch's position and its
    deliveries commit together under a lock on the tracking table; senders claim with
    ``FOR UPDATE SKIP LOCKED``, so two never lease one delivery."""

    CLAIM_LOCK = " FOR UPDATE OF d SKIP LOCKED"
    SECRET_ORDER = "seq"

    def __init__(self, conninfo: str, schema: str = "outbox", digest_hour: int = 7,
                 pool_size: int = 8) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo
        from psycopg_pool import PoolTimeout

        from adapters.pg import small_pool

        self.schema, self.digest_hour = schema, digest_hour
        self._errors = (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout)
        try:  # one process at a time makes the schema (CREATE ... IF NOT EXISTS races)
            with psycopg.connect(conninfo, autocommit=True) as db, db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{schema}.outbox",))
                db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                db.execute(f'SET LOCAL search_path TO "{schema}"')
                for statement in filter(str.strip, POSTGRES_SCHEMA.split(";")):
                    db.execute(statement)
        except self._errors as error:
            raise StoreUnavailable(f"outbox in PostgreSQL: {error}") from error
        self._pool = small_pool(make_conninfo(conninfo, options=f"-c search_path={schema}"),
                                max_size=pool_size)

    @contextmanager
    def _read(self) -> Iterator[_Cursor]:
        try:
            with self._pool.connection() as connection:
                yield _Cursor(connection.cursor())
        except self._errors as error:
            raise StoreUnavailable(f"outbox in PostgreSQL: {error}") from error

    @contextmanager
    def _write(self) -> Iterator[_Cursor]:
        try:
            with self._pool.connection() as connection, connection.transaction():
                yield _Cursor(connection.cursor())
        except self._errors as error:
            raise StoreUnavailable(f"outbox in PostgreSQL: {error}") from error

    def _lock_tracking(self, db: Any) -> None:
        # EXCLUSIVE lets readers read and makes every other applier wait for this one's
        # commit, so a position is never applied twice, even by two runners on two hosts
        db.execute("LOCK TABLE outbox_tracking IN EXCLUSIVE MODE")

    def close(self) -> None:
        self._pool.close()
