"""The composition root: the one place that names concrete adapters, for the HTTP
service, every CLI command and the tests."""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Mapping
from pathlib import Path

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry

from adapters import nota_import
from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.feed import LogFeed, RedisStreamFeed
from adapters.idempotency import RedisIdempotencyStore, SQLiteIdempotencyStore
from adapters.keys import PostgresKeyStore, SQLiteKeyStore
from adapters.persons import PostgresPersonRegistry, SQLitePersonRegistry
from adapters.pg import conninfo, is_postgres
from adapters.signer_state import signer_memory_from_env
from adapters.signing import signer_from_env, verifier_from_env
from adapters.stream_redis import RedisEventStream
from adapters.views_redis import RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from adapters.witnesses import witness_keys_from_env
from api.http.auth import CachedKeys
from api.http.services import Services
from domain.audit.checkpoint import DEFAULT_ORIGIN
from domain.audit.service import Audit
from domain.errors import InvalidInput, LedgerError
from domain.ledger import Ledger
from domain.persons import PersonRegistry
from projections.store import ViewStore

OPENED: weakref.WeakSet = weakref.WeakSet()  # stores with pools or files, to close at exit


def opened(thing):
    """Remember something that holds connections, so a command can close it before exit."""
    OPENED.add(thing)
    return thing


def close_opened() -> None:
    """Close every store still open: a connection pool left to the interpreter's exit is
    torn down from a finaliser and may print 'cannot join current thread'."""
    for thing in list(OPENED):
        with contextlib.suppress(Exception):  # already closed, or closing a broken one
            thing.close()
        OPENED.discard(thing)


def build_ledger(environ: Mapping[str, str] = os.environ) -> Ledger:
    """The application service on the configured event store."""
    return opened(Ledger(env=event_store_env(environ)))


def audit_origin(environ: Mapping[str, str] = os.environ) -> str:
    """The log's origin: the first line of its checkpoints and its key's name."""
    origin = environ.get("NOTALEDGER_AUDIT_ORIGIN", DEFAULT_ORIGIN)
    if not origin or any(c.isspace() or c == "+" for c in origin):
        raise InvalidInput(f"NOTALEDGER_AUDIT_ORIGIN={origin!r}: a name without spaces or '+', "
                           "such as ledger.example.nl/notaledger")
    return origin


def build_audit(ledger: Ledger, environ: Mapping[str, str] = os.environ) -> Audit:
    """The audit use cases over the ledger's log, with the configured signing key and the
    signer's memory (the checkpoint service and the CLI)."""
    settings = event_store_env(environ)
    return Audit(ledger.recorder, audit_store_for(settings), signer_from_env(environ),
                 log_reader_for(settings, ledger.recorder), signer_memory_from_env(environ),
                 audit_origin(environ), witness_keys_from_env(environ))


def build_persons(environ: Mapping[str, str] = os.environ) -> PersonRegistry:
    """The person registry beside the configured event store."""
    settings = event_store_env(environ)
    if is_postgres(settings):
        return opened(PostgresPersonRegistry(conninfo(settings), settings["POSTGRES_SCHEMA"]))
    path = Path(environ.get("NOTALEDGER_PERSONS_PATH", "var/persons.sqlite"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return opened(SQLitePersonRegistry(path))


VIEW_STORES = ("sqlite", "redis")


def redis_client(environ: Mapping[str, str] = os.environ,
                 socket_timeout: float = 5.0) -> redis.Redis:
    """A client for ``NOTALEDGER_REDIS_URL`` whose connects and commands are time-bounded.

    redis-py 8 retries a failed command ten times with back-offs up to a second: with
    Redis down, every request would wait about four seconds before its 503 (or before a
    keyed command goes ahead without its record). Two quick retries ride out a blip."""
    url = environ.get("NOTALEDGER_REDIS_URL", "redis://127.0.0.1:6379/0")
    return redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=3,
                                health_check_interval=30,
                                retry=Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.1),
                                            retries=2))


def build_view_store(environ: Mapping[str, str] = os.environ) -> ViewStore:
    """The view store for ``NOTALEDGER_VIEWS``: sqlite (the default, a file) or redis."""
    kind = environ.get("NOTALEDGER_VIEWS", "sqlite")
    if kind == "sqlite":
        path = Path(environ.get("NOTALEDGER_VIEWS_PATH", "var/views.sqlite"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SQLiteViewStore(path)
    if kind == "redis":
        return RedisViewStore(redis_client(environ),
                              prefix=environ.get("NOTALEDGER_REDIS_PREFIX", "nl:views:"),
                              grace=float(environ.get("NOTALEDGER_REDIS_SWAP_GRACE", "2")))
    raise InvalidInput(f"NOTALEDGER_VIEWS={kind!r}: expected one of {', '.join(VIEW_STORES)}")


def build_event_feed(environ: Mapping[str, str] = os.environ) -> RedisEventStream | None:
    """The capped Redis Stream of applied events when Redis is configured, else None."""
    if "NOTALEDGER_REDIS_URL" not in environ and environ.get("NOTALEDGER_VIEWS") != "redis":
        return None
    capacity = int(environ.get("NOTALEDGER_STREAM_CAPACITY", "10000"))
    return RedisEventStream(redis_client(environ),
                            key=environ.get("NOTALEDGER_STREAM", "nl:events"), capacity=capacity)


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
                  log_reader_for(settings, ledger.recorder), origin=audit_origin(environ),
                  witnesses=witness_keys_from_env(environ))
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
                     feed=RedisStreamFeed(stream) if stream else LogFeed(ledger), redis=redis,
                     importer=nota_import)
    found.audit, found.settings["verifier"] = _audit(environ, ledger)
    found.settings["stream"] = stream
    found.closers += [ledger.close, keys.close, found.views.close,
                      getattr(persons, "close", lambda: None)]
    return found
