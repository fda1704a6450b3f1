"""The HTTP service's composition root: which key, idempotency, view and feed stores it uses."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.idempotency import RedisIdempotencyStore, SQLiteIdempotencyStore
from adapters.keys import PostgresKeyStore, SQLiteKeyStore
from adapters.pg import conninfo, is_postgres
from adapters.signing import verifier_from_env
from api.auth import CachedKeys
from api.compose import (
    build_event_feed,
    build_ledger,
    build_persons,
    build_view_store,
    redis_client,
)
from api.feed import LogFeed, RedisStreamFeed
from api.services import Services
from domain.audit import Audit
from domain.errors import LedgerError
from domain.ledger import Ledger


def _var(environ: Mapping[str, str], name: str, default: str) -> Path:
    path = Path(environ.get(name, default))
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def build_keys(environ: Mapping[str, str] = os.environ):
    """The key store beside the event store: PostgreSQL in production, else a SQLite file."""
    settings = event_store_env(environ)
    if is_postgres(settings):
        return PostgresKeyStore(conninfo(settings), settings["POSTGRES_SCHEMA"])
    return SQLiteKeyStore(_var(environ, "NOTALEDGER_KEYS_PATH", "var/keys.sqlite"))


def build_redis(environ: Mapping[str, str] = os.environ):
    """A Redis client when NOTALEDGER_REDIS_URL is set, else None."""
    if not environ.get("NOTALEDGER_REDIS_URL"):
        return None
    return redis_client(environ)


def _audit(environ: Mapping[str, str], ledger: Ledger) -> tuple[Audit, object]:
    """Proofs over the ledger's log; the API signs nothing, it only needs the public key."""
    settings = event_store_env(environ)
    try:
        verifier = verifier_from_env(environ)
    except LedgerError:
        verifier = None  # bundles still carry the checkpoint's own key id
    audit = Audit(ledger.recorder, audit_store_for(settings), None,
                  log_reader_for(settings, ledger.recorder))
    return audit, verifier


def build_services(environ: Mapping[str, str], config: Mapping) -> Services:
    """Everything the HTTP layer talks to, from the environment."""
    ledger, redis = build_ledger(environ), build_redis(environ)
    keys, stream = build_keys(environ), build_event_feed(environ)
    if redis is not None:
        idempotency = RedisIdempotencyStore(redis, ttl=config["IDEMPOTENCY_TTL"])
    else:
        idempotency = SQLiteIdempotencyStore(
            _var(environ, "NOTALEDGER_IDEMPOTENCY_PATH", "var/idempotency.sqlite"),
            ttl=config["IDEMPOTENCY_TTL"])
    persons = build_persons(environ)
    found = Services(ledger=ledger, keys=CachedKeys(keys, config["KEY_CACHE_SECONDS"]),
                     idempotency=idempotency, views=build_view_store(environ), persons=persons,
                     feed=RedisStreamFeed(stream) if stream else LogFeed(ledger), redis=redis)
    found.audit, found.settings["verifier"] = _audit(environ, ledger)
    found.settings["stream"] = stream
    found.closers += [ledger.close, keys.close, found.views.close,
                      getattr(persons, "close", lambda: None)]
    return found
