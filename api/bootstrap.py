"""The composition root: the one place that names concrete adapters. ``bootstrap`` makes
the ``Services`` of the HTTP service, every CLI command and the tests."""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import FrozenInstanceError
from pathlib import Path
from types import ModuleType
from typing import Any

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry

from adapters import nota_import
from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.feed import LogFeed, RedisStreamFeed
from adapters.idempotency import IdempotencyStore, RedisIdempotencyStore, SQLiteIdempotencyStore
from adapters.keys import PostgresKeyStore, SQLiteKeyStore
from adapters.mail import SmtpMailer, SmtpSettings, UnsubscribeTokens
from adapters.outages import OUTAGES as OUTAGES  # for the app factory's problem handlers
from adapters.outbox import PostgresOutbox, SQLiteOutbox, SqlOutbox
from adapters.persons import PostgresPersonRegistry, SQLitePersonRegistry
from adapters.pg import conninfo, is_postgres
from adapters.sender import Sender, SenderSettings
from adapters.signer_state import signer_memory_from_env
from adapters.signing import signer_from_env, verifier_from_env
from adapters.stream_redis import RedisEventStream
from adapters.subscriptions import Subscriptions
from adapters.views_redis import RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from adapters.webhooks import WebhookPoster
from adapters.witnesses import witness_keys_from_env
from api.http.auth import CachedKeys
from domain.audit.checkpoint import DEFAULT_ORIGIN
from domain.audit.service import Audit
from domain.audit.signing import Signer, Verifier
from domain.delivery import Backoff
from domain.errors import InvalidInput, LedgerError
from domain.ledger import Ledger
from domain.persons import PersonRegistry
from domain.reminders import ReminderSettings
from projections.reminders import PARTS as REMINDING
from projections.reminders import Scheduler
from projections.store import ViewStore

SIGNER_FROM_SETTINGS = object()

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
    ledger = opened(Ledger(env=event_store_env(environ)))
    ledger.reminder_settings = reminder_settings(environ)
    return ledger


REMINDER_SETTINGS = {  # ReminderSettings field -> its setting
    "reply_working_days": "NOTALEDGER_REPLY_WORKING_DAYS",
    "reply_due_working_days": "NOTALEDGER_REMIND_REPLY_WORKING_DAYS",
    "due_soon_days": "NOTALEDGER_REMIND_COMMITMENT_DAYS",
    "overdue_after_days": "NOTALEDGER_REMIND_OVERDUE_DAYS",
}


def reminder_settings(environ: Mapping[str, str] = os.environ) -> ReminderSettings:
    """The default reply-by and the reminders' offsets, from the settings that are given."""
    given = {}
    for field, name in REMINDER_SETTINGS.items():
        if name in environ:
            try:
                given[field] = int(environ[name])
            except ValueError:
                raise InvalidInput(f"{name}={environ[name]!r}: expected a whole number "
                                   "of days") from None
    return ReminderSettings(**given)


def audit_origin(environ: Mapping[str, str] = os.environ) -> str:
    """The log's origin: the first line of its checkpoints and its key's name."""
    origin = environ.get("NOTALEDGER_AUDIT_ORIGIN", DEFAULT_ORIGIN)
    if not origin or any(c.isspace() or c == "+" for c in origin):
        raise InvalidInput(f"NOTALEDGER_AUDIT_ORIGIN={origin!r}: a name without spaces or '+', "
                           "such as ledger.example.nl/notaledger")
    return origin


def build_audit(ledger: Ledger, environ: Mapping[str, str] = os.environ,
                signer: Any = SIGNER_FROM_SETTINGS, memory: bool = True) -> Audit:
    """The audit use cases over the ledger's log: with the configured signing key and the
    signer's memory (the checkpoint service and the CLI), or with neither (the API signs
    nothing; it proves and verifies)."""
    settings = event_store_env(environ)
    if signer is SIGNER_FROM_SETTINGS:
        signer = signer_from_env(environ)
    memory = signer_memory_from_env(environ) if memory else None
    return Audit(ledger.recorder, audit_store_for(settings), signer,
                 log_reader_for(settings, ledger.recorder), memory, audit_origin(environ),
                 witness_keys_from_env(environ))


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


