"""The projections: which events each reads, which tables it writes, and how."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.audit.chain import GENESIS
from domain.errors import InvalidInput
from projections.commitments import COMMITMENTS, fold_commitment
from projections.deadlines import DEADLINES, deadline_rows
from projections.facts import Fact
from projections.inbox import INBOX, inbox_rows
from projections.motions import MOTIONS, fold_motion
from projections.notes import NOTES, fold_note
from projections.public import PUBLIC, public_rows
from projections.rows import RowKey, Table, Write, diff
from projections.trail import TRAIL, trail_rows, trail_write

Fold = Callable[[dict | None, Fact], dict]
Derive = Callable[[dict | None], dict[RowKey, dict]]
Append = Callable[[Fact], dict[RowKey, dict]]
Records = dict[str, dict | None]  # record rows by aggregate id (None: no row yet)
Current = Callable[[str, set[str]], Records]  # (record table, aggregate ids) -> their rows


def _nothing(record: dict | None) -> dict[RowKey, dict]:
    return {}


@dataclass(frozen=True)
class Projector(ABC):
    """A projection, as pure functions of events: its name, what it reads, what it writes."""

    name: str
    kinds: tuple[str, ...]  # aggregate kinds it reads; empty means every kind
    tables: dict[str, Table]

    def reads(self, fact: Fact) -> bool:
        return not self.kinds or fact.kind in self.kinds

    def select(self, facts: Sequence[Fact], by_kind: dict[str, list[Fact]]) -> list[Fact]:
        """The facts it reads, in log order; ``by_kind`` holds the same facts by kind."""
        if not self.kinds:
            return list(facts)
        if len(self.kinds) == 1:
            return list(by_kind.get(self.kinds[0], ()))
        return [fact for fact in facts if fact.kind in self.kinds]

    @abstractmethod
    def batch(self, facts: Sequence[Fact], current: Current) -> tuple[list[Write], Records]:
        """The net writes of a batch of facts, and the record rows they leave; ``current``
        gives the stored record rows of the aggregates the batch touches."""


@dataclass(frozen=True)
class FoldingProjector(Projector):
    """Folds each event into one *record* row per aggregate, and *derives* further rows
    from that record alone (a note's inbox and public rows)."""

    record: str
    fold: Fold
    derive: Derive = _nothing

    def batch(self, facts: Sequence[Fact], current: Current) -> tuple[list[Write], Records]:
        """Each record row written once however many of its events the batch holds.

        An aggregate whose first event (the start of its chain) is in the batch has no
        row before it: only the others' rows are asked for.
        """
        touched: set[str] = set()
        born: list[str] = []
        for fact in facts:
            if fact.aggregate_id not in touched:
                touched.add(fact.aggregate_id)
                if fact.prev_hash == GENESIS:
                    born.append(fact.aggregate_id)
        first: Records = dict.fromkeys(born)
        if len(born) < len(touched):
            first.update(current(self.record, touched.difference(born)))
        last = dict(first)
        for fact in facts:
            last[fact.aggregate_id] = self.fold(last[fact.aggregate_id], fact)
        return self._writes(first, last), last

    def _writes(self, first: Records, last: Records) -> list[Write]:
        record, writes = self.tables[self.record], []
        for key in sorted(first):
            before, after = first[key], last[key]
            if before == after:
                continue
            writes.append(record.write(key, before, after))
            for change in diff(self.derive(before), self.derive(after)):
                writes.append(self.tables[change.table].write(change.key, change.before,
                                                              change.after))
        return writes


@dataclass(frozen=True)
class AppendingProjector(Projector):
    """Appends new rows for each event and never reads one back (the trail)."""

    append: Append
    # each event's one row as its table writes it, made directly (None: by ``append``)
    write: Callable[[Fact], Write] | None = None

    def batch(self, facts: Sequence[Fact], current: Current) -> tuple[list[Write], Records]:
        if self.write is not None:
            return list(map(self.write, facts)), {}
        return [self.tables[name].write(key, None, row) for fact in facts
                for (name, key), row in self.append(fact).items()], {}


def _derive_from_note(note: dict | None) -> dict[RowKey, dict]:
    return {**inbox_rows(note), **public_rows(note), **deadline_rows(note)}


def _tables(*tables: Table) -> dict[str, Table]:
    return {table.name: table for table in tables}


PROJECTORS: dict[str, Projector] = {
    projector.name: projector for projector in (
        FoldingProjector("notes", ("note",), _tables(NOTES, INBOX, PUBLIC, DEADLINES), "notes",
                         fold_note, _derive_from_note),
        AppendingProjector("trail", (), _tables(TRAIL), trail_rows, trail_write),
        FoldingProjector("commitments", ("commitment",), _tables(COMMITMENTS), "commitments",
                         fold_commitment),
        FoldingProjector("motions", ("motion",), _tables(MOTIONS), "motions", fold_motion),
    )
}
# The shape of each projection's rows and terms. Raise a projection's number whenever a
# change to what it folds, the rows it writes or the terms it indexes means that views
# built by the code before would answer otherwise than a rebuild: such views are then
# outdated, refused and not served until rebuilt (projections/honesty.py).
# tests/integration/test_view_shapes.py holds the paths and terms each shape writes.
SHAPES: dict[str, int] = {"notes": 2, "trail": 1, "commitments": 1, "motions": 1}
HOME: dict[str, str] = {table: p.name for p in PROJECTORS.values() for table in p.tables}
FORMER_NAMES = {"audit": "trail"}  # still accepted where a projection is named


def projectors(name: str | None = None) -> list[Projector]:
    """All projections, or the one named; a clear error for an unknown name."""
    if name is None:
        return list(PROJECTORS.values())
    name = FORMER_NAMES.get(name, name)
    if name not in PROJECTORS:
        raise InvalidInput(f"no projection {name!r}; known: {', '.join(PROJECTORS)}")
    return [PROJECTORS[name]]
