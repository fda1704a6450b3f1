"""PostgreSQL that answers or fails within seconds, never minutes.

The library's recorders retry every insert and select ten times on a connection error,
each attempt waiting up to the pool's timeout for a connection: with the server down, a
command would hang for about a minute before failing, and the client would have given up
long before. Here each call makes one attempt: a request that finds the database gone is
answered 503 within ``POSTGRES_CONNECT_TIMEOUT`` seconds, and the callers that should
wait an outage out (the projection runner, the checkpoint signer) already retry with a
back-off of their own. Pooled connections are checked before use (``POSTGRES_PRE_PING``),
so the first request after a restart gets a live connection rather than a dead one (a
round trip only for a connection the server has said something on, see ``check_spoken``), and
the pool gives up re-opening a lost connection after the connect timeout instead of five
minutes of doubling back-offs: the next request after an outage then opens a fresh one
at once, rather than waiting for a retry scheduled up to a minute away.
"""

from __future__ import annotations

import contextlib
import functools
import select
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    Notification,
    OperationalError,
    ProgrammingError,
    StoredEvent,
    Subscription,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from psycopg.conninfo import conninfo_to_dict
from psycopg.errors import DuplicateObject, UndefinedFunction
from psycopg.rows import tuple_row
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


class ReadsComposedOnce:
    """The library's ``select_events``, its statement composed once per shape.

    The library adds the statement together from pieces on every call and psycopg turns
    the pieces into bytes again each time: a tenth of a command's CPU, spent on every
    load. Here each shape (with or without a lower and an upper version, ascending or
    descending, with or without a limit) is composed once, the rows come as tuples, and
    there is one attempt per call as elsewhere in this module."""

    datastore: Any
    select_events_statement: Any

    def select_events(self, originator_id: Any, *, gt: int | None = None,
                      lte: int | None = None, desc: bool = False,
                      limit: int | None = None) -> list[StoredEvent]:
        shape = (gt is not None, lte is not None, desc, limit is not None)
        params = [originator_id, *(p for p in (gt, lte, limit) if p is not None)]
        queries = self.__dict__.setdefault("_select_queries", {})
        with self.datastore.get_connection() as conn, \
                conn.cursor(row_factory=tuple_row) as curs:
            query = queries.get(shape)
            if query is None:
                query = queries[shape] = self._select_statement(*shape).as_bytes(conn)
            curs.execute(query, params, prepare=True)
            return [StoredEvent(originator_id=row[0], originator_version=row[1],
                                topic=row[2], state=bytes(row[3]))
                    for row in curs.fetchall()]

    def _select_statement(self, gt: bool, lte: bool, desc: bool, limit: bool) -> Any:
        """The library's statement for this shape, as it composes it."""
        statement = self.select_events_statement
        if gt:
            statement += SQL(" AND originator_version > %s")
        if lte:
            statement += SQL(" AND originator_version <= %s")
        statement += SQL(" ORDER BY originator_version") + SQL(" DESC" if desc else " ASC")
        if limit:
            statement += SQL(" LIMIT %s")
        return statement


class FailFastApplicationRecorder(CreatedUnderLock, ReadsComposedOnce,
                                  PostgresApplicationRecorder):
    """The library's application recorder, one attempt per call."""

    insert_events = _interrupted(PostgresApplicationRecorder.insert_events)
    select_notifications = _once(PostgresApplicationRecorder.select_notifications)
    max_notification_id = _once(PostgresApplicationRecorder.max_notification_id)

    def select_notification_rows(self, after: int, limit: int,
                                 stop: int | None = None) -> list[tuple]:
        """The notifications above ``after`` (up to ``stop``) as the library's
        ``select_notifications`` reads them, as plain rows: (id, originator id as text,
        version, topic, state). A rebuild reads every event this way: the library's
        reading makes a dict, a UUID and a Notification of each row, a third of it."""
        queries = self.__dict__.setdefault("_row_queries", {})
        with self.datastore.get_connection() as conn, \
                conn.cursor(row_factory=tuple_row) as curs:
            query = queries.get(stop is not None)
            if query is None:
                query = queries[stop is not None] = SQL(
                    "SELECT notification_id, originator_id::text, originator_version, topic, "
                    "state FROM {schema}.{table} WHERE notification_id > %s{stop} "
                    "ORDER BY notification_id LIMIT %s").format(
                    schema=Identifier(self.datastore.schema),
                    table=Identifier(self.events_table_name),
                    stop=SQL(" AND notification_id <= %s" if stop is not None else "")
                ).as_bytes(conn)
            params = (after, stop, limit) if stop is not None else (after, limit)
            curs.execute(query, params, prepare=True)
            return curs.fetchall()

    @staticmethod
    def convert_originator_id(text: str) -> UUID:
        """The originator id the library reads for this text (its column is a uuid)."""
        return UUID(text)