def build_outbox(environ: Mapping[str, str] = os.environ) -> SqlOutbox:
    """The outbox beside the event store: PostgreSQL in production (every host's API and
    delivery worker share it), else a SQLite file. NOTALEDGER_OUTBOX chooses otherwise:
    ``postgres`` or ``sqlite`` (at NOTALEDGER_OUTBOX_PATH) or ``sqlite:PATH``."""
    settings = event_store_env(environ)
    choice = environ.get("NOTALEDGER_OUTBOX", "postgres" if is_postgres(settings) else "sqlite")
    digest_hour = int(environ.get("NOTALEDGER_DIGEST_HOUR", "7"))
    if choice == "postgres":
        if not is_postgres(settings):
            raise InvalidInput("NOTALEDGER_OUTBOX=postgres needs NOTALEDGER_STORE=postgres "
                               "(the outbox lives in the event store's database)")
        schema = environ.get("NOTALEDGER_OUTBOX_PG_SCHEMA",
                             f"{settings['POSTGRES_SCHEMA']}_outbox")
        return PostgresOutbox(conninfo(settings), schema, digest_hour)
    if choice == "sqlite" or choice.startswith("sqlite:"):
        path = choice.removeprefix("sqlite").removeprefix(":")
        return SQLiteOutbox(_var({"NOTALEDGER_OUTBOX_PATH": path} if path else environ,
                                 "NOTALEDGER_OUTBOX_PATH", "var/outbox.sqlite"), digest_hour)
    raise InvalidInput(f"NOTALEDGER_OUTBOX={choice!r}: expected postgres, sqlite or "
                       "sqlite:PATH")


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


def _seconds(value: str | int) -> int:
    """Whole seconds: Redis expires a key after an integer, never after '86400.0'."""
    return int(float(value))


def build_idempotency(environ: Mapping[str, str], client: redis.Redis | None, ttl: int):
    """Idempotency-Key records: in Redis when there is one, else in a SQLite file."""
    if client is not None:
        return RedisIdempotencyStore(client, ttl=ttl)
    return SQLiteIdempotencyStore(
        _var(environ, "NOTALEDGER_IDEMPOTENCY_PATH", "var/idempotency.sqlite"), ttl=ttl)


def build_verifier(environ: Mapping[str, str] = os.environ) -> Verifier | None:
    """The checkpoint key's public half, or None (bundles still carry the key id)."""
    try:
        return verifier_from_env(environ)
    except LedgerError:
        return None


DEFAULT_KEY_CACHE_SECONDS, DEFAULT_IDEMPOTENCY_TTL = 5.0, 24 * 3600


