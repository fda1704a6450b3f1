"""The SQLite view store (the embedded default): one set of tables per projection space."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path

from adapters.sqlite_threads import ThreadConnections
from projections.queries import Plan
from projections.rows import Write, decode_row, encode_row
from projections.store import APPLICATION, PositionConflict, ViewStore

NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
TOP = chr(0x10FFFF)
# A writing connection keeps more of the file's pages (a rebuild's B-trees outgrow the
# default 2 MiB soon) and copies the write-ahead log back into the file once it has
# grown to 64 MiB rather than 4: a rebuild's batches rewrite the same index pages, which
# are then copied (and synced) once, not once a batch. At 200,000 events: 12 % less CPU
# and a quarter less time.
WRITER = ("PRAGMA cache_size=-32768", "PRAGMA wal_autocheckpoint=16384")


class SQLiteViewStore(ViewStore):
    """Views in a SQLite file, safe for a writer thread and many reader threads."""

    # Each transaction rewrites every index page its rows land on, and the trail's rows
    # land all over its indexes (keyed by aggregate): at 200,000 events batches of 10,000
    # cost a rebuild 46 µs an event where batches of 2,000 cost 60, and the gap grows
    # with the file. The batch's facts and rows are held meanwhile (tens of MiB).
    rebuild_batch = 10_000

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._threads = ThreadConnections(path)
        self._keyed: dict[str, bool] = {}  # rows and terms tables: whether indexed by key
        with self._write() as db:
            db.execute("CREATE TABLE IF NOT EXISTS views_live ("
                       "projection TEXT PRIMARY KEY, space TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS views_identity ("
                       "name TEXT PRIMARY KEY, identity TEXT NOT NULL)")

    # --- connections and transactions -------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        return self._threads.get()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        local = self._threads.local
        if not getattr(local, "writer", False):  # once per connection that writes
            db = self._db()
            for pragma in WRITER:
                db.execute(pragma)
            local.writer = True
        try:
            with self._threads.immediate("view store") as db:
                yield db
        except BaseException:
            # an index this transaction made is rolled back with it: what ``_keyed``
            # learnt meanwhile is asked of the file again (a row table taken for keyed
            # while it is not would take a replaced row as a second one)
            self._keyed.clear()
            raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for a whole query, so a swap in between is never half seen.

        Reads nest (two dumps compared side by side share one snapshot).
        """
        db = self._db()
        depth = getattr(self._threads.local, "reads", 0)
        if depth == 0:
            db.execute("BEGIN")
        self._threads.local.reads = depth + 1
        try:
            yield db
        finally:
            self._threads.local.reads -= 1
            if self._threads.local.reads == 0:
                db.execute("COMMIT")

    def close(self) -> None:
        self._threads.close()

    # --- whose log -------------------------------------------------------------------------

    def identity(self) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT identity FROM views_identity WHERE name = ?",
                             (APPLICATION,)).fetchone()
        return row[0] if row else None

    def claim(self, identity: str, replace: bool = False) -> str:
        with self._write() as db:
            verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
            db.execute(f"{verb} INTO views_identity VALUES (?, ?)", (APPLICATION, identity))
            return db.execute("SELECT identity FROM views_identity WHERE name = ?",
                              (APPLICATION,)).fetchone()[0]

    # --- spaces ------------------------------------------------------------------------------

    @staticmethod
    def _tables(projection: str, space: str) -> tuple[str, str, str]:
        if not NAME.match(projection) or not NAME.match(space):
            raise ValueError(f"bad projection or space name: {projection!r} {space!r}")
        prefix = f"{projection}_{space}"
        return f"{prefix}_rows", f"{prefix}_terms", f"{prefix}_tracking"

    def _live(self, db: sqlite3.Connection, projection: str) -> str | None:
        row = db.execute("SELECT space FROM views_live WHERE projection = ?",
                         (projection,)).fetchone()
        return row[0] if row else None

    def _create(self, db: sqlite3.Connection, projection: str, keyed: bool = True) -> str:
        space = "s" + uuid.uuid4().hex[:12]
        rows, terms, tracking = self._tables(projection, space)
        # a rowid table: documents (hundreds of bytes each) are appended in the order they
        # come, and only the small (tbl, key) index takes them in key order; the same
        # table WITHOUT ROWID kept each document in a B-tree by key, a few to a page, and
        # split pages all over it as a rebuild's rows came in (older spaces keep that
        # layout: every statement here reads both)
        db.execute(f"CREATE TABLE {rows} (tbl TEXT, key TEXT, doc TEXT NOT NULL, "
                   "score REAL NOT NULL" + (", PRIMARY KEY (tbl, key))" if keyed else ")"))
        db.execute(f"CREATE TABLE {terms} (tbl TEXT, term TEXT, score REAL, key TEXT, "
                   "PRIMARY KEY (tbl, term, score, key)) WITHOUT ROWID")
        if keyed:
            self._index_terms(db, terms)
            self._keyed[rows] = True
        db.execute(f"CREATE TABLE {tracking} (application_name TEXT PRIMARY KEY, "
                   "notification_id INTEGER NOT NULL)")
        return space

    def create_space(self, projection: str) -> str:
        """A space to rebuild into, its tables indexed by row key only once needed.

        Its terms are indexed by row key when it is made live (``swap``), in one sorted
        pass: until then each term row is one B-tree insert, not two, and the second
        would land all over the file (a rebuild writes in log order, the index is in key
        order); the deletes it needs meanwhile name each term row whole (``_write_rows``).
        Its rows are indexed by key (unique) as soon as a row is replaced, deleted or
        read, or else when it is made live: rows that are only ever added (the trail's)
        are appended, and their key index is built in one pass at the end.
        """
        with self._write() as db:
            return self._create(db, projection, keyed=False)

    def _index_terms(self, db: sqlite3.Connection, terms: str) -> None:
        db.execute(f"CREATE INDEX IF NOT EXISTS {terms}_by_key ON {terms} (tbl, key, term)")
        self._keyed[terms] = True

    def _index_rows(self, db: sqlite3.Connection, rows: str) -> None:
        if not self._rows_keyed(db, rows):
            db.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {rows}_by_key ON {rows} (tbl, key)")
            self._keyed[rows] = True

    def _is_keyed(self, db: sqlite3.Connection, terms: str) -> bool:
        """Whether the terms table has its index by row key (asked once a table: only a
        space being rebuilt lacks it, and gains it as it is made live)."""
        keyed = self._keyed.get(terms)
        if keyed is None:
            keyed = self._keyed[terms] = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                (f"{terms}_by_key",)).fetchone() is not None
        return keyed

    def _rows_keyed(self, db: sqlite3.Connection, rows: str) -> bool:
        """Whether the rows table is indexed by key: by its primary key (every space but
        one being rebuilt), or by the index a rebuilt space is given when it needs one.
        Once known to be, remembered; else asked again (another process may have)."""
        if self._keyed.get(rows):
            return True
        keyed = db.execute(
            "SELECT 1 FROM sqlite_master WHERE (type = 'table' AND name = ? AND sql LIKE "
            "'%PRIMARY KEY%') OR (type = 'index' AND name = ?)",
            (rows, f"{rows}_by_key")).fetchone() is not None
        if keyed:
            self._keyed[rows] = True
        return keyed

    def swap(self, projection: str, space: str) -> None:
        with self._write() as db:
            rows, terms, _ = self._tables(projection, space)
            self._index_rows(db, rows)
            self._index_terms(db, terms)
            old = self._live(db, projection)
            db.execute("INSERT INTO views_live VALUES (?, ?) ON CONFLICT (projection) "
                       "DO UPDATE SET space = excluded.space", (projection, space))
        if old is not None and old != space:
            self.drop_space(projection, old)

    def drop_space(self, projection: str, space: str) -> None:
        with self._write() as db:
            if self._live(db, projection) == space:
                raise ValueError(f"space {space} of {projection} is live; swap first")
            for table in self._tables(projection, space):
                db.execute(f"DROP TABLE IF EXISTS {table}")
                self._keyed.pop(table, None)

    def spaces(self, projection: str) -> list[str]:
        """Every space of the projection in the file, live or not."""
        with self._read() as db:
            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name LIKE ?", (f"{projection}_%_tracking",)).fetchall()
        return sorted(name[len(projection) + 1:-len("_tracking")] for (name,) in names)

    # --- writing -------------------------------------------------------------------------------

    def position(self, projection: str, space: str | None = None,
                 application: str = APPLICATION) -> int | None:
        with self._read() as db:
            return self._position(db, projection, space or self._live(db, projection),
                                  application)

    def _position(self, db: sqlite3.Connection, projection: str,
                  space: str | None, application: str = APPLICATION) -> int | None:
        if space is None:
            return None
        tracking = self._tables(projection, space)[2]
        row = db.execute(f"SELECT notification_id FROM {tracking} WHERE application_name = ?",
                         (application,)).fetchone()
        return row[0] if row else None

    def apply_all(self, batches: Sequence[tuple]) -> list[PositionConflict | None]:
        """Every projection's batch in one transaction (one commit), each checked alone.

        The rows are encoded before the transaction begins, so the file's one writer lock
        is held for the writing alone (readers, and a rebuild's other processes, wait less).
        """
        statements = [_statements(batch[1]) for batch in batches]
        outcomes: list[PositionConflict | None] = []
        with self._write() as db:
            for batch, prepared in zip(batches, statements, strict=True):
                try:
                    self._apply_in(db, *batch, prepared=prepared)
                    outcomes.append(None)
                except PositionConflict as conflict:
                    outcomes.append(conflict)
        return outcomes

    def _apply_in(self, db: sqlite3.Connection, projection: str, writes: Sequence[Write],
                  position: int, expected: int | None, space: str | None,
                  application: str = APPLICATION, prepared: Statements | None = None) -> None:
        """Check the position, then write; a conflict is raised before anything is written."""
        live = space is None
        space = self._live(db, projection) if live else space
        current = self._position(db, projection, space, application)
        if current != expected:
            raise PositionConflict(f"{projection} is at {current}, not {expected}")
        if current is not None and position <= current:
            raise PositionConflict(f"{projection} is already at {current}")
        if space is None:
            space = self._create(db, projection)
            db.execute("INSERT INTO views_live VALUES (?, ?)", (projection, space))
        rows, terms, tracking = self._tables(projection, space)
        prepared = prepared or _statements(writes)
        if prepared[3] or prepared[5]:  # a row deleted or replaced: found by its key
            self._index_rows(db, rows)
        self._write_rows(db, rows, terms, prepared, self._is_keyed(db, terms))
        db.execute(f"INSERT INTO {tracking} VALUES (?, ?) ON CONFLICT (application_name) "
                   "DO UPDATE SET notification_id = excluded.notification_id",
                   (application, position))

    @staticmethod
    def _write_rows(db: sqlite3.Connection, rows: str, terms: str,
                    prepared: Statements, keyed: bool = True) -> None:
        moved, dropped, gone, deleted, fresh, puts, added = prepared
        if keyed:
            if moved:
                db.executemany(f"DELETE FROM {terms} WHERE tbl = ? AND key = ?", moved)
            if dropped:
                db.executemany(f"DELETE FROM {terms} WHERE tbl = ? AND term = ? AND key = ?",
                               [(table, term, key) for table, term, _, key in dropped])
        elif gone or dropped:  # no index by key (yet): each term row by its whole key
            db.executemany(f"DELETE FROM {terms} WHERE tbl = ? AND term = ? AND score = ? "
                           "AND key = ?", gone + dropped)
        if deleted:
            db.executemany(f"DELETE FROM {rows} WHERE tbl = ? AND key = ?", deleted)
        db.executemany(f"INSERT OR REPLACE INTO {rows} VALUES (?, ?, ?, ?)", fresh + puts)
        db.executemany(f"INSERT OR REPLACE INTO {terms} VALUES (?, ?, ?, ?)", added)

    def get_many(self, table: str, keys: Iterable[str],
                 space: str | None = None) -> dict[str, dict]:
        keys = list(keys)
        projection = self.home(table)
        found: dict[str, dict] = {}
        if space is not None and not getattr(self._threads.local, "reads", 0):
            rows = self._tables(projection, space)[0]
            if not self._rows_keyed(self._db(), rows):  # a rebuild's space: read by key
                with self._write() as db:
                    self._index_rows(db, rows)
        with self._read() as db:
            space = space or self._live(db, projection)
            if space is None:
                return found
            rows = self._tables(projection, space)[0]
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, doc in db.execute(f"SELECT key, doc FROM {rows} WHERE tbl = ? AND "
                                           f"key IN ({marks})", (table, *chunk)):
                    found[key] = decode_row(doc)
        return found

    # --- reading ---------------------------------------------------------------------------------

    def _matching(self, plan: Plan, rows: str, terms: str) -> tuple[str, list]:
        """FROM and WHERE for rows carrying every term of the plan within its score range."""
        first, *others = plan.terms
        sql = f"FROM {terms} t0"
        params: list = []
        for n, term in enumerate(others, start=1):
            sql += (f" JOIN {terms} t{n} ON t{n}.tbl = t0.tbl AND t{n}.key = t0.key "
                    f"AND t{n}.term = ?")
            params.append(term)
        sql += f" JOIN {rows} r ON r.tbl = t0.tbl AND r.key = t0.key WHERE t0.tbl = ? " \
               "AND t0.term = ?"
        params += [plan.table, first]
        if plan.low is not None:
            sql, params = sql + " AND t0.score >= ?", [*params, plan.low]
        if plan.high is not None:
            sql, params = sql + " AND t0.score <= ?", [*params, plan.high]
        return sql, params

    def _ordered(self, plan: Plan, offset: int, limit: int) -> tuple[list[dict], int]:
        with self._read() as db:
            space = self._live(db, self.home(plan.table))
            if space is None:
                return [], 0
            rows, terms, _ = self._tables(self.home(plan.table), space)
            where, params = self._matching(plan, rows, terms)
            order = "DESC" if plan.descending else "ASC"
            docs = [decode_row(doc) for (doc,) in db.execute(
                f"SELECT r.doc {where} ORDER BY t0.score {order}, t0.key {order} "
                "LIMIT ? OFFSET ?", (*params, limit, offset))]
            total = db.execute(f"SELECT COUNT(*) {where}", params).fetchone()[0]
        return docs, total

    def _page(self, plan: Plan) -> tuple[int, list[dict]]:
        docs, total = self._ordered(plan, plan.offset, plan.limit)
        return total, docs

    def _scan(self, plan: Plan, after: int, size: int) -> list[dict]:
        return self._ordered(plan, after, size)[0]

    def count(self, table: str, term: str, low: float | None = None,
              high: float | None = None) -> int:
        plan = Plan(table, (term,), low, high)
        with self._read() as db:
            space = self._live(db, self.home(table))
            if space is None:
                return 0
            rows, terms, _ = self._tables(self.home(table), space)
            where, params = self._matching(plan, rows, terms)
            return db.execute(f"SELECT COUNT(*) {where}", params).fetchone()[0]

    def terms(self, table: str, prefix: str) -> list[str]:
        with self._read() as db:
            space = self._live(db, self.home(table))
            if space is None:
                return []
            terms = self._tables(self.home(table), space)[1]
            return [term for (term,) in db.execute(
                f"SELECT DISTINCT term FROM {terms} WHERE tbl = ? AND term >= ? AND term < ?",
                (table, prefix, prefix + TOP))]

    def dump(self, projection: str, space: str | None = None) -> Iterator[tuple]:
        with self._read() as db:
            space = space or self._live(db, projection)
            if space is None:
                return
            rows, terms, _ = self._tables(projection, space)
            indexed = groupby(db.execute(
                f"SELECT tbl, key, term FROM {terms} ORDER BY tbl, key, term"),
                key=lambda row: (row[0], row[1]))
            pending = next(indexed, None)
            for table, key, doc, score in db.execute(
                    f"SELECT tbl, key, doc, score FROM {rows} ORDER BY tbl, key"):
                while pending is not None and pending[0] < (table, key):
                    pending = next(indexed, None)  # terms of no row: reported by no one
                row_terms = []
                if pending is not None and pending[0] == (table, key):
                    row_terms = [term for _, _, term in pending[1]]
                    pending = next(indexed, None)
                yield table, key, decode_row(doc), row_terms, score