# A subscription that reads while notifications follow one another closely (the last one
# came less than STREAMING seconds before) waits COALESCE seconds after a notification
# before it reads, so that what commits meanwhile comes in the same read and the same
# batch of the projection runner: each read, and each batch the runner commits to every
# projection, costs about the same whatever its size. COALESCE is what this adds to an
# event's way into the views (and then the reading thread's turn on a busy machine:
# measured at 200 commands/s, p50 1 -> 5 ms, p99 5 -> 12 ms); a notification after a
# quiet spell is read at once.
COALESCE = 0.004
FOLLOW_COALESCE = "FOLLOW_COALESCE_MS"  # the setting that changes it (adapters/eventstore.py)
STREAMING = 0.05
SELECT_LIMIT = 500  # notifications read at a time, as the library's subscription


class ListeningSubscription(Subscription):
    """The library's LISTEN/NOTIFY subscription read by the thread that iterates it, on one
    connection that both listens and reads.

    The library's own listens in one thread and reads in another, which takes a pooled
    connection and composes its statement afresh for every notification, and hands the
    rows over through a queue: under a steady stream of commits that was as much of the
    projection worker's CPU as projecting the events. Here LISTEN is issued before the
    first read, so a notification for a commit after any read is waited for, never lost;
    ids come in commit order as the runner relies on (see ``projections.runner``); and
    reads are coalesced as COALESCE says. ``stop`` is seen within 0.1 s by an iteration
    that waits; errors are the library's (OperationalError, InterfaceError, ...)."""

    def __init__(self, recorder: Any, gt: int | None = None,
                 topics: Sequence[str] = (), coalesce: float = COALESCE,
                 streaming: float = STREAMING) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self.coalesce, self.streaming = coalesce, streaming
        self._reads: Iterator[list[Notification]] | None = None
        self._held: list[Notification] = []  # what __next__ has yet to hand out, reversed

    def batches(self, limit: int = SELECT_LIMIT) -> Iterator[list[Notification]]:
        """Each read's notifications together (at most ``limit``), for a reader that takes
        them in batches, as the projection runner does: read and handed on in its own
        thread, with no thread or queue between. Not to be mixed with iterating."""
        if self._reads is None:
            self._reads = self._read(limit)
        return self._reads

    def __next__(self) -> Notification:
        if self._has_been_stopped:
            if self._reads is not None:
                self._reads.close()  # in the iterating thread: the connection goes back now
            raise StopIteration
        if not self._held:
            self._held = next(self.batches())[::-1]
        return self._held.pop()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        super().__exit__(*args, **kwargs)
        if self._reads is not None:
            with contextlib.suppress(ValueError):  # being read: it ends within 0.1 s itself
                self._reads.close()

    def _read(self, limit: int) -> Iterator[list[Notification]]:
        recorder = self._recorder
        topics = list(self._topics)
        statement = SQL("SELECT notification_id, originator_id, originator_version, topic, "
                        "state FROM {0}.{1} WHERE notification_id > %s{2} "
                        "ORDER BY notification_id LIMIT %s").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name),
            SQL(" AND topic = ANY(%s)" if topics else ""))
        with recorder.datastore.get_connection() as conn:
            conn.execute(SQL("LISTEN {0}").format(Identifier(recorder.channel_name)))
            try:
                query, last = statement.as_bytes(conn), float("-inf")
                while not self._has_been_stopped:
                    after = self._last_notification_id or 0
                    with conn.cursor(row_factory=tuple_row) as curs:
                        curs.execute(query, [after, topics, limit] if topics
                                     else [after, limit], prepare=True)
                        rows = curs.fetchall()
                    if rows:
                        self._last_notification_id = rows[-1][0]
                        yield [Notification(id=row[0], originator_id=row[1],
                                            originator_version=row[2], topic=row[3],
                                            state=bytes(row[4])) for row in rows]
                    if len(rows) == limit:
                        continue
                    notified = False
                    while not notified and not self._has_been_stopped:
                        for _ in conn.notifies(timeout=0.1, stop_after=1):
                            notified = True
                    now = time.monotonic()
                    if now - last < self.streaming:
                        time.sleep(self.coalesce)
                    last = now
                    for _ in conn.notifies(timeout=0):  # their commits are read next
                        pass
            finally:
                with contextlib.suppress(Exception):
                    conn.execute("UNLISTEN *")