class DeliverySettings:
    """How messages leave: webhook rules, the retry rule, SMTP, links and unsubscribe keys."""

    def __init__(self, environ: Mapping[str, str], outbox: SqlOutbox) -> None:
        get = environ.get
        production = is_postgres(event_store_env(environ))
        private = get("NOTALEDGER_WEBHOOK_PRIVATE_ADDRESSES",
                      "refuse" if production else "allow")
        if private not in ("allow", "refuse"):
            raise InvalidInput(f"NOTALEDGER_WEBHOOK_PRIVATE_ADDRESSES={private!r}: "
                               "expected allow or refuse")
        self.allow_private = private == "allow"
        self.overlap = float(get("NOTALEDGER_WEBHOOK_SECRET_OVERLAP", 24 * 3600))
        self.timeout = float(get("NOTALEDGER_WEBHOOK_TIMEOUT", "10"))
        self.backoff = Backoff(float(get("NOTALEDGER_DELIVERY_BACKOFF_BASE", "5")),
                               float(get("NOTALEDGER_DELIVERY_BACKOFF_CAP", "3600")),
                               int(get("NOTALEDGER_DELIVERY_ATTEMPTS", "12")))
        self.sender = SenderSettings(
            base_url=get("NOTALEDGER_PUBLIC_URL", "http://127.0.0.1:8000"),
            workers=int(get("NOTALEDGER_DELIVERY_WORKERS", "8")),
            lease=float(get("NOTALEDGER_DELIVERY_LEASE", "60")))
        self.smtp = SmtpSettings(
            host=get("NOTALEDGER_SMTP_HOST", ""), port=int(get("NOTALEDGER_SMTP_PORT", "25")),
            sender=get("NOTALEDGER_SMTP_FROM", "notaledger@localhost"),
            starttls=get("NOTALEDGER_SMTP_STARTTLS", "false").lower() in ("1", "true", "yes"),
            user=get("NOTALEDGER_SMTP_USER", ""), password=get("NOTALEDGER_SMTP_PASSWORD", ""))
        key = get("NOTALEDGER_UNSUBSCRIBE_KEY")
        self.tokens = UnsubscribeTokens(key.encode() if key else outbox.local_key())

    def sender_for(self, outbox: SqlOutbox, persons: PersonRegistry) -> Sender:
        mailer = SmtpMailer(self.smtp) if self.smtp.host else None
        return Sender(outbox, WebhookPoster(self.timeout, self.allow_private), self.backoff,
                      self.sender, mailer, persons, self.tokens)
PARTS = ("ledger", "keys", "idempotency", "views", "persons", "audit", "signer", "verifier",
         "stream", "feed", "redis", "importer", "outbox", "delivery", "subscriptions")


def build_scheduler(ledger: Ledger, views: ViewStore, projections: Iterable[str] = REMINDING,
                    environ: Mapping[str, str] = os.environ) -> Scheduler | None:
    """The reminder scheduler of a runner of ``projections`` (it looks at the deadlines in
    their views), unless NOTALEDGER_REMINDERS is off."""
    switch = environ.get("NOTALEDGER_REMINDERS", "on")
    if switch not in ("on", "off"):
        raise InvalidInput(f"NOTALEDGER_REMINDERS={switch!r}: expected on or off")
    parts = tuple(p for p in REMINDING if p in projections)
    if switch == "off" or not parts:
        return None
    interval = environ.get("NOTALEDGER_REMINDER_INTERVAL", "60")
    try:
        seconds = float(interval)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise InvalidInput(f"NOTALEDGER_REMINDER_INTERVAL={interval!r}: expected seconds "
                           "(more than 0)")
    return Scheduler(ledger.remind, views, ledger.reminder_settings, interval=seconds,
                     parts=parts)


