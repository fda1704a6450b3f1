"""Fixtures shared by every test: real stores, each one a fresh place to write."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from adapters.eventstore import event_store_env
from domain.ledger import Ledger

PG = {
    "NOTALEDGER_PG_DBNAME": os.environ.get("NOTALEDGER_TEST_PG_DBNAME", "test"),
    "NOTALEDGER_PG_HOST": os.environ.get("NOTALEDGER_TEST_PG_HOST", "127.0.0.1"),
    "NOTALEDGER_PG_PORT": os.environ.get("NOTALEDGER_TEST_PG_PORT", "5432"),
    "NOTALEDGER_PG_USER": os.environ.get("NOTALEDGER_TEST_PG_USER", "postgres"),
}
REDIS_BASE = os.environ.get("NOTALEDGER_TEST_REDIS_URL", "redis://127.0.0.1:6379")
# One Redis database per xdist worker, so that flushing one test's data never touches
# another worker's (database 12 belongs to the projection tests, which use key prefixes).
REDIS_DATABASES = (15, 14, 13, 11, 10, 9, 8, 7)


@pytest.fixture(autouse=True)
def signer_state(tmp_path_factory, monkeypatch):
    """Each test's checkpoint signer remembers in a folder of its own, never in ./var."""
    folder = tmp_path_factory.mktemp("signer")
    monkeypatch.setenv("NOTALEDGER_SIGNER_STATE_DIR", str(folder))
    return folder


def redis_url() -> str:
    """This worker's own test database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    return f"{REDIS_BASE}/{REDIS_DATABASES[number % len(REDIS_DATABASES)]}"


def _unavailable(what: str, error: Exception) -> None:
    """Skip with the reason, except in CI, where every real part must be there."""
    message = f"{what} is not answering ({error})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)


SHARED = Path(os.environ.get("NOTALEDGER_TEST_SHARED",
                           Path(__file__).resolve().parents[1].parent / "shared"))
EXAMPLE = Path(__file__).resolve().parents[1] / "api" / "cli" / "examples" / \
    "nota-2026-0000500123.md"


def shared_file(*parts: str) -> Path:
    """A file of the shared folder beside the repository (the seed, the corpus); a skip with
    the reason when a clone has none beside it, except in CI, where it must be there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is not here (the shared folder beside the repository)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true requires it", pytrace=False)
        pytest.skip(message)
    return path


def pg_connect():
    import psycopg

    return psycopg.connect(dbname=PG["NOTALEDGER_PG_DBNAME"], host=PG["NOTALEDGER_PG_HOST"],
                           port=PG["NOTALEDGER_PG_PORT"], user=PG["NOTALEDGER_PG_USER"],
                           autocommit=True, connect_timeout=3)


@pytest.fixture
def pg_schema():
    """A fresh PostgreSQL schema, dropped afterwards."""
    try:
        connection = pg_connect()
    except Exception as error:  # noqa: BLE001 - any failure to connect means 'not here'
        _unavailable("PostgreSQL", error)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        yield schema
        connection.execute(f"DROP SCHEMA {schema} CASCADE")
        # the outbox's own schema, made beside it when the outbox is in PostgreSQL
        connection.execute(f"DROP SCHEMA IF EXISTS {schema}_outbox CASCADE")


@pytest.fixture
def redis_client():
    """A real Redis connection on a test database, flushed before and after."""
    import redis

    client = redis.Redis.from_url(redis_url(), socket_timeout=5)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        _unavailable("Redis", error)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def store_settings(store: str, tmp_path, request) -> dict[str, str]:
    """Our settings for one store kind, isolated for this test."""
    if store == "sqlite":
        return {"NOTALEDGER_STORE": "sqlite",
                "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}
    if store == "postgres":
        schema = request.getfixturevalue("pg_schema")
        return {"NOTALEDGER_STORE": "postgres", "NOTALEDGER_PG_SCHEMA": schema, **PG}
    return {"NOTALEDGER_STORE": "memory"}


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request, tmp_path) -> dict[str, str]:
    return store_settings(request.param, tmp_path, request)


@pytest.fixture(params=["sqlite", "postgres"])
def durable_store(request, tmp_path) -> dict[str, str]:
    return store_settings(request.param, tmp_path, request)


def embedded_environ(folder: Path) -> dict[str, str]:
    """The settings of the embedded default with every file in ``folder``."""
    return {"NOTALEDGER_STORE": "sqlite",
            "NOTALEDGER_SQLITE_PATH": str(folder / "events.sqlite"),
            "NOTALEDGER_VIEWS_PATH": str(folder / "views.sqlite"),
            "NOTALEDGER_KEYS_PATH": str(folder / "keys.sqlite"),
            "NOTALEDGER_IDEMPOTENCY_PATH": str(folder / "idempotency.sqlite"),
            "NOTALEDGER_PERSONS_PATH": str(folder / "persons.sqlite")}


def make_ledger(settings: dict[str, str]) -> Ledger:
    return Ledger(env=event_store_env(settings))


@pytest.fixture
def ledger(store) -> Ledger:
    app = make_ledger(store)
    yield app
    app.close()


@pytest.fixture
def durable_ledger(durable_store) -> Ledger:
    app = make_ledger(durable_store)
    yield app
    app.close()