class GroupCommitApplicationRecorder(FailFastApplicationRecorder):
    """Concurrent saves in one transaction under the events table's lock (one fsync).

    One statement checks and inserts the whole batch under the lock, where no one else
    inserts: a save any of whose (aggregate, version) keys is stored already is left out
    and answered IntegrityError, alone; the others go in together, so their notification
    ids are consecutive and none is spent on a row that fails: the log has no gap for a
    reader to wait on.

    Lock, notify, check, insert and commit are one call of a function made beside the
    table (as the library's own ``es_insert_events``), sent as one prepared statement on
    an autocommit connection: one round trip, and one wake-up of the committing thread,
    which under many threads waits for the interpreter's lock at every wake-up.

    The check looks each key up by itself (a lateral subquery with a limit, which the
    planner cannot turn into a join over the whole table): the function's plan is kept
    per connection, and one made while the table was small or not yet analysed joined
    the batch to a sequential scan of every stored event, under the lock (1.7 ms at
    13,000 events, growing with the log)."""

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.committer = Committer(self._commit_batch)
        schema, table = Identifier(self.datastore.schema), Identifier(self.events_table_name)
        function = Identifier(f"{self.events_table_name}_insert_batch"[:63])
        id_type = Identifier(self.datastore.originator_id_type)
        self.sql_create_statements.append(SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{function}(p_ids {id_type}[], "
            "p_versions bigint[], p_topics text[], p_states bytea[], p_saves int[], "
            "p_lock_timeout text) "
            "RETURNS TABLE (r_id {id_type}, r_version bigint, r_position bigint) "
            "LANGUAGE plpgsql AS $BODY$ BEGIN "
            "PERFORM set_config('lock_timeout', p_lock_timeout, true); "
            "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
            "NOTIFY {channel}; "
            "RETURN QUERY WITH batch AS (SELECT * FROM unnest(p_ids, p_versions, p_topics, "
            "p_states, p_saves) WITH ORDINALITY AS b(id, version, topic, state, save, n)), "
            "taken AS (SELECT DISTINCT b.save FROM batch b CROSS JOIN LATERAL (SELECT 1 "
            "FROM {schema}.{table} t WHERE t.originator_id = b.id "
            "AND t.originator_version = b.version LIMIT 1) AS hit) "
            "INSERT INTO {schema}.{table} AS t (originator_id, originator_version, topic, "
            "state) SELECT b.id, b.version, b.topic, b.state FROM batch b "
            "WHERE b.save NOT IN (SELECT save FROM taken) ORDER BY b.n "
            "RETURNING t.originator_id, t.originator_version, t.notification_id; "
            "END; $BODY$"
        ).format(schema=schema, table=table, function=function, id_type=id_type,
                 channel=Identifier(self.channel_name)))
        self.insert_batch_statement = SQL(
            "SELECT * FROM {schema}.{function}(%s::{id_type}[], %s::bigint[], %s::text[], "
            "%s::bytea[], %s::int[], %s::text)"
        ).format(schema=schema, function=function, id_type=id_type)
        self._lock_timeout = f"{self.datastore.lock_timeout}s"
        self._insert_batch_query: bytes | None = None

    coalesce = COALESCE  # FOLLOW_COALESCE_MS of the event-store settings, in seconds

    def subscribe(self, gt: int | None = None, topics: Sequence[str] = ()) -> Subscription:
        return ListeningSubscription(self, gt=gt, topics=topics, coalesce=self.coalesce)

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

    def _insert_batch(self, columns: tuple) -> dict[tuple[Any, int], int]:
        """Notification ids by (aggregate, version) of the rows the function stored."""
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            query = self._insert_batch_query
            if query is None:
                query = self._insert_batch_query = self.insert_batch_statement.as_bytes(conn)
            # autocommit: the statement is its own transaction; not prepared, so that every
            # call names the function (tests/integration/pgproxy.py cuts at it)
            curs.execute(query, columns, prepare=False)
            return {(r["r_id"], r["r_version"]): r["r_position"] for r in curs.fetchall()}

    def _commit_checked(self, batch: list[Save]) -> None:
        saves = _distinct(batch)  # a save that repeats an earlier one's key fails here
        ids, versions, topics, states, numbers = [], [], [], [], []
        for number, save in enumerate(saves):
            for e in save.events:
                ids.append(e.originator_id)
                versions.append(e.originator_version)
                topics.append(e.topic)
                states.append(e.state)
                numbers.append(number)
        columns = (ids, versions, topics, states, numbers, self._lock_timeout)
        try:
            stored = self._insert_batch(columns)
        except ProgrammingError as error:
            if not isinstance(error.__cause__, UndefinedFunction):
                raise
            self.create_table()  # a store made before the function was: made now, once
            stored = self._insert_batch(columns)
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