class Services:
    """What every entry point talks to, made by ``bootstrap``.

    Each part is built on first use and then kept (a ``keys`` command opens no event store,
    a projection worker no key store); none can be replaced afterwards. Parts handed in
    are the caller's to close; ``close`` closes what was built here, newest first."""

    def __init__(self, settings: Mapping[str, str], overrides: Mapping[str, Any]) -> None:
        unknown = set(overrides) - set(PARTS)
        if unknown:
            raise TypeError(f"bootstrap() has no service {', '.join(sorted(unknown))}")
        object.__setattr__(self, "_settings", dict(settings))
        object.__setattr__(self, "_made", dict(overrides))
        object.__setattr__(self, "_given", frozenset(overrides))
        object.__setattr__(self, "_lock", threading.RLock())
        object.__setattr__(self, "closers", [])

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"Services.{name} is set by bootstrap() only")

    @property
    def settings(self) -> Mapping[str, str]:
        return self._settings

    @property
    def ledger(self) -> Ledger:
        return self._part("ledger", lambda: build_ledger(self._settings), "close")

    @property
    def keys(self) -> CachedKeys:
        return self._part("keys", lambda: CachedKeys(build_keys(self._settings), float(
            self._settings.get("NOTALEDGER_KEY_CACHE_SECONDS", DEFAULT_KEY_CACHE_SECONDS))),
            "close")

    @property
    def idempotency(self) -> IdempotencyStore:
        return self._part("idempotency", lambda: build_idempotency(
            self._settings, self.redis,
            _seconds(self._settings.get("NOTALEDGER_IDEMPOTENCY_TTL", DEFAULT_IDEMPOTENCY_TTL))))

    @property
    def views(self) -> ViewStore | None:
        return self._part("views", lambda: build_view_store(self._settings), "close")

    @property
    def persons(self) -> PersonRegistry:
        return self._part("persons", lambda: build_persons(self._settings), "close")

    @property
    def audit(self) -> Audit:
        """Proofs and checkpoints over the ledger's log, signing with ``signer``."""
        signs = "signer" in self._given  # the checkpoint service and the CLI, not the API
        return self._part("audit", lambda: build_audit(self.ledger, self._settings,
                                                        signer=self.signer, memory=signs))

    @property
    def signer(self) -> Signer | None:
        """The checkpoint signing key: none unless handed in (the API signs nothing); a
        process handed one (even None) keeps the signer's memory beside it."""
        return self._part("signer", lambda: None)

    @property
    def verifier(self) -> Verifier | None:
        return self._part("verifier", lambda: build_verifier(self._settings))

    @property
    def stream(self) -> RedisEventStream | None:
        """The Redis Stream the projection runner appends applied events to."""
        return self._part("stream", lambda: build_event_feed(self._settings))

    @property
    def feed(self) -> LogFeed | RedisStreamFeed:
        """Where /events reads: that stream, or the event log itself without Redis."""
        return self._part("feed", lambda: RedisStreamFeed(self.stream) if self.stream
                          else LogFeed(self.ledger))

    @property
    def redis(self) -> redis.Redis | None:
        return self._part("redis", lambda: build_redis(self._settings), "close")

    @property
    def outbox(self) -> SqlOutbox:
        """Subscriptions, the outbox projection's messages, and their deliveries."""
        return self._part("outbox", lambda: build_outbox(self._settings), "close")

    @property
    def delivery(self) -> DeliverySettings:
        return self._part("delivery", lambda: DeliverySettings(self._settings, self.outbox))

    @property
    def subscriptions(self) -> Subscriptions:
        return self._part("subscriptions", lambda: Subscriptions(
            self.outbox, self.persons, self.delivery.allow_private, self.delivery.overlap))

    def sender(self) -> Sender:
        """A sender of this installation's deliveries (not started)."""
        return self.delivery.sender_for(self.outbox, self.persons)

    @property
    def importer(self) -> ModuleType:
        return self._part("importer", lambda: nota_import)

    def _part(self, name: str, build: Callable[[], Any], closing: str = "") -> Any:
        with self._lock:
            if name not in self._made:
                self._made[name] = made = build()
                if closing and hasattr(made, closing):
                    self.closers.append(getattr(made, closing))
            return self._made[name]

    def has(self, name: str) -> bool:
        """Whether the part was handed in or built already (nothing is built to find out)."""
        return name in self._made

    def built(self, *names: str) -> Services:
        """These parts built now (a server should fail as it starts, not on a request)."""
        for name in names or PARTS:
            getattr(self, name)
        return self

    def close(self) -> None:
        """Stop what runs in the background and release connections, newest first."""
        while self.closers:
            self.closers.pop()()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def bootstrap(settings: Mapping[str, str] = os.environ, **overrides: Any) -> Services:
    """Every service from the settings (the environment), except those handed in by name
    (tests hand in their own stores; the checkpoint service its ``signer``)."""
    return Services(settings, overrides)
