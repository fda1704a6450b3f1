"""Audit stores: the global tree's subtrees and leaves, and the signed checkpoints.

In SQLite they live in the event store's own file, in PostgreSQL in its schema, so one
backup holds the log and what was signed over it. Table names start with
``notaledger_audit_``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Collection, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any, ClassVar
from uuid import UUID

from adapters.pg import conninfo, is_postgres, small_pool
from adapters.sqlite_store import is_sqlite
from domain.audit.checkpoint import DEFAULT_ORIGIN, Checkpoint
from domain.audit.log import LogReader, Record, RecorderReader
from domain.audit.note import Signature
from domain.audit.store import AuditStore, Leaf, Node, TreeMoved

PREFIX = "notaledger_audit"
_CHECKPOINT_COLUMNS = "number, size, root, time, key_id, signature, origin"


def _checkpoint(row: tuple) -> Checkpoint:
    number, size, root, time, key_id, signature, origin = row
    return Checkpoint(size=size, root=root, time=time, key_id=key_id, signature=signature,
                      number=number, origin=origin)


def _cosignature(row: tuple) -> Signature:
    return Signature.parse(row[0].rstrip("\n"))


class MemoryAuditStore(AuditStore):
    """The audit store in memory, beside the in-memory event store (tests, demos)."""

    def __init__(self) -> None:
        self._size, self._last = 0, None
        self._nodes: dict[Node, bytes] = {}
        self._leaves: list[Leaf] = []
        self._checkpoints: list[Checkpoint] = []
        self._cosignatures: dict[int, list[Signature]] = {}
        self._lock = threading.Lock()

    def tree_head(self) -> tuple[int, int | None]:
        return self._size, self._last

    def nodes(self, keys: Collection[Node]) -> dict[Node, bytes]:
        return {key: self._nodes[key] for key in keys if key in self._nodes}

    def extend(self, size: int, leaves: list[Leaf], nodes: list[tuple[int, int, bytes]],
               last_notification_id: int) -> None:
        with self._lock:
            if size != self._size:
                raise TreeMoved(f"the tree has {self._size} leaves, not {size}")
            self._leaves += leaves
            self._nodes.update(((level, index), value) for level, index, value in nodes)
            self._size, self._last = size + len(leaves), last_notification_id

    def leaf(self, aggregate_id: str, version: int) -> Leaf | None:
        return next((leaf for leaf in self._leaves
                     if (leaf.aggregate_id, leaf.version) == (aggregate_id, version)), None)

    def last_leaf(self, aggregate_id: str, below: int) -> Leaf | None:
        return next((leaf for leaf in reversed(self._leaves[:below])
                     if leaf.aggregate_id == aggregate_id), None)

    def leaves(self, start: int, stop: int) -> list[tuple[Leaf, bytes]]:
        return [(leaf, self._nodes[0, leaf.index]) for leaf in self._leaves[start:stop]]

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        with self._lock:
            numbered = replace(checkpoint, number=len(self._checkpoints) + 1)
            self._checkpoints.append(numbered)
        return numbered

    def checkpoints(self) -> list[Checkpoint]:
        return list(self._checkpoints)

    def add_cosignatures(self, number: int, signatures: list[Signature]) -> None:
        with self._lock:
            kept = self._cosignatures.setdefault(number, [])
            kept += [s for s in signatures if not any(k.by(s.name, s.key_id) for k in kept)]

    def cosignatures(self, number: int) -> list[Signature]:
        return list(self._cosignatures.get(number, []))


class SQLiteAuditStore(AuditStore):
    """The audit store in the SQLite file of the event store (the embedded default)."""

    def __init__(self, path: str, timeout: float = 10) -> None:
        self._path, self._timeout = path, timeout
        self._local = threading.local()
        db = self._db()
        db.executescript(f"""
            CREATE TABLE IF NOT EXISTS {PREFIX}_tree (id INTEGER PRIMARY KEY CHECK (id = 1),
                size INTEGER NOT NULL, last_notification_id INTEGER);
            INSERT OR IGNORE INTO {PREFIX}_tree VALUES (1, 0, NULL);
            CREATE TABLE IF NOT EXISTS {PREFIX}_nodes (level INTEGER, idx INTEGER,
                hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS {PREFIX}_leaves (idx INTEGER PRIMARY KEY,
                notification_id INTEGER NOT NULL, originator_id TEXT NOT NULL,
                originator_version INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS {PREFIX}_leaves_event
                ON {PREFIX}_leaves (originator_id, originator_version);
            CREATE TABLE IF NOT EXISTS {PREFIX}_checkpoints (
                number INTEGER PRIMARY KEY AUTOINCREMENT, size INTEGER NOT NULL,
                root TEXT NOT NULL, time TEXT NOT NULL, key_id TEXT NOT NULL,
                signature TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS {PREFIX}_cosignatures (number INTEGER NOT NULL,
                name TEXT NOT NULL, key_id TEXT NOT NULL, line TEXT NOT NULL,
                PRIMARY KEY (number, name, key_id));
        """)
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({PREFIX}_checkpoints)")}
        if "origin" not in columns:
            db.execute(f"ALTER TABLE {PREFIX}_checkpoints ADD COLUMN origin TEXT NOT NULL "
                       f"DEFAULT '{DEFAULT_ORIGIN}'")

    def _db(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self._path, timeout=self._timeout,
                                             isolation_level=None)
        return self._local.db

    def tree_head(self) -> tuple[int, int | None]:
        return self._db().execute(
            f"SELECT size, last_notification_id FROM {PREFIX}_tree").fetchone()

    def nodes(self, keys: Collection[Node]) -> dict[Node, bytes]:
        # Point lookups on the primary key: SQLite scans for a row-value IN over VALUES.
        db, found = self._db(), {}
        for key in keys:
            row = db.execute(f"SELECT hash FROM {PREFIX}_nodes WHERE level = ? AND idx = ?",
                             key).fetchone()
            if row:
                found[key] = bytes(row[0])
        return found

    def extend(self, size: int, leaves: list[Leaf], nodes: list[tuple[int, int, bytes]],
               last_notification_id: int) -> None:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            moved = db.execute(f"UPDATE {PREFIX}_tree SET size = ?, last_notification_id = ? "
                               "WHERE size = ?", (size + len(leaves), last_notification_id,
                                                  size)).rowcount != 1
            if moved:
                raise TreeMoved(f"the tree no longer has {size} leaves")
            db.executemany(f"INSERT INTO {PREFIX}_leaves VALUES (?,?,?,?)",
                           [(leaf.index, leaf.notification_id, leaf.aggregate_id, leaf.version)
                            for leaf in leaves])
            db.executemany(f"INSERT INTO {PREFIX}_nodes VALUES (?,?,?)", nodes)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def leaf(self, aggregate_id: str, version: int) -> Leaf | None:
        row = self._db().execute(
            f"SELECT idx, notification_id, originator_id, originator_version FROM "
            f"{PREFIX}_leaves WHERE originator_id = ? AND originator_version = ? "
            "ORDER BY idx LIMIT 1", (aggregate_id, version)).fetchone()
        return Leaf(*row) if row else None

    def last_leaf(self, aggregate_id: str, below: int) -> Leaf | None:
        row = self._db().execute(
            f"SELECT idx, notification_id, originator_id, originator_version FROM "
            f"{PREFIX}_leaves WHERE originator_id = ? AND idx < ? ORDER BY idx DESC LIMIT 1",
            (aggregate_id, below)).fetchone()
        return Leaf(*row) if row else None

    def leaves(self, start: int, stop: int) -> list[tuple[Leaf, bytes]]:
        rows = self._db().execute(
            f"SELECT l.idx, l.notification_id, l.originator_id, l.originator_version, n.hash "
            f"FROM {PREFIX}_leaves l JOIN {PREFIX}_nodes n ON n.level = 0 AND n.idx = l.idx "
            "WHERE l.idx >= ? AND l.idx < ? ORDER BY l.idx", (start, stop))
        return [(Leaf(*row[:4]), bytes(row[4])) for row in rows]

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        cursor = self._db().execute(
            f"INSERT INTO {PREFIX}_checkpoints (size, root, time, key_id, signature, origin) "
            "VALUES (?,?,?,?,?,?)", (checkpoint.size, checkpoint.root, checkpoint.time,
                                     checkpoint.key_id, checkpoint.signature,
                                     checkpoint.origin))
        return replace(checkpoint, number=cursor.lastrowid)

    def add_cosignatures(self, number: int, signatures: list[Signature]) -> None:
        self._db().executemany(
            f"INSERT OR IGNORE INTO {PREFIX}_cosignatures VALUES (?,?,?,?)",
            [(number, s.name, s.key_id.hex(), s.line()) for s in signatures])

    def cosignatures(self, number: int) -> list[Signature]:
        return [_cosignature(row) for row in self._db().execute(
            f"SELECT line FROM {PREFIX}_cosignatures WHERE number = ? ORDER BY name, key_id",
            (number,))]

    def checkpoints(self) -> list[Checkpoint]:
        rows = self._db().execute(
            f"SELECT {_CHECKPOINT_COLUMNS} FROM {PREFIX}_checkpoints ORDER BY number")
        return [_checkpoint(row) for row in rows]

    def latest_checkpoint(self) -> Checkpoint | None:
        row = self._db().execute(
            f"SELECT {_CHECKPOINT_COLUMNS} FROM {PREFIX}_checkpoints "
            "ORDER BY size DESC, number DESC LIMIT 1").fetchone()
        return _checkpoint(row) if row else None

    def checkpoint(self, number: int) -> Checkpoint | None:
        row = self._db().execute(
            f"SELECT {_CHECKPOINT_COLUMNS} FROM {PREFIX}_checkpoints WHERE number = ?",
            (number,)).fetchone()
        return _checkpoint(row) if row else None

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


class PostgresAuditStore(AuditStore):
    """The audit store in PostgreSQL, in the event store's database and schema."""

    def __init__(self, conninfo: str, schema: str = "public") -> None:
        self._pool = small_pool(conninfo)
        self._t = {name: f'"{schema}".{PREFIX}_{name}'
                   for name in ("tree", "nodes", "leaves", "checkpoints", "cosignatures")}
        t = self._t
        with self._pool.connection() as db, db.transaction():
            db.execute(f"SELECT pg_advisory_xact_lock(hashtext('{PREFIX}_schema'))")
            db.execute(f"CREATE TABLE IF NOT EXISTS {t['tree']} (id INTEGER PRIMARY KEY "
                       "CHECK (id = 1), size BIGINT NOT NULL, last_notification_id BIGINT)")
            db.execute(f"INSERT INTO {t['tree']} VALUES (1, 0, NULL) ON CONFLICT DO NOTHING")
            db.execute(f"CREATE TABLE IF NOT EXISTS {t['nodes']} (level SMALLINT, idx BIGINT, "
                       "hash BYTEA NOT NULL, PRIMARY KEY (level, idx))")
            db.execute(f"CREATE TABLE IF NOT EXISTS {t['leaves']} (idx BIGINT PRIMARY KEY, "
                       "notification_id BIGINT NOT NULL, originator_id TEXT NOT NULL, "
                       "originator_version BIGINT NOT NULL)")
            db.execute(f"CREATE INDEX IF NOT EXISTS {PREFIX}_leaves_event ON {t['leaves']} "
                       "(originator_id, originator_version)")
            db.execute(f"CREATE TABLE IF NOT EXISTS {t['checkpoints']} (number BIGSERIAL "
                       "PRIMARY KEY, size BIGINT NOT NULL, root TEXT NOT NULL, time TEXT NOT "
                       "NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL)")
            db.execute(f"ALTER TABLE {t['checkpoints']} ADD COLUMN IF NOT EXISTS origin TEXT "
                       f"NOT NULL DEFAULT '{DEFAULT_ORIGIN}'")
            db.execute(f"CREATE TABLE IF NOT EXISTS {t['cosignatures']} (number BIGINT NOT NULL, "
                       "name TEXT NOT NULL, key_id TEXT NOT NULL, line TEXT NOT NULL, "
                       "PRIMARY KEY (number, name, key_id))")

    def _one(self, query: str, parameters: tuple = ()) -> tuple | None:
        with self._pool.connection() as db:
            return db.execute(query, parameters).fetchone()

    def _all(self, query: str, parameters: tuple = ()) -> list[tuple]:
        with self._pool.connection() as db:
            return db.execute(query, parameters).fetchall()

    def tree_head(self) -> tuple[int, int | None]:
        return self._one(f"SELECT size, last_notification_id FROM {self._t['tree']}")

    def nodes(self, keys: Collection[Node]) -> dict[Node, bytes]:
        keys = list(keys)
        rows = self._all(
            f"SELECT n.level, n.idx, n.hash FROM {self._t['nodes']} n JOIN "
            "unnest(%s::smallint[], %s::bigint[]) AS k(level, idx) "
            "ON n.level = k.level AND n.idx = k.idx",
            ([level for level, _ in keys], [index for _, index in keys]))
        return {(level, idx): bytes(value) for level, idx, value in rows}

    def extend(self, size: int, leaves: list[Leaf], nodes: list[tuple[int, int, bytes]],
               last_notification_id: int) -> None:
        t = self._t
        with self._pool.connection() as db, db.transaction(), db.cursor() as cursor:
            cursor.execute(f"UPDATE {t['tree']} SET size = %s, last_notification_id = %s "
                           "WHERE size = %s", (size + len(leaves), last_notification_id, size))
            if cursor.rowcount != 1:
                raise TreeMoved(f"the tree no longer has {size} leaves")
            with cursor.copy(f"COPY {t['leaves']} (idx, notification_id, originator_id, "
                             "originator_version) FROM STDIN") as copy:
                for leaf in leaves:
                    copy.write_row((leaf.index, leaf.notification_id, leaf.aggregate_id,
                                    leaf.version))
            with cursor.copy(f"COPY {t['nodes']} (level, idx, hash) FROM STDIN") as copy:
                for node in nodes:
                    copy.write_row(node)

    def leaf(self, aggregate_id: str, version: int) -> Leaf | None:
        row = self._one(f"SELECT idx, notification_id, originator_id, originator_version FROM "
                        f"{self._t['leaves']} WHERE originator_id = %s AND "
                        "originator_version = %s ORDER BY idx LIMIT 1", (aggregate_id, version))
        return Leaf(*row) if row else None

    def last_leaf(self, aggregate_id: str, below: int) -> Leaf | None:
        row = self._one(f"SELECT idx, notification_id, originator_id, originator_version FROM "
                        f"{self._t['leaves']} WHERE originator_id = %s AND idx < %s "
                        "ORDER BY idx DESC LIMIT 1", (aggregate_id, below))
        return Leaf(*row) if row else None

    def leaves(self, start: int, stop: int) -> list[tuple[Leaf, bytes]]:
        rows = self._all(
            f"SELECT l.idx, l.notification_id, l.originator_id, l.originator_version, n.hash "
            f"FROM {self._t['leaves']} l JOIN {self._t['nodes']} n ON n.level = 0 AND "
            "n.idx = l.idx WHERE l.idx >= %s AND l.idx < %s ORDER BY l.idx", (start, stop))
        return [(Leaf(*row[:4]), bytes(row[4])) for row in rows]

    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        # numbered one past the last, not by the column's sequence: a sequence skips up to
        # 32 values after a crash, and an auditor would ask where those checkpoints went
        table = self._t["checkpoints"]
        row = self._one(f"INSERT INTO {table} (number, size, root, time, key_id, signature, "
                        f"origin) SELECT COALESCE(MAX(number), 0) + 1, %s, %s, %s, %s, %s, %s "
                        f"FROM {table} RETURNING number",
                        (checkpoint.size, checkpoint.root, checkpoint.time, checkpoint.key_id,
                         checkpoint.signature, checkpoint.origin))
        return replace(checkpoint, number=row[0])

    def add_cosignatures(self, number: int, signatures: list[Signature]) -> None:
        with self._pool.connection() as db, db.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self._t['cosignatures']} VALUES (%s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING",
                [(number, s.name, s.key_id.hex(), s.line()) for s in signatures])

    def cosignatures(self, number: int) -> list[Signature]:
        return [_cosignature(row) for row in self._all(
            f"SELECT line FROM {self._t['cosignatures']} WHERE number = %s "
            "ORDER BY name, key_id", (number,))]

    def checkpoints(self) -> list[Checkpoint]:
        return [_checkpoint(row) for row in self._all(
            f"SELECT {_CHECKPOINT_COLUMNS} FROM {self._t['checkpoints']} ORDER BY number")]

    def latest_checkpoint(self) -> Checkpoint | None:
        row = self._one(f"SELECT {_CHECKPOINT_COLUMNS} FROM {self._t['checkpoints']} "
                        "ORDER BY size DESC, number DESC LIMIT 1")
        return _checkpoint(row) if row else None

    def checkpoint(self, number: int) -> Checkpoint | None:
        row = self._one(f"SELECT {_CHECKPOINT_COLUMNS} FROM {self._t['checkpoints']} "
                        "WHERE number = %s", (number,))
        return _checkpoint(row) if row else None

    def close(self) -> None:
        self._pool.close()


@lru_cache(maxsize=65536)
def _hyphenated(stored: str) -> str:
    """The event store keeps UUIDs as bare hex in SQLite; the chain names them hyphenated."""
    return str(UUID(stored))


class SQLiteLogReader(LogReader):
    """Reads the event store's SQLite table directly: raw rows, no decoding (picklable)."""

    shareable = True

    def __init__(self, path: str, table: str = "stored_events") -> None:
        self._path, self._table = path, table
        self._db: sqlite3.Connection | None = None

    def __getstate__(self) -> dict:
        return {"_path": self._path, "_table": self._table, "_db": None}

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(self._path, check_same_thread=False)
        return self._db

    def _rows(self, where: str, parameters: tuple) -> list[Record]:
        rows = self._connection().execute(
            f"SELECT rowid, originator_id, originator_version, topic, state FROM {self._table} "
            f"WHERE {where}", parameters)
        return [(n, _hyphenated(a), v, t, s) for n, a, v, t, s in rows]

    def read(self, after: int | None, limit: int) -> list[Record]:
        return self._rows("rowid > ? ORDER BY rowid LIMIT ?", (after or 0, limit))

    def span(self, after: int, upto: int) -> list[Record]:
        return self._rows("rowid > ? AND rowid <= ? ORDER BY rowid", (after, upto))

    def last_id(self) -> int:
        return self._connection().execute(
            f"SELECT COALESCE(MAX(rowid), 0) FROM {self._table}").fetchone()[0]


class PostgresLogReader(LogReader):
    """Reads the event store's PostgreSQL table directly (picklable: each process that
    reads keeps one connection of its own)."""

    shareable = True
    _connections: ClassVar[dict[tuple[int, str], Any]] = {}

    def __init__(self, conninfo: str, schema: str, table: str) -> None:
        self._conninfo, self._table = conninfo, f'"{schema}"."{table}"'

    def _rows(self, query: str, parameters: tuple) -> list[tuple]:
        import psycopg

        key = (os.getpid(), self._conninfo)  # a connection never crosses a fork
        db = self._connections.get(key)
        if db is None or db.closed:
            db = self._connections[key] = psycopg.connect(self._conninfo, autocommit=True)
        return db.execute(query, parameters).fetchall()

    def read(self, after: int | None, limit: int) -> list[Record]:
        return self._rows(f"SELECT notification_id, originator_id::text, originator_version, "
                          f"topic, state FROM {self._table} WHERE notification_id > %s "
                          "ORDER BY notification_id LIMIT %s", (after or 0, limit))

    def span(self, after: int, upto: int) -> list[Record]:
        return self._rows(f"SELECT notification_id, originator_id::text, originator_version, "
                          f"topic, state FROM {self._table} WHERE notification_id > %s AND "
                          "notification_id <= %s ORDER BY notification_id", (after, upto))

    def last_id(self) -> int:
        return self._rows(f"SELECT COALESCE(MAX(notification_id), 0) FROM {self._table}",
                          ())[0][0]

    def close(self) -> None:
        db = self._connections.pop((os.getpid(), self._conninfo), None)
        if db is not None:
            db.close()


def audit_store_for(settings: Mapping[str, str]) -> AuditStore:
    """The audit store beside the event store these eventsourcing settings name."""
    if is_sqlite(settings):
        return SQLiteAuditStore(settings["SQLITE_DBNAME"],
                                float(settings.get("SQLITE_LOCK_TIMEOUT", "10")))
    if is_postgres(settings):
        return PostgresAuditStore(conninfo(settings), settings["POSTGRES_SCHEMA"])
    return MemoryAuditStore()


def log_reader_for(settings: Mapping[str, str], recorder) -> LogReader:
    """A fast reader of the log that ``recorder`` writes (the recorder itself for memory)."""
    if is_sqlite(settings):
        return SQLiteLogReader(settings["SQLITE_DBNAME"], recorder.events_table_name)
    if is_postgres(settings):
        return PostgresLogReader(conninfo(settings), settings["POSTGRES_SCHEMA"],
                                 recorder.events_table_name)
    return RecorderReader(recorder)
