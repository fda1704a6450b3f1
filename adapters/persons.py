"""Person registries in SQLite and PostgreSQL: an erased id stays a tombstone for good."""

from __future__ import annotations

import sqlite3
import threading
from abc import abstractmethod
from pathlib import Path

from domain.actor import KEY_ROLES
from domain.delivery import email_address
from domain.errors import InvalidInput
from domain.organisations import normalise
from domain.persons import KINDS, Person, PersonErased, PersonRegistry, check_roles

_COLUMNS = "person_id, kind, name, organisation, roles, mandate"
# Columns added after the first release; an older table gets them when a registry opens it.
_ADDED = ("organisation TEXT", "roles TEXT NOT NULL DEFAULT ''", "mandate TEXT", "email TEXT")


def _checked(person_id: str, name: str, kind: str, organisation: str | None,
             roles: tuple[str, ...], mandate: str | None) -> tuple:
    if kind not in KINDS:
        raise InvalidInput(f"person kind {kind!r} must be one of: {', '.join(KINDS)}")
    if not str(person_id).strip() or not str(name).strip():
        raise InvalidInput("a person needs an id and a name")
    unknown = [r for r in roles if r not in KEY_ROLES]
    if unknown:
        raise InvalidInput(f"person role {unknown[0]!r} must be one of: {', '.join(KEY_ROLES)}")
    check_roles(kind, tuple(roles), mandate)
    return (person_id, kind, name.strip(), normalise(organisation) if organisation else None,
            ",".join(sorted(set(roles))), (mandate or "").strip() or None)


def _person(row: tuple | None) -> Person | None:
    if row is None:
        return None
    person_id, kind, name, organisation, roles, mandate = row
    return Person(person_id, kind, name, organisation,
                  tuple(r for r in (roles or "").split(",") if r), mandate)


class SqlPersonRegistry(PersonRegistry):
    """The SQL both stores share; a tombstone (name NULL) is never overwritten."""

    PARAM = "?"
    _table = "persons"

    def register(self, person_id: str, name: str, kind: str, organisation: str | None = None,
                 roles: tuple[str, ...] = (), mandate: str | None = None) -> None:
        row = _checked(person_id, name, kind, organisation, tuple(roles), mandate)
        params = ", ".join([self.PARAM] * len(row))
        changed = self._write(
            f"INSERT INTO {self._table} AS p ({_COLUMNS}) VALUES ({params}) "
            "ON CONFLICT (person_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
            "organisation = excluded.organisation, roles = excluded.roles, "
            "mandate = excluded.mandate "
            "WHERE p.name IS NOT NULL", row)
        if changed == 0:
            raise PersonErased(f"person {person_id} was erased; an erased id never carries "
                               "a name again (register the person under a new id)")

    def get(self, person_id: str) -> Person | None:
        return _person(self._one(f"SELECT {_COLUMNS} FROM {self._table} "
                                 f"WHERE person_id = {self.PARAM}", (person_id,)))

    def erase(self, person_id: str) -> bool:
        return self._write(f"UPDATE {self._table} SET name = NULL, roles = '', mandate = NULL, "
                           f"email = NULL WHERE person_id = {self.PARAM} AND name IS NOT NULL",
                           (person_id,)) == 1

    def set_email(self, person_id: str, address: str | None) -> None:
        address = email_address(address) if address is not None else None
        changed = self._write(f"UPDATE {self._table} SET email = {self.PARAM} "
                              f"WHERE person_id = {self.PARAM} AND name IS NOT NULL",
                              (address, person_id))
        if changed == 0:
            raise InvalidInput(f"person {person_id} is not registered (or was erased)")

    def email(self, person_id: str) -> str | None:
        row = self._one(f"SELECT email FROM {self._table} WHERE person_id = {self.PARAM} "
                        "AND name IS NOT NULL", (person_id,))
        return row[0] if row else None

    def _create(self) -> None:
        self._write(f"CREATE TABLE IF NOT EXISTS {self._table} (person_id TEXT PRIMARY KEY, "
                    "kind TEXT NOT NULL, name TEXT)", ())
        for column in _ADDED:
            if column.split()[0] not in self._columns():
                self._write(f"ALTER TABLE {self._table} ADD COLUMN {column}", ())

    @abstractmethod
    def _write(self, sql: str, params: tuple) -> int: ...

    @abstractmethod
    def _one(self, sql: str, params: tuple) -> tuple | None: ...

    @abstractmethod
    def _columns(self) -> set[str]: ...


class SQLitePersonRegistry(SqlPersonRegistry):
    """Persons in a SQLite file (the embedded default)."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._local = threading.local()
        self._create()

    def _connection(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self._path, timeout=10)
        return self._local.db

    def _write(self, sql: str, params: tuple) -> int:
        with self._connection() as db:
            return db.execute(sql, params).rowcount

    def _one(self, sql: str, params: tuple) -> tuple | None:
        return self._connection().execute(sql, params).fetchone()

    def _columns(self) -> set[str]:
        return {row[1] for row in self._connection().execute("PRAGMA table_info(persons)")}


class PostgresPersonRegistry(SqlPersonRegistry):
    """Persons in PostgreSQL (production), in the event store's database and schema."""

    PARAM = "%s"

    def __init__(self, conninfo: str, schema: str = "public") -> None:
        from adapters.pg import small_pool

        self._pool = small_pool(conninfo)
        self._schema = schema
        self._table = f'"{schema}".persons'
        self._create()

    def _write(self, sql: str, params: tuple) -> int:
        with self._pool.connection() as db:
            return db.execute(sql, params).rowcount

    def _one(self, sql: str, params: tuple) -> tuple | None:
        with self._pool.connection() as db:
            return db.execute(sql, params).fetchone()

    def _columns(self) -> set[str]:
        with self._pool.connection() as db:
            rows = db.execute("SELECT column_name FROM information_schema.columns WHERE "
                              "table_schema = %s AND table_name = 'persons'",
                              (self._schema,)).fetchall()
        return {row[0] for row in rows}

    def close(self) -> None:
        self._pool.close()
