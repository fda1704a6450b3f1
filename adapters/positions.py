"""The log positions of an aggregate's events, read from the event store's own index
(``domain/positions.py``): its events' rows found by their key, never by a scan."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from domain.positions import LogPositions, ScannedPositions


class SQLitePositions(LogPositions):
    """SQLite: a notification id is the row's rowid."""

    def __init__(self, recorder: SQLiteApplicationRecorder) -> None:
        self._recorder = recorder
        self._statement = (f"SELECT originator_version, rowid FROM {recorder.events_table_name} "
                           "WHERE originator_id = ?")

    def of(self, aggregate_id: UUID) -> dict[int, int]:
        with self._recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._statement, (aggregate_id.hex,))
            return {version: rowid for version, rowid in cursor.fetchall()}


class PostgresPositions(LogPositions):
    """PostgreSQL: the row's notification_id."""

    def __init__(self, recorder: PostgresApplicationRecorder) -> None:
        self._recorder = recorder
        self._statement = SQL("SELECT originator_version, notification_id FROM {}.{} "
                              "WHERE originator_id = %s").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))

    def of(self, aggregate_id: UUID) -> dict[int, int]:
        with self._recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(self._statement, (aggregate_id,), prepare=True)
            return {row["originator_version"]: row["notification_id"]
                    for row in cursor.fetchall()}


def positions_for(recorder: Any) -> LogPositions:
    """The fastest reader of positions for this recorder's store (a scan for memory)."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return SQLitePositions(recorder)
    if isinstance(recorder, PostgresApplicationRecorder):
        return PostgresPositions(recorder)
    return ScannedPositions(recorder)
