"""The view-store port: rows with tracking, written a batch at a time, read by plans.

A store keeps, per projection, a live *space* (a keyspace or set of tables) holding the
rows of that projection's tables and its position in the event log. A batch of writes
and the new position are committed together or not at all, and only if the stored
position is still the one the batch was computed from, so an event is never applied
twice. Rebuilds fill a fresh space and swap it in whole.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from projections.catalogue import HOME
from projections.dashboard import dashboard
from projections.queries import (
    CommitmentQuery,
    InboxQuery,
    MotionQuery,
    NoteQuery,
    Page,
    Paging,
    Plan,
    public_plan,
)
from projections.rows import Write

APPLICATION = "notaledger"  # the upstream application whose log the views follow
Batch = tuple  # (projection, writes, position, expected, space[, application]): apply()'s
SCAN_CHUNK = 500


def part_name(index: int, count: int) -> str:
    """Whose position a part of a shared rebuild keeps: the aggregates ``index`` of
    ``count`` (see ``projections.rebuild``), beside the log's own."""
    return f"{APPLICATION}#part-{index + 1}-of-{count}"


class PositionConflict(Exception):
    """The stored position is not the one the batch was computed from."""


class StoreUnavailable(Exception):
    """The view store cannot be reached just now; the caller may retry."""


