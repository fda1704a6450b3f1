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

import contextlib
import functools
from collections.abc import Mapping
from typing import Any

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from psycopg.conninfo import conninfo_to_dict
from psycopg.errors import DuplicateObject
from psycopg.sql import SQL, Identifier
from psycopg_pool import ConnectionPool, PoolTimeout

from adapters.groupcommit import Committer, Save, Settings
from domain.errors import WriteInterrupted


def _once(method: Any) -> Any:
    """The library's method without its retry decorator."""
    return getattr(method, "__wrapped__", method)


def _as_interrupted(error: Exception) -> Exception:
    """'Never sent' (the pool had no connection) stays itself; any other connection
    failure may have come after the commit, so the ledger must ask whether it landed."""
    if isinstance(error, (OperationalError, InterfaceError)) and \
            not isinstance(error.__cause__, PoolTimeout):
        return WriteInterrupted(str(error))
    return error


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
            interrupted = _as_interrupted(error)
            if interrupted is error:
                raise
            raise interrupted from error
    return insert_events


class CreatedUnderLock:
    """The library's ``create_table``, one process at a time per schema.

    The library makes a recorder's types, table, index and function in several
    transactions of ``IF NOT EXISTS`` and ``CREATE OR REPLACE``; two processes doing so on
    a fresh schema at once collide in the catalogue ("duplicate key value violates unique
    constraint pg_type_typname_nsp_index", "tuple concurrently updated"). Here all of it is
    one transaction under an advisory lock of the schema's event store, as the outbox and
    the checkpoints make theirs; a type made already is skipped under a savepoint."""

    datastore: Any
    sql_create_statements: list[Any]

    def create_table(self) -> None:
        with self.datastore.get_connection() as conn, conn.transaction(), \
                conn.cursor() as curs:
            curs.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                         (f"{self.datastore.schema}.notaledger_event_store",))
            for statement in self.sql_create_statements:
                if "CREATE TYPE" in statement.as_string():
                    with contextlib.suppress(DuplicateObject), conn.transaction():
                        curs.execute(statement, prepare=False)
            self._create_table(curs)
        self.datastore.register_type_adapters()


class FailFastApplicationRecorder(CreatedUnderLock, PostgresApplicationRecorder):
    """The library's application recorder, one attempt per call."""

    insert_events = _interrupted(PostgresApplicationRecorder.insert_events)
    select_events = _once(PostgresApplicationRecorder.select_events)
    select_notifications = _once(PostgresApplicationRecorder.select_notifications)
    max_notification_id = _once(PostgresApplicationRecorder.max_notification_id)


class GroupCommitApplicationRecorder(FailFastApplicationRecorder):
    """Concurrent saves in one transaction under the events table's lock (one fsync).

    One statement checks and inserts the whole batch under the lock, where no one else
    inserts: a save any of whose (aggregate, version) keys is stored already is left out
    and answered IntegrityError, alone; the others go in together, so their notification
    ids are consecutive and none is spent on a row that fails: the log has no gap for a
    reader to wait on. Lock, insert and commit go to the server in one round trip."""

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.committer = Committer(self._commit_batch)
        self.insert_batch_statement = SQL(
            "WITH batch AS (SELECT * FROM unnest(%s::{id_type}[], %s::bigint[], %s::text[], "
            "%s::bytea[], %s::int[]) WITH ORDINALITY "
            "AS b(originator_id, originator_version, topic, state, save, n)), "
            "taken AS (SELECT DISTINCT b.save FROM batch b JOIN {schema}.{table} t "
            "ON t.originator_id = b.originator_id AND t.originator_version = b.originator_version) "
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state FROM batch "
            "WHERE save NOT IN (SELECT save FROM taken) ORDER BY n "
            "RETURNING originator_id, originator_version, notification_id"
        ).format(schema=Identifier(self.datastore.schema),
                 table=Identifier(self.events_table_name),
                 id_type=Identifier(self.datastore.originator_id_type))

    def insert_events(self, stored_events: Any, **kwargs: Any) -> Any:
        if kwargs.get("tracking") is not None or not stored_events:
            return super().insert_events(stored_events, **kwargs)
        return self.committer.submit(stored_events)

    def _commit_batch(self, batch: list[Save]) -> None:
        try:
            self._commit_checked(batch)
        except IntegrityError:  # not a version: one save is bad; each goes alone
            if len(batch) == 1:
                raise
            for save in [s for s in batch if s.error is None]:
                try:
                    self._commit_checked([save])
                except Exception as error:  # noqa: BLE001 - that save's answer
                    save.fail(_as_interrupted(error))
        except Exception as error:  # noqa: BLE001 - every save of the batch hears it
            for save in batch:
                if save.error is None:
                    save.fail(_as_interrupted(error))

    def _commit_checked(self, batch: list[Save]) -> None:
        saves = _distinct(batch)  # a save that repeats an earlier one's key fails here
        rows = [(e.originator_id, e.originator_version, e.topic, e.state, number)
                for number, save in enumerate(saves) for e in save.events]
        columns = [list(column) for column in zip(*rows, strict=True)]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            with conn.pipeline(), conn.transaction():  # sent, and committed, at once
                self._lock_table(curs)
                self._notify_channel(curs)
                curs.execute(self.insert_batch_statement, columns, prepare=True)
            stored = {(r["originator_id"], r["originator_version"]): r["notification_id"]
                      for r in curs.fetchall()}
        for save in saves:
            keys = [(e.originator_id, e.originator_version) for e in save.events]
            if keys[0] in stored:
                save.ids = [stored[key] for key in keys]
            else:
                save.fail(_taken())


def _distinct(batch: list[Save]) -> list[Save]:
    """The saves none of whose keys an earlier save of the batch has; the others fail."""
    distinct, claimed = [], set()
    for save in batch:
        keys = {(e.originator_id, e.originator_version) for e in save.events}
        if keys & claimed:
            save.fail(_taken())
            continue
        claimed |= keys
        distinct.append(save)
    return distinct


def _taken() -> IntegrityError:
    return IntegrityError("duplicate key: (originator_id, originator_version) already stored")


class FailFastAggregateRecorder(CreatedUnderLock, PostgresAggregateRecorder):
    """The snapshot store's recorder, one attempt per call (every load reads it first)."""

    insert_events = _interrupted(PostgresAggregateRecorder.insert_events)
    select_events = _once(PostgresAggregateRecorder.select_events)


class FailFastPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence with the recorders above
    (``PERSISTENCE_MODULE=adapters.pg:FailFastPostgresFactory``)."""

    aggregate_recorder_class = FailFastAggregateRecorder
    application_recorder_class = GroupCommitApplicationRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        pool.reconnect_timeout = pool.timeout

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        recorder.committer.settings = Settings.from_env(self.env)
        return recorder


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

