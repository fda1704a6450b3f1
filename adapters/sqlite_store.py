"""SQLite with group commit: the saves of concurrent commands in one transaction.

Writers serialise on SQLite's file lock anyway; batching them makes one commit (and one
fsync) of many. A batch is written in one transaction; when a save's versions are taken
(rare: commands of one process take turns per aggregate), the transaction is rolled back
and the batch written again with each save under a savepoint of its own, so that save is
rolled back alone and answered IntegrityError. A notification id is the table's rowid,
the next after the largest, so a rolled-back save leaves no gap.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from eventsourcing.persistence import IntegrityError
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory

from adapters.groupcommit import Committer, Save, Settings


class GroupCommitSQLiteRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, its saves committed in batches."""

    # its reads are this process's work, the interpreter's lock taken row by row: a log
    # reader gains nothing by reading ahead in a thread of its own (projections.log)
    reads_in_process = True

    def __init__(self, datastore: Any, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name)
        self.committer = Committer(self._commit_batch)

    def select_notification_rows(self, after: int, limit: int,
                                 stop: int | None = None) -> list[tuple]:
        """The notifications above ``after`` (up to ``stop``) as the library's
        ``select_notifications`` reads them, as plain rows: (id, originator id as stored,
        version, topic, state); ``convert_originator_id`` makes the id the library gives.
        A rebuild reads every event this way: the library's reading makes a Row, a UUID
        and a Notification of each, two thirds of its time."""
        statement = (f"SELECT rowid, originator_id, originator_version, topic, state FROM "
                     f"{self.events_table_name} WHERE rowid > ?"
                     + (" AND rowid <= ?" if stop is not None else "")
                     + " ORDER BY rowid LIMIT ?")
        params = (after, stop, limit) if stop is not None else (after, limit)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.sqlite_cursor.row_factory = None  # plain tuples, not the library's Rows
            cursor.execute(statement, params)
            return cursor.fetchall()

    def insert_events(self, stored_events: Any, **kwargs: Any) -> Any:
        if kwargs.get("tracking") is not None or not stored_events:
            return super().insert_events(stored_events, **kwargs)
        return self.committer.submit(stored_events)

    def _commit_batch(self, batch: list[Save]) -> None:
        """The batch in one transaction; if a save's versions are taken, again with each
        save under a savepoint. Two statements fewer a save in the usual case, each a
        release and a retaking of the interpreter's lock by the committing thread."""
        try:
            written = self._write_together(batch)
        except _Taken as taken:
            if len(batch) == 1:
                batch[0].fail(IntegrityError(str(taken.__cause__)))
                return
            self._write_apart(batch)
            return
        except Exception as error:  # noqa: BLE001 - every save of the batch hears it
            for save in batch:
                save.fail(error)
            return
        for save, ids in written:
            save.ids = ids

    def _write_together(self, batch: list[Save]) -> list[tuple[Save, Any]]:
        with self.datastore.transaction(commit=True) as cursor:
            written = []
            for save in batch:
                try:
                    written.append((save, self._insert_events(cursor, save.events)))
                except sqlite3.IntegrityError as error:
                    raise _Taken from error  # rolls the whole transaction back
            return written

    def _write_apart(self, batch: list[Save]) -> None:
        written: list[tuple[Save, Any]] = []
        try:
            with self.datastore.transaction(commit=True) as cursor:
                for save in batch:
                    cursor.execute("SAVEPOINT save")
                    try:
                        ids = self._insert_events(cursor, save.events)
                    except sqlite3.IntegrityError as error:
                        cursor.execute("ROLLBACK TO save")
                        save.fail(IntegrityError(str(error)))
                    else:
                        written.append((save, ids))
                    cursor.execute("RELEASE save")
        except Exception as error:  # noqa: BLE001 - every save of the batch hears it
            for save in batch:
                if save.error is None:
                    save.fail(error)
            return
        for save, ids in written:
            save.ids = ids


class _Taken(Exception):
    """A save's (aggregate, version) is stored already: the batch goes again, apart."""


class GroupCommitSQLiteFactory(SQLiteFactory):
    """The library's SQLite persistence with the recorder above
    (``PERSISTENCE_MODULE=adapters.sqlite_store:GroupCommitSQLiteFactory``)."""

    application_recorder_class = GroupCommitSQLiteRecorder

    def application_recorder(self) -> Any:
        recorder = super().application_recorder()
        # one batch at a time whatever GROUP_COMMIT_DEPTH says: writers serialise on the
        # file, so a second batch would only sleep in the busy handler
        recorder.committer.settings = replace(Settings.from_env(self.env), depth=1)
        return recorder


def is_sqlite(settings: Mapping[str, str]) -> bool:
    """Whether these eventsourcing settings name an SQLite event store."""
    return "SQLITE_DBNAME" in settings
