"""The live event feed the runner appends to after each commit (a capped stream in Redis)."""

from __future__ import annotations

from typing import Protocol

from projections.describe import describe
from projections.facts import Fact


class EventFeed(Protocol):
    """Where applied events go for live subscribers; ids only ever increase."""

    capacity: int

    def last_id(self) -> int | None:
        """The notification id of the newest entry, or None when empty."""

    def append(self, entries: list[dict]) -> None:
        """Add entries in id order; entries at or below the newest id are skipped."""


def feed_entry(fact: Fact) -> dict:
    """What a live subscriber learns of an event: enough to refetch, no personal data."""
    return {"id": fact.position, "kind": fact.kind, "type": fact.type,
            "aggregate_id": fact.aggregate_id, "version": fact.version, "at": fact.at,
            "organisation": fact.actor.get("organisation") or "",
            "description": describe(fact)}
