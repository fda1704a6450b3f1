"""PostgreSQL that answers or fails within seconds, never minutes.

The library's recorders retry every insert and select ten times on a connection error,
each attempt waiting up to the pool's timeout for a connection: with the server down, a
command would hang for about a minute before failing, and the client would have given up
long before. Here each call makes one attempt: a request that finds the database gone is
answered 503 within ``POSTGRES_CONNECT_TIMEOUT`` seconds, and the callers that should
wait an outage out (the projection runner, the checkpoint signer) already retry with a
back-off of their own. Pooled connections are checked before use (``POSTGRES_PRE_PING``),
so the first request after a restart gets a live connection rather than a dead one, and
the pool gives up re-opening a lost connection after the connect timeout instead of five
minutes of doubling back-offs: the next request after an outage then opens a fresh one
at once, rather than waiting for a retry scheduled up to a minute away.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from domain.errors import WriteInterrupted


def _once(method: Any) -> Any:
    """The library's method without its retry decorator."""
    return getattr(method, "__wrapped__", method)


def _interrupted(insert: Any) -> Any:
    """One attempt at an insert, telling 'never sent' from 'sent, answer lost'.

    No connection at all (the pool timed out) means nothing reached the server; any other
    connection failure may have come after the commit, so it is a WriteInterrupted and the
    ledger asks the store whether the event landed."""
    once = _once(insert)

    @functools.wraps(once)
    def insert_events(self: Any, stored_events: Any, **kwargs: Any) -> Any:
        try:
            return once(self, stored_events, **kwargs)
        except (OperationalError, InterfaceError) as error:
            if isinstance(error.__cause__, PoolTimeout):
                raise
            raise WriteInterrupted(str(error)) from error
    return insert_events


class FailFastApplicationRecorder(PostgresApplicationRecorder):
    """The library's application recorder, one attempt per call."""

    insert_events = _interrupted(PostgresApplicationRecorder.insert_events)
    select_events = _once(PostgresApplicationRecorder.select_events)
    select_notifications = _once(PostgresApplicationRecorder.select_notifications)
    max_notification_id = _once(PostgresApplicationRecorder.max_notification_id)


class FailFastAggregateRecorder(PostgresAggregateRecorder):
    """The snapshot store's recorder, one attempt per call (every load reads it first)."""

    insert_events = _interrupted(PostgresAggregateRecorder.insert_events)
    select_events = _once(PostgresAggregateRecorder.select_events)


class FailFastPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence with the recorders above
    (``PERSISTENCE_MODULE=adapters.pg:FailFastPostgresFactory``)."""

    aggregate_recorder_class = FailFastAggregateRecorder
    application_recorder_class = FailFastApplicationRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        pool.reconnect_timeout = pool.timeout


def is_postgres(settings: Mapping[str, str]) -> bool:
    """Whether these eventsourcing settings name a PostgreSQL event store."""
    return "POSTGRES_DBNAME" in settings


def conninfo(settings: Mapping[str, str]) -> str:
    """A libpq connection string for the eventsourcing settings' database."""
    return (f"dbname={settings['POSTGRES_DBNAME']} host={settings['POSTGRES_HOST']} "
            f"port={settings['POSTGRES_PORT']} user={settings['POSTGRES_USER']} "
            f"password={settings['POSTGRES_PASSWORD']} "
            f"connect_timeout={max(1, round(float(settings.get('POSTGRES_CONNECT_TIMEOUT', 5))))}")


def small_pool(dsn: str, max_size: int = 4) -> ConnectionPool:
    """A pool for the stores beside the event store (keys, persons, audit): connections
    are checked before use, and a caller waits for one no longer than the connection
    string's ``connect_timeout`` (5 s when it names none), nor for a reconnection."""
    timeout = float(conninfo_to_dict(dsn).get("connect_timeout") or 5)
    return ConnectionPool(dsn, min_size=1, max_size=max_size, open=True, timeout=timeout,
                          reconnect_timeout=timeout, check=ConnectionPool.check_connection,
                          kwargs={"autocommit": True})

