"""The reminder scheduler: finds in the views which deadlines have a reminder due, and has
the ledger record it on the aggregate (which decides, and records each one once).

It runs inside the projection runner, every ``interval`` seconds and whenever the day
changes. The views only point at candidates: a view that lags costs at most one needless
load of an aggregate, which then finds nothing due. Two schedulers (two runners, or one
restarted) may pick the same candidate; the aggregate's expected version lets one save
and drops the other.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.reminders import (
    DEFAULTS,
    ReminderSettings,
    commitment_reminders,
    consultation_reminders,
    recorded_keys,
)
from domain.workdays import local_day, today_here
from projections.queries import Plan
from projections.store import ViewStore

LOG = logging.getLogger("notaledger.reminders")
Remind = Callable[[UUID, date], Any]  # Ledger.remind: record what is due by that day
PARTS = ("notes", "commitments")  # the projections whose views name the deadlines


@dataclass
class Scheduler:
    """Records the reminders that fall due, for the deadlines in ``parts`` of the views."""

    remind: Remind
    store: ViewStore
    settings: ReminderSettings = DEFAULTS
    today: Callable[[], date] = today_here
    interval: float = 60.0
    parts: tuple[str, ...] = PARTS
    _last: tuple[float, date] | None = field(default=None, repr=False)

    def tick(self) -> int:
        """Run when the interval has passed or the day changed; how many were recorded."""
        today, now = self.today(), time.monotonic()
        if self._last is not None and self._last[1] == today \
                and now - self._last[0] < self.interval:
            return 0
        self._last = (now, today)
        return self.run(today)

    def run(self, today: date) -> int:
        """Have every candidate's reminders due by ``today`` recorded; how many saves."""
        recorded = 0
        for aggregate_id in self.candidates(today):
            if self.remind(UUID(aggregate_id), today) is not None:
                recorded += 1
        if recorded:
            LOG.info("recorded the reminders of %d deadlines due by %s", recorded, today)
        return recorded

    def candidates(self, today: date) -> list[str]:
        """The notes and commitments whose views show a reminder due and not recorded."""
        found: list[str] = []
        if "notes" in self.parts:
            found += sorted({row["note_id"] for row in self._awaited(today)})
        if "commitments" in self.parts:
            found += [doc["id"] for doc in self._commitments(today)]
        return found

    def _awaited(self, today: date) -> Iterator[dict]:
        """Awaited answers (the inbox) with a reminder due."""
        for term in self.store.terms("inbox", "org:"):
            yield from self.store.each(Plan("inbox", (term,), where=self._consultation_due(today)))

    def _consultation_due(self, today: date) -> Callable[[dict], bool]:
        def due(row: dict) -> bool:
            reply_by = row.get("reply_by") or row.get("due")
            if not reply_by:
                return False
            requested = local_day(row.get("requested_at") or row["awaiting_since"])
            recorded = recorded_keys(row.get("reminders", ()), row["organisation"])
            return any(r.key not in recorded for r in consultation_reminders(
                row["organisation"], date.fromisoformat(reply_by), requested, today,
                self.settings))
        return due

    def _commitments(self, today: date) -> Iterator[dict]:
        """Unsettled commitments whose deadline ends within the due-soon days, or has ended,
        with a reminder due."""
        horizon = today + timedelta(days=self.settings.due_soon_days)

        def due(doc: dict) -> bool:
            recorded = recorded_keys(doc.get("reminders", ()))
            return any(r.key not in recorded for r in commitment_reminders(
                date.fromisoformat(doc["deadline"]["end"]), today, self.settings))
        return self.store.each(Plan("commitments", ("unsettled",), high=horizon.toordinal(),
                              where=due))
