"""Events of real aggregates as facts, and views folded from them, with no store at all."""

from __future__ import annotations

from eventsourcing.utils import get_topic

from projections.catalogue import PROJECTORS
from projections.facts import Fact, fact_from_event


class Log:
    """Positions handed out in save order, as the event store would."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []

    def record(self, *aggregates) -> list[Fact]:
        new = []
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                fact = fact_from_event(event, len(self.facts) + 1, get_topic(type(event)))
                self.facts.append(fact)
                new.append(fact)
        return new


def fold(facts: list[Fact], name: str, rows: dict | None = None) -> dict:
    """Every row of one projection after the facts, one event at a time: {(table, key): row}."""
    projector, rows = PROJECTORS[name], dict(rows or {})

    def current(record: str, keys: set[str]) -> dict:
        return {key: rows.get((record, key)) for key in keys}

    for fact in facts:
        if not projector.reads(fact):
            continue
        for write in projector.batch([fact], current)[0]:
            if write.doc is None:
                rows.pop((write.table, write.key), None)
            else:
                rows[(write.table, write.key)] = write.doc
    return rows


def table(rows: dict, name: str) -> dict:
    """The rows of one table, by key."""
    return {key: row for (table_name, key), row in rows.items() if table_name == name}