# moved (table, key), dropped and gone (table, term, score, key), deleted, fresh (new
# rows), puts (rows replaced), added
Statements = tuple[list, list, list, list, list, list, list]


def _statements(writes: Sequence[Write]) -> Statements:
    """The parameters of a batch's statements, its rows encoded: one pass over the writes
    (a rebuild writes hundreds of thousands of rows).

    A row whose score moved loses every term row it had: by its key where the terms are
    indexed by key (``moved``), else each by its whole key (``gone``: the old terms at the
    old score).
    """
    moved, dropped, gone, deleted, fresh, puts, added = [], [], [], [], [], [], []
    new, add = fresh.append, added.append
    for w in writes:
        if w.old_score is None:  # a new row (most of a rebuild's): every term is new
            table, key, score = w.table, w.key, w.score
            if w.doc is None:
                deleted.append((table, key))
            else:
                new((table, key, encode_row(w.doc), score))
            for term in w.terms:
                add((table, term, score, key))
            continue
        if w.doc is None:
            deleted.append((w.table, w.key))
        else:
            puts.append((w.table, w.key, encode_row(w.doc), w.score))
        if w.old_score != w.score:
            moved.append((w.table, w.key))
            gone += [(w.table, term, w.old_score, w.key) for term in w.old_terms]
        elif w.old_terms:
            dropped += [(w.table, term, w.score, w.key) for term in w.terms_to_remove()]
        added += [(w.table, term, w.score, w.key) for term in w.terms_to_add()]
    return moved, dropped, gone, deleted, fresh, puts, added