class ViewStore(ABC):
    """Rows and positions of every projection, in one database."""

    # whether a rebuild gains by writing one batch while it prepares the next: a store
    # whose writes mostly wait on another process (Redis) does; one whose writes need this
    # interpreter's lock row by row (SQLite's executemany) only takes turns with it
    write_behind = False
    # events a rebuild reads, folds and writes at a time unless told otherwise
    rebuild_batch = 2_000

    # --- writing ---------------------------------------------------------------------

    @abstractmethod
    def position(self, projection: str, space: str | None = None,
                 application: str = APPLICATION) -> int | None:
        """The last notification id applied to the projection (live space by default).

        ``application`` names whose position it is: the log's (the default), or a part's
        of a rebuild shared between processes (see ``part_name``).
        """

    def positions(self, projections: Iterable[str]) -> dict[str, int | None]:
        """Each projection's position in its live space (stores may ask all at once)."""
        return {projection: self.position(projection) for projection in projections}

    def apply(self, projection: str, writes: Sequence[Write], position: int,
              expected: int | None, space: str | None = None,
              application: str = APPLICATION) -> None:
        """Commit the writes and the new position atomically, if the position is ``expected``.

        Raises PositionConflict (and writes nothing) when it is not.
        """
        conflict = self.apply_all([(projection, writes, position, expected, space,
                                    application)])[0]
        if conflict is not None:
            raise conflict

    @abstractmethod
    def apply_all(self, batches: Sequence[Batch]) -> list[PositionConflict | None]:
        """Apply several projections' batches; each lands or conflicts on its own, in one
        round trip or commit where the store can: None when it landed, the
        PositionConflict when it did not."""

    def encode_all(self, batches: Sequence[Batch]) -> Sequence:
        """The batches as ``apply_encoded`` takes them. A store that writes a rebuild's
        batches behind (``write_behind``) encodes them here, in the thread that prepared
        them, and only sends them from the writing thread: encoding there took turns with
        the next batch's preparation for the interpreter's lock."""
        return batches

    def apply_encoded(self, encoded: Sequence) -> list[PositionConflict | None]:
        """``apply_all`` of batches ``encode_all`` made."""
        return self.apply_all(encoded)

    @abstractmethod
    def get_many(self, table: str, keys: Iterable[str],
                 space: str | None = None) -> dict[str, dict]:
        """The rows that exist among ``keys``."""

    # --- reading ---------------------------------------------------------------------

    @abstractmethod
    def _page(self, plan: Plan) -> tuple[int, list[dict]]:
        """How many rows carry all the plan's terms within its score range, and one page."""

    @abstractmethod
    def _scan(self, plan: Plan, after: int, size: int) -> list[dict]:
        """The next ``size`` rows in the plan's order, skipping ``after`` (no ``where``)."""

    @abstractmethod
    def count(self, table: str, term: str, low: float | None = None,
              high: float | None = None) -> int:
        """How many rows carry the term within the score range."""

    @abstractmethod
    def terms(self, table: str, prefix: str) -> list[str]:
        """The terms starting with ``prefix`` that some row may carry."""

    # --- spaces: rebuild, check, reset ----------------------------------------------

    @abstractmethod
    def create_space(self, projection: str) -> str:
        """A fresh, empty space for the projection (not yet live)."""

    @abstractmethod
    def swap(self, projection: str, space: str) -> None:
        """Make ``space`` the live one, atomically, and drop the space it replaces."""

    def swap_all(self, spaces: dict[str, str]) -> None:
        """Make each projection's given space live (one projection at a time)."""
        for projection, space in spaces.items():
            self.swap(projection, space)

    @abstractmethod
    def drop_space(self, projection: str, space: str) -> None:
        """Remove a space that is not live."""

    @abstractmethod
    def dump(self, projection: str, space: str | None = None) -> Iterator[tuple]:
        """Every row as (table, key, doc, terms, score), ordered by table and key."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    # --- whose log -------------------------------------------------------------------

    @abstractmethod
    def identity(self) -> str | None:
        """The identity of the event log these views were built from (None: not claimed)."""

    @abstractmethod
    def claim(self, identity: str, replace: bool = False) -> str:
        """Record the log's identity unless one is recorded (or ``replace``: a rebuild's);
        return the recorded one."""

    # --- waiting ---------------------------------------------------------------------

    def wait_for(self, projection: str, position: int | None, timeout: float = 2.0) -> bool:
        """Block until the projection has applied ``position``; False on timeout."""
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            current = self.position(projection)
            if position is None or (current is not None and current >= position):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 0.1)

    # --- the queries the API needs ---------------------------------------------------

    def find(self, plan: Plan) -> Page:
        """Run a plan: through the indexes, then its ``where`` row by row when it has one."""
        if plan.where is None:
            total, items = self._page(plan)
            return Page(items, total, plan.offset, plan.limit)
        total, items = 0, []
        for doc in self._rows_in_order(plan):
            if plan.where(doc):
                if plan.offset <= total < plan.offset + plan.limit:
                    items.append(doc)
                total += 1
        return Page(items, total, plan.offset, plan.limit)

    def each(self, plan: Plan) -> Iterator[dict]:
        """Every row the plan matches, in its order, without paging (its ``where`` too)."""
        for doc in self._rows_in_order(plan):
            if plan.where is None or plan.where(doc):
                yield doc

    def _rows_in_order(self, plan: Plan) -> Iterator[dict]:
        seen = 0
        while chunk := self._scan(plan, seen, SCAN_CHUNK):
            yield from chunk
            seen += len(chunk)
            if len(chunk) < SCAN_CHUNK:
                return

    def note(self, note_id: str) -> dict | None:
        return self.get_many("notes", [note_id]).get(note_id)

    def notes(self, query: NoteQuery) -> Page:
        return self.find(query.plan())

    def trail(self, aggregate_id: str) -> list[dict]:
        """Every event of one aggregate, oldest first."""
        plan = Plan("trail", (f"of:{aggregate_id}",), limit=SCAN_CHUNK)
        return list(self._rows_in_order(plan))

    def commitments(self, query: CommitmentQuery, today: date) -> Page:
        return self.find(query.plan(today))

    def commitment(self, commitment_id: str) -> dict | None:
        return self.get_many("commitments", [commitment_id]).get(commitment_id)

    def motions(self, query: MotionQuery) -> Page:
        return self.find(query.plan())

    def motion(self, motion_id: str) -> dict | None:
        return self.get_many("motions", [motion_id]).get(motion_id)

    def inbox(self, query: InboxQuery, today: date) -> Page:
        return self.find(query.plan(today))

    def public_notes(self, paging: Paging | None = None, text: str | None = None) -> Page:
        return self.find(public_plan(paging or Paging(), text))

    def public_note(self, note_id: str) -> dict | None:
        return self.get_many("public", [note_id]).get(note_id)

    def dashboard(self, today: date) -> dict:
        """Notes by status, open and overdue commitments per ministry, held motions."""
        return dashboard(self, today)

    @staticmethod
    def home(table: str) -> str:
        """The projection that writes a table."""
        return HOME[table]


def apply_each(apply: Callable[..., None],
               batches: Sequence[Batch]) -> list[PositionConflict | None]:
    """Each batch through ``apply`` on its own: None where it landed, its conflict where not."""
    outcomes: list[PositionConflict | None] = []
    for batch in batches:
        try:
            apply(*batch)
            outcomes.append(None)
        except PositionConflict as conflict:
            outcomes.append(conflict)
    return outcomes
