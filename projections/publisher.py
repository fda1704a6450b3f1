"""Appending applied events to the live feed, after their views are committed."""

from __future__ import annotations

import logging
from collections import deque

from projections.facts import Fact
from projections.feed import EventFeed, feed_entry
from projections.log import EventLog

LOG = logging.getLogger("notaledger.projections")


class Publisher:
    """Hands each applied event to the feed once; a feed outage never stops the views.

    A runner killed after its views committed a batch but before the feed took it would
    leave those events out of the feed for good, since the next runner starts after them.
    So on its first batch (and after any failure, see ``resume``) the publisher compares
    the feed's newest entry with the batch and first appends what lies between, read from
    the log: the feed never has a hole below what the views have applied.
    """

    def __init__(self, feed: EventFeed, log: EventLog, batch: int = 500) -> None:
        self.feed, self.log, self.batch = feed, log, batch
        self._floor: int | None = None  # events at or below it are in the feed (or too old)
        self._held: deque[dict] = deque(maxlen=feed.capacity)  # not yet accepted by the feed

    def resume(self) -> None:
        """Look at the feed afresh before the next batch (after a crash or an outage)."""
        self._floor = None

    def publish(self, facts: list[Fact]) -> None:
        if not facts:
            return
        try:
            if self._floor is None:
                self._floor = self._start(facts[0].position)
            self._held.extend(feed_entry(f) for f in facts if f.position > self._floor)
            if self._held:
                self.feed.append(list(self._held))
                self._floor = self._held[-1]["id"]
                self._held.clear()
        except Exception as error:  # noqa: BLE001 - the views are committed; retry next batch
            LOG.warning("event feed unavailable, %d entries held back: %s", len(self._held),
                        error)

    def _start(self, first: int) -> int:
        """The floor for a batch starting at ``first``, holding what the feed missed below it.

        A fresh feed gets at most its capacity of history."""
        floor = max(self.feed.last_id() or 0, (self.log.head() or 0) - self.feed.capacity)
        self._held.clear()
        after = floor
        while after < first - 1:
            missed = self.log.read(after, self.batch, until=first - 1)
            if not missed:
                break
            self._held.extend(feed_entry(f) for f in missed)
            after = missed[-1].position
        if self._held:
            LOG.info("event feed missed %d applied events below %d; appending them",
                     len(self._held), first)
        return floor
