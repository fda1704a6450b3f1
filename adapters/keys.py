"""API keys in SQLite and PostgreSQL: only their hashes, each bound to an organisation and role."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from domain.actor import KEY_ROLES
from domain.errors import InvalidInput, NotFound
from domain.organisations import normalise

_TOKEN = re.compile(r"^nl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_COLUMNS = "key_id, organisation, role, label, created_at, revoked_at, person_id"


@dataclass(frozen=True)
class ApiKey:
    """A key's public record: never the secret, never its hash."""

    key_id: str
    organisation: str
    role: str
    label: str
    created_at: str
    revoked_at: str | None = None
    person_id: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class NewKey:
    """A freshly made key with its token, which is shown once and kept nowhere."""

    key: ApiKey
    token: str


def digest(token: str) -> str:
    """The stored form of a token; its 256 random bits make a plain hash enough."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def key_id_of(token: str) -> str | None:
    """The public id inside a well-formed token, else None."""
    match = _TOKEN.match(token or "")
    return match.group(1) if match else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _checked(organisation: str, role: str, label: str) -> tuple[str, str, str]:
    if role not in KEY_ROLES:
        raise InvalidInput(f"role {role!r} must be one of: {', '.join(KEY_ROLES)}")
    if len(label or "") > 200:
        raise InvalidInput("a key label is at most 200 characters")
    return normalise(organisation), role, (label or "").strip()


class KeyStore(ABC):
    """Where API keys live; the SQL is shared, the connection is the subclass's."""

    PARAM = "?"

    def create(self, organisation: str, role: str, label: str = "",
               person_id: str | None = None) -> NewKey:
        """Make a key for one organisation and role (and, if given, the one person it
        acts as); the token is returned once."""
        organisation, role, label = _checked(organisation, role, label)
        key_id = secrets.token_hex(6)
        token = f"nl_{key_id}_{secrets.token_urlsafe(32)}"
        key = ApiKey(key_id, organisation, role, label, _now(), None, person_id or None)
        self._write(f"INSERT INTO {self._table} ({_COLUMNS}, digest) VALUES ({self._params(8)})",
                    (*asdict(key).values(), digest(token)))
        return NewKey(key, token)

    def authenticate(self, token: str) -> ApiKey | None:
        """The active key for this token, or None."""
        key_id = key_id_of(token)
        if key_id is None:
            return None
        row = self._one(f"SELECT {_COLUMNS}, digest FROM {self._table} "
                        f"WHERE key_id = {self.PARAM}", (key_id,))
        if row is None or not hmac.compare_digest(row[-1], digest(token)):
            return None
        key = ApiKey(*row[:-1])
        return key if key.active else None

    def get(self, key_id: str) -> ApiKey | None:
        row = self._one(f"SELECT {_COLUMNS} FROM {self._table} WHERE key_id = {self.PARAM}",
                        (key_id,))
        return ApiKey(*row) if row else None

    def list(self, include_revoked: bool = False,
             organisation: str | None = None) -> list[ApiKey]:
        """Keys, of one organisation when it is given."""
        rows = self._all(f"SELECT {_COLUMNS} FROM {self._table} ORDER BY created_at, key_id")
        keys = [ApiKey(*row) for row in rows]
        return [key for key in keys if (include_revoked or key.active)
                and (organisation is None or key.organisation == organisation)]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key at once; revoking twice keeps the first moment."""
        if self.get(key_id) is None:
            raise NotFound(f"no API key {key_id}")
        self._write(f"UPDATE {self._table} SET revoked_at = {self.PARAM} "
                    f"WHERE key_id = {self.PARAM} AND revoked_at IS NULL", (_now(), key_id))
        return self.get(key_id)

    def close(self) -> None:  # noqa: B027 - a SQLite store holds nothing to release
        """Release connections."""

    def _params(self, count: int) -> str:
        return ", ".join([self.PARAM] * count)

    _table = "api_keys"
    _CREATE = ("CREATE TABLE IF NOT EXISTS {table} (key_id TEXT PRIMARY KEY, organisation TEXT "
              "NOT NULL, role TEXT NOT NULL, label TEXT NOT NULL, created_at TEXT NOT NULL, "
              "revoked_at TEXT, digest TEXT NOT NULL)")

    def _migrate(self) -> None:
        """A table made before keys could be bound to a person gets the column."""
        if "person_id" not in self._column_names():
            self._write(f"ALTER TABLE {self._table} ADD COLUMN person_id TEXT", ())

    @abstractmethod
    def _column_names(self) -> set[str]: ...

    @abstractmethod
    def _write(self, sql: str, params: tuple) -> None: ...

    @abstractmethod
    def _one(self, sql: str, params: tuple) -> tuple | None: ...

    @abstractmethod
    def _all(self, sql: str) -> list[tuple]: ...


class SQLiteKeyStore(KeyStore):
    """Keys in a SQLite file (the embedded default)."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._local = threading.local()
        self._write(self._CREATE.format(table=self._table), ())
        self._migrate()

    def _db(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self._path, timeout=10)
        return self._local.db

    def _write(self, sql: str, params: tuple) -> None:
        with self._db() as db:
            db.execute(sql, params)

    def _one(self, sql: str, params: tuple) -> tuple | None:
        return self._db().execute(sql, params).fetchone()

    def _all(self, sql: str) -> list[tuple]:
        return self._db().execute(sql).fetchall()

    def _column_names(self) -> set[str]:
        return {row[1] for row in self._db().execute("PRAGMA table_info(api_keys)")}


class PostgresKeyStore(KeyStore):
    """Keys in PostgreSQL (production), in the event store's database and schema."""

    PARAM = "%s"

    def __init__(self, conninfo: str, schema: str = "public") -> None:
        from adapters.pg import small_pool

        self._pool = small_pool(conninfo)
        self._schema = schema
        self._table = f'"{schema}".api_keys'
        self._write(self._CREATE.format(table=self._table), ())
        self._migrate()

    def _write(self, sql: str, params: tuple) -> None:
        with self._pool.connection() as db:
            db.execute(sql, params)

    def _one(self, sql: str, params: tuple) -> tuple | None:
        with self._pool.connection() as db:
            return db.execute(sql, params).fetchone()

    def _all(self, sql: str) -> list[tuple]:
        with self._pool.connection() as db:
            return db.execute(sql).fetchall()

    def _column_names(self) -> set[str]:
        with self._pool.connection() as db:
            rows = db.execute("SELECT column_name FROM information_schema.columns WHERE "
                              "table_schema = %s AND table_name = 'api_keys'",
                              (self._schema,)).fetchall()
        return {row[0] for row in rows}

    def close(self) -> None:
        self._pool.close()
