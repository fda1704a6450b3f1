"""The projections: which events each reads, which tables it writes, and how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.errors import InvalidInput
from projections.commitments import COMMITMENTS, fold_commitment
from projections.facts import Fact
from projections.inbox import INBOX, inbox_rows
from projections.motions import MOTIONS, fold_motion
from projections.notes import NOTES, fold_note
from projections.public import PUBLIC, public_rows
from projections.rows import RowChange, RowKey, Table, changed, diff
from projections.trail import TRAIL, trail_rows

Fold = Callable[[dict | None, Fact], dict]
Derive = Callable[[dict | None], dict[RowKey, dict]]


def _nothing(record: dict | None) -> dict[RowKey, dict]:
    return {}


@dataclass(frozen=True)
class Projector:
    """A projection, as pure functions of events.

    Either it folds each event into a *record* row per aggregate (and *derives* further
    rows from that record alone), or it *appends* rows for each event (the trail).
    """

    name: str
    kinds: tuple[str, ...]  # aggregate kinds it reads; empty means every kind
    tables: dict[str, Table]
    record: str | None = None
    fold: Fold | None = None
    derive: Derive = _nothing
    append: Callable[[Fact], dict[RowKey, dict]] | None = None

    def reads(self, fact: Fact) -> bool:
        return not self.kinds or fact.kind in self.kinds

    def project(self, fact: Fact, before: dict | None) -> list[RowChange]:
        """Every row change one event makes, given its aggregate's record row."""
        if self.append is not None:
            return [RowChange(table, key, None, row)
                    for (table, key), row in self.append(fact).items()]
        after = self.fold(before, fact)
        return (changed(self.record, fact.aggregate_id, before, after)
                + diff(self.derive(before), self.derive(after)))


def _derive_from_note(note: dict | None) -> dict[RowKey, dict]:
    return {**inbox_rows(note), **public_rows(note)}


def _tables(*tables: Table) -> dict[str, Table]:
    return {table.name: table for table in tables}


PROJECTORS: dict[str, Projector] = {
    projector.name: projector for projector in (
        Projector("notes", ("note",), _tables(NOTES, INBOX, PUBLIC), record="notes",
                  fold=fold_note, derive=_derive_from_note),
        Projector("trail", (), _tables(TRAIL), append=trail_rows),
        Projector("commitments", ("commitment",), _tables(COMMITMENTS), record="commitments",
                  fold=fold_commitment),
        Projector("motions", ("motion",), _tables(MOTIONS), record="motions", fold=fold_motion),
    )
}
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
