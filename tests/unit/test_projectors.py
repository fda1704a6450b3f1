"""The two kinds of projector: one folds events into a record row, one appends rows."""

from __future__ import annotations

from projections.catalogue import PROJECTORS, AppendingProjector, FoldingProjector
from tests.unit.projection_log import Log, fold
from tests.unit.test_projection_notes import draft, full_life


def a_life() -> tuple[list, str]:
    note = draft()
    full_life(note)
    return Log().record(note), str(note.id)


class Stored:
    """The record rows a store holds, counting how often the projector asks for them."""

    def __init__(self, rows: dict | None = None) -> None:
        self.asked: list[tuple[str, set[str]]] = []
        self.rows = rows or {}

    def __call__(self, record: str, keys: set[str]) -> dict:
        self.asked.append((record, keys))
        return {key: self.rows.get(key) for key in keys}


def test_a_folding_projector_writes_each_record_row_once_per_batch():
    facts, note = a_life()
    stored = Stored()
    writes, records = PROJECTORS["notes"].batch(facts, stored)

    assert isinstance(PROJECTORS["notes"], FoldingProjector) and len(facts) > 10
    assert stored.asked == []  # the note's first event is in the batch: it had no row
    assert [w.key for w in writes if w.table == "notes"] == [note]
    assert records == {note: fold(facts, "notes")[("notes", note)]}


def test_a_folding_projector_reads_the_row_of_an_aggregate_begun_before_the_batch():
    facts, note = a_life()
    _, earlier = PROJECTORS["notes"].batch(facts[:3], Stored())
    stored = Stored(earlier)
    writes, records = PROJECTORS["notes"].batch(facts[3:], stored)

    assert stored.asked == [("notes", {note})]
    assert [(w.key, w.old_score is None) for w in writes if w.table == "notes"] == [
        (note, False)]
    assert records == {note: fold(facts, "notes")[("notes", note)]}


def test_an_appending_projector_writes_a_row_per_event_and_reads_nothing_back():
    facts, _ = a_life()
    stored = Stored()
    writes, records = PROJECTORS["trail"].batch(facts, stored)

    assert isinstance(PROJECTORS["trail"], AppendingProjector)
    assert stored.asked == [] and records == {}
    assert [(w.table, w.old_score) for w in writes] == [("trail", None)] * len(facts)


def test_the_trail_writes_each_event_as_its_table_would():
    facts, _ = a_life()
    trail = PROJECTORS["trail"]
    general = AppendingProjector(trail.name, trail.kinds, trail.tables, trail.append)

    assert trail.write is not None and len(facts) > 10
    assert trail.batch(facts, Stored()) == general.batch(facts, Stored())
