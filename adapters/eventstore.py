"""Event-store settings: which persistence the ledger uses, from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

STORES = ("sqlite", "postgres", "memory")


def event_store_env(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The eventsourcing settings for ``NOTALEDGER_STORE`` (sqlite by default)."""
    return {**_store_env(environ), **_cache_env(environ), **_group_commit_env(environ),
            "LOG_POSITIONS": "adapters.positions:positions_for"}  # domain/positions.py


def _group_commit_env(environ: Mapping[str, str]) -> dict[str, str]:
    """How long a committer waits for concurrent saves to join its transaction, how many
    it takes at most, and how many batches commit at once (adapters/groupcommit.py); how
    long a PostgreSQL subscription waits to read commits together (adapters/pg.py)."""
    names = {"NOTALEDGER_GROUP_COMMIT_WINDOW_MS": "GROUP_COMMIT_WINDOW_MS",
             "NOTALEDGER_GROUP_COMMIT_LIMIT": "GROUP_COMMIT_LIMIT",
             "NOTALEDGER_GROUP_COMMIT_DEPTH": "GROUP_COMMIT_DEPTH",
             "NOTALEDGER_FOLLOW_COALESCE_MS": "FOLLOW_COALESCE_MS"}
    return {ours: environ[theirs] for theirs, ours in names.items() if environ.get(theirs)}


def _cache_env(environ: Mapping[str, str]) -> dict[str, str]:
    """Cached aggregates are caught up from the store on every load (fast-forward), so a
    cache only saves replaying what this process has already seen."""
    size = environ.get("NOTALEDGER_AGGREGATE_CACHE", "1000")
    return {"AGGREGATE_CACHE_MAXSIZE": size} if size not in ("", "0") else {}


def _store_env(environ: Mapping[str, str]) -> dict[str, str]:
    store = environ.get("NOTALEDGER_STORE", "sqlite")
    if store == "sqlite":
        path = Path(environ.get("NOTALEDGER_SQLITE_PATH", "var/notaledger.sqlite"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"PERSISTENCE_MODULE": "adapters.sqlite_store:GroupCommitSQLiteFactory",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": environ.get("NOTALEDGER_SQLITE_LOCK_TIMEOUT", "10")}
    if store == "postgres":
        return {
            # the library's PostgreSQL, one attempt per call, concurrent saves in one
            # transaction (adapters/pg.py)
            "PERSISTENCE_MODULE": "adapters.pg:FailFastPostgresFactory",
            "POSTGRES_DBNAME": environ.get("NOTALEDGER_PG_DBNAME", "notaledger"),
            "POSTGRES_HOST": environ.get("NOTALEDGER_PG_HOST", "127.0.0.1"),
            "POSTGRES_PORT": environ.get("NOTALEDGER_PG_PORT", "5432"),
            "POSTGRES_USER": environ.get("NOTALEDGER_PG_USER", "postgres"),
            "POSTGRES_PASSWORD": environ.get("NOTALEDGER_PG_PASSWORD", ""),
            "POSTGRES_SCHEMA": environ.get("NOTALEDGER_PG_SCHEMA", "public"),
            "POSTGRES_POOL_SIZE": environ.get("NOTALEDGER_PG_POOL_SIZE", "10"),
            "POSTGRES_MAX_OVERFLOW": environ.get("NOTALEDGER_PG_MAX_OVERFLOW", "10"),
            "POSTGRES_CONNECT_TIMEOUT": environ.get("NOTALEDGER_PG_CONNECT_TIMEOUT", "5"),
            "POSTGRES_LOCK_TIMEOUT": environ.get("NOTALEDGER_PG_LOCK_TIMEOUT", "5"),
            "POSTGRES_PRE_PING": environ.get("NOTALEDGER_PG_PRE_PING", "y"),
        }
    if store == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    raise ValueError(f"NOTALEDGER_STORE={store!r}: expected one of {', '.join(STORES)}")