class FailFastAggregateRecorder(CreatedUnderLock, ReadsComposedOnce,
                                PostgresAggregateRecorder):
    """The snapshot store's recorder, one attempt per call (every load reads it first)."""

    insert_events = _interrupted(PostgresAggregateRecorder.insert_events)


class FailFastPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence with the recorders above
    (``PERSISTENCE_MODULE=adapters.pg:FailFastPostgresFactory``)."""

    aggregate_recorder_class = FailFastAggregateRecorder
    application_recorder_class = GroupCommitApplicationRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        pool.reconnect_timeout = pool.timeout
        if getattr(pool, "_check", None) is ConnectionPool.check_connection:
            pool._check = check_spoken  # the pool takes its check only when made

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        # one batch at a time unless GROUP_COMMIT_DEPTH says more: with two, a second
        # batch's statement waits for the table's lock on the server while the first
        # commits; measured loaded, that made more, smaller commits and a higher median
        recorder.committer.settings = Settings.from_env(self.env)
        recorder.coalesce = coalesce_from_env(self.env)
        return recorder


def coalesce_from_env(env: Any) -> float:
    """``FOLLOW_COALESCE_MS`` of the event-store settings in seconds (COALESCE unset):
    how long a subscription waits after a notification, while commits stream, before it
    reads; ``0`` reads each at once."""
    text = env.get(FOLLOW_COALESCE) or ""
    if not text:
        return COALESCE
    try:
        milliseconds = float(text)
    except ValueError:
        milliseconds = -1.0
    if not 0 <= milliseconds <= 1000:
        raise ValueError(f"{FOLLOW_COALESCE} must be a number of milliseconds from 0 to "
                         f"1000, got {text!r}")
    return milliseconds / 1000


def is_postgres(settings: Mapping[str, str]) -> bool:
    """Whether these eventsourcing settings name a PostgreSQL event store."""
    return "POSTGRES_DBNAME" in settings


def conninfo(settings: Mapping[str, str]) -> str:
    """A libpq connection string for the eventsourcing settings' database."""
    return (f"dbname={settings['POSTGRES_DBNAME']} host={settings['POSTGRES_HOST']} "
            f"port={settings['POSTGRES_PORT']} user={settings['POSTGRES_USER']} "
            f"password={settings['POSTGRES_PASSWORD']} "
            f"connect_timeout={max(1, round(float(settings.get('POSTGRES_CONNECT_TIMEOUT', 5))))}")


def check_spoken(connection: Any) -> None:
    """The pool's check before use, with a round trip only when it can tell anything.

    A server that restarts or ends a session says so on the socket (an error message,
    then the end of the stream) before it closes it; an idle pooled connection on which
    nothing has arrived is as alive as a ping would find it. So the ping (the pool's own
    ``check_connection``) is sent only when the socket has something to read or the
    connection is known closed: every load and every commit saves a round trip, and with
    it a wake-up of a thread that must then wait for the interpreter's lock again. As
    the connection check of Go's MySQL driver, which reads the idle socket without
    blocking before it reuses a connection."""
    if connection.closed or select.select([connection.fileno()], [], [], 0)[0]:
        ConnectionPool.check_connection(connection)


def small_pool(dsn: str, max_size: int = 4) -> ConnectionPool:
    """A pool for the stores beside the event store (keys, persons, audit): connections
    are checked before use, and a caller waits for one no longer than the connection
    string's ``connect_timeout`` (5 s when it names none), nor for a reconnection."""
    timeout = float(conninfo_to_dict(dsn).get("connect_timeout") or 5)
    return ConnectionPool(dsn, min_size=1, max_size=max_size, open=True, timeout=timeout,
                          reconnect_timeout=timeout, check=check_spoken,
                          kwargs={"autocommit": True})

