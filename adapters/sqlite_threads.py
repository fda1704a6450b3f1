"""One SQLite connection per thread to one file, closed together.

The views and the outbox each keep a SQLite file that a writer thread and many reader
threads use at once: WAL lets readers go on beside the writer, and a connection is never
shared between threads.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from projections.store import StoreUnavailable


class ThreadConnections:
    """The calling thread's connection to ``path`` (made on first use), and all of them."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @property
    def local(self) -> threading.local:
        """Per-thread state beside the connection (e.g. a depth of nested reads)."""
        return self._local

    def get(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                 check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextmanager
    def immediate(self, what: str) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE: one writer at a time), committed when the
        block ends and rolled back when it raises; a file that cannot be written is
        ``StoreUnavailable``, naming ``what`` it holds."""
        db = self.get()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreUnavailable(f"{what} {self.path}: {error}") from error
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()
