"""The live feed for /events: where entries come from, and which of them a key may see."""

from __future__ import annotations

import bisect
import threading
import time

from projections.feed import feed_entry
from projections.log import EventLog

Entry = dict  # {"id", "kind", "type", "aggregate_id", "version", "at", "organisation", ...}
DIRECT_READS = 8  # subscribers reading the stream itself at once (the rest wait their turn)


class LogFeed:
    """Entries read straight from the event store's notification log (no Redis needed)."""

    def __init__(self, ledger, poll_seconds: float = 0.25) -> None:
        self.log, self.poll_seconds = EventLog(ledger), poll_seconds

    def read(self, after: int | None, wait_seconds: float, count: int = 100) -> list[Entry]:
        deadline = time.monotonic() + wait_seconds
        while True:
            facts = self.log.read(after or 0, count)
            if facts or time.monotonic() >= deadline:
                return [feed_entry(fact) for fact in facts]
            time.sleep(min(self.poll_seconds, max(0.0, deadline - time.monotonic())))

    def head(self) -> int:
        return self.log.head() or 0


class RedisStreamFeed:
    """Entries from the capped Redis Stream the projection runner appends to.

    One reader per process follows the stream with a blocking XREAD and keeps the newest
    entries in memory (starting with the newest ``keep`` already in the stream, so that
    reconnecting clients find theirs there); every open /events stream waits on it. A
    thousand subscribers cost one Redis connection and one read per batch, not a thousand
    blocked connections (and redis-py's pool stops at 100). A subscriber further back than
    the memory reads the stream itself until it has caught up. While Redis is away every
    subscriber's read fails, so its stream ends and the client reconnects with
    Last-Event-ID."""

    def __init__(self, stream, keep: int = 2000, block_ms: int = 1000) -> None:
        self.stream, self.keep, self.block_ms = stream, keep, block_ms
        self._ids: list[int] = []
        self._entries: list[Entry] = []
        self._floor = 0  # every entry after it, up to self._ids[-1], is in memory
        self._changed = threading.Condition()
        self._reader: threading.Thread | None = None
        self._error: Exception | None = None
        self._direct = threading.BoundedSemaphore(DIRECT_READS)

    def read(self, after: int | None, wait_seconds: float, count: int = 100) -> list[Entry]:
        after = after or 0
        self._start()
        deadline = time.monotonic() + wait_seconds
        with self._changed:
            while after >= self._floor:
                if self._error is not None:
                    raise self._error
                start = bisect.bisect_right(self._ids, after)
                left = deadline - time.monotonic()
                if start < len(self._ids) or left <= 0:
                    return self._entries[start:start + count]
                self._changed.wait(left)
        with self._direct:  # a burst of reconnects must not take every Redis connection
            return [_typed(fields) for _, fields in self.stream.read(after, count)]

    def head(self) -> int:
        return self.stream.last_id() or 0

    def _start(self) -> None:
        with self._changed:
            if self._reader is None:  # in the serving process, after any fork
                newest = [_typed(fields) for _, fields in self.stream.newest(self.keep)]
                self._ids = [entry["id"] for entry in newest]
                self._entries = newest
                self._floor = newest[0]["id"] - 1 if newest else 0
                self._reader = threading.Thread(target=self._follow, name="event-feed",
                                                daemon=True)
                self._reader.start()

    def _follow(self) -> None:
        pause = 0.2
        while True:
            try:
                replies = self.stream.read(self._last(), 500, self.block_ms)
            except Exception as error:  # noqa: BLE001 - every subscriber hears of it
                with self._changed:
                    self._error = error
                    self._changed.notify_all()
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            pause = 0.2
            with self._changed:
                self._error = None
                for _, fields in replies:
                    entry = _typed(fields)
                    self._ids.append(entry["id"])
                    self._entries.append(entry)
                if len(self._ids) > 2 * self.keep:  # trimmed in halves: cheap on average
                    self._floor = self._ids[-self.keep - 1]
                    del self._ids[:-self.keep], self._entries[:-self.keep]
                self._changed.notify_all()

    def _last(self) -> int:
        with self._changed:
            return self._ids[-1] if self._ids else self._floor


def _typed(fields: dict) -> Entry:
    """Stream fields are text; the numbers are numbers again."""
    return {**fields, "id": int(fields["id"]), "version": int(fields.get("version") or 0)}
