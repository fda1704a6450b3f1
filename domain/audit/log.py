"""The log reader port: raw stored events in notification order, cheap to read in bulk."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

Record = tuple[int, str, int, str, bytes]  # notification id, aggregate, version, topic, state


class LogReader(ABC):
    """Reads the event log's raw records; an adapter may read faster than the recorder."""

    shareable = False  # True when it can be pickled to other processes and reconnect there

    @abstractmethod
    def read(self, after: int | None, limit: int) -> list[Record]:
        """Up to ``limit`` records after notification ``after`` (from the start if None)."""

    @abstractmethod
    def last_id(self) -> int:
        """The highest notification id (0 for an empty log)."""

    def span(self, after: int, upto: int) -> list[Record]:
        """Every record after notification ``after`` up to and including ``upto``."""
        records: list[Record] = []
        while batch := self.read(after, 2000):
            records += [r for r in batch if r[0] <= upto]
            if batch[-1][0] >= upto:
                break
            after = batch[-1][0]
        return records


class RecorderReader(LogReader):
    """Reads through the event store's own application recorder (any persistence)."""

    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder

    def read(self, after: int | None, limit: int) -> list[Record]:
        return [(n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
                for n in self._recorder.select_notifications(
                    after, limit, inclusive_of_start=after is None)]

    def last_id(self) -> int:
        return self._recorder.max_notification_id() or 0
