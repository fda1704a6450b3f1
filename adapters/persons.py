"""Person registries in SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from domain.errors import InvalidInput
from domain.persons import KINDS, Person, PersonRegistry


def _check(person_id: str, name: str, kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(f"person kind {kind!r} must be one of: {', '.join(KINDS)}")
    if not str(person_id).strip() or not str(name).strip():
        raise InvalidInput("a person needs an id and a name")


class SQLitePersonRegistry(PersonRegistry):
    """Persons in a SQLite file (the embedded default)."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._local = threading.local()
        with self._connection() as db:
            db.execute("CREATE TABLE IF NOT EXISTS persons (person_id TEXT PRIMARY KEY, "
                       "kind TEXT NOT NULL, name TEXT)")

    def _connection(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self._path, timeout=10)
        return self._local.db

    def register(self, person_id: str, name: str, kind: str) -> None:
        _check(person_id, name, kind)
        with self._connection() as db:
            db.execute("INSERT INTO persons VALUES (?, ?, ?) ON CONFLICT(person_id) DO UPDATE "
                       "SET kind = excluded.kind, name = excluded.name",
                       (person_id, kind, name.strip()))

    def get(self, person_id: str) -> Person | None:
        row = self._connection().execute(
            "SELECT person_id, kind, name FROM persons WHERE person_id = ?", (person_id,)
        ).fetchone()
        return Person(*row) if row else None

    def erase(self, person_id: str) -> bool:
        with self._connection() as db:
            cursor = db.execute("UPDATE persons SET name = NULL WHERE person_id = ? "
                                "AND name IS NOT NULL", (person_id,))
        return cursor.rowcount == 1


class PostgresPersonRegistry(PersonRegistry):
    """Persons in PostgreSQL (production), in the event store's database and schema."""

    def __init__(self, conninfo: str, schema: str = "public") -> None:
        from adapters.pg import small_pool

        self._pool = small_pool(conninfo)
        self._table = f'"{schema}".persons'
        with self._pool.connection() as db:
            db.execute(f"CREATE TABLE IF NOT EXISTS {self._table} (person_id TEXT PRIMARY KEY, "
                       "kind TEXT NOT NULL, name TEXT)")

    def register(self, person_id: str, name: str, kind: str) -> None:
        _check(person_id, name, kind)
        with self._pool.connection() as db:
            db.execute(f"INSERT INTO {self._table} VALUES (%s, %s, %s) ON CONFLICT (person_id) "
                       "DO UPDATE SET kind = excluded.kind, name = excluded.name",
                       (person_id, kind, name.strip()))

    def get(self, person_id: str) -> Person | None:
        with self._pool.connection() as db:
            row = db.execute(f"SELECT person_id, kind, name FROM {self._table} "
                             "WHERE person_id = %s", (person_id,)).fetchone()
        return Person(*row) if row else None

    def erase(self, person_id: str) -> bool:
        with self._pool.connection() as db:
            cursor = db.execute(f"UPDATE {self._table} SET name = NULL WHERE person_id = %s "
                                "AND name IS NOT NULL", (person_id,))
        return cursor.rowcount == 1

    def close(self) -> None:
        self._pool.close()
