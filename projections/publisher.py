"""Appending applied events to the live feed, after their views are committed."""

from __future__ import annotations

import logging
from collections import deque

from projections.facts import Fact
from projections.feed import EventFeed, feed_entry
from projections.log import EventLog

LOG = logging.getLogger("notaledger.projections")


class Publisher:
    """Hands each applied event to the feed once; a feed outage never stops the views."""

    def __init__(self, feed: EventFeed, log: EventLog) -> None:
        self.feed, self.log = feed, log
        self._floor: int | None = None  # events at or below it are in the feed (or too old)
        self._held: deque[dict] = deque(maxlen=feed.capacity)  # not yet accepted by the feed

    def publish(self, facts: list[Fact]) -> None:
        try:
            if self._floor is None:  # a fresh feed gets at most its capacity of history
                newest = self.feed.last_id() or 0
                self._floor = max(newest, (self.log.head() or 0) - self.feed.capacity)
            self._held.extend(feed_entry(f) for f in facts if f.position > self._floor)
            if self._held:
                self.feed.append(list(self._held))
                self._floor = self._held[-1]["id"]
                self._held.clear()
        except Exception as error:  # noqa: BLE001 - the views are committed; retry next batch
            LOG.warning("event feed unavailable, %d entries held back: %s", len(self._held),
                        error)
