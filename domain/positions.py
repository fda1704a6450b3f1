"""Where each of an aggregate's events stands in the log (its notification id).

A replay by version reads the other aggregates as the log had them at that version's place
in it; the store knows the places, the events do not carry them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any
from uuid import UUID

BATCH = 2000


class LogPositions(ABC):
    """The log position of each event of one aggregate."""

    @abstractmethod
    def of(self, aggregate_id: UUID) -> dict[int, int]:
        """Position by version, for every stored event of the aggregate."""


class ScannedPositions(LogPositions):
    """Any store, read through its recorder's notifications: the cost grows with the whole
    log, so a store with an index on its aggregates answers through an adapter instead."""

    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder

    def of(self, aggregate_id: UUID) -> dict[int, int]:
        found, start = {}, None
        while batch := self._recorder.select_notifications(start, BATCH,
                                                            inclusive_of_start=start is None):
            found.update((n.originator_version, n.id) for n in batch
                         if n.originator_id == aggregate_id)
            start = batch[-1].id
        return found
