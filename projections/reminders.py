"""The reminder scheduler: finds in the views which deadlines have a reminder due, and has
the ledger record it on the aggregate (which decides, and records each one once). The
views index deadlines by day and by the reminders recorded (projections/deadlines.py), so
a look reads only the deadlines that may have one due, however many are open.

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
from domain.workdays import add_working_days, local_day, today_here
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
            found += sorted({doc["id"] for doc in self._commitments(today)})
        return found

    def _awaited(self, today: date) -> Iterator[dict]:
        """Awaited answers with a reminder due: those without one whose reply-due day may
        have come, and those reminded whose overdue day may have come (the index narrows,
        ``due`` decides)."""
        horizon = add_working_days(today, self.settings.reply_due_working_days)
        late = today - timedelta(days=self.settings.overdue_after_days)
        where = self._consultation_due(today)
        yield from self.store.each(Plan("deadlines", ("stage:none",), high=horizon.toordinal(),
                                        where=where))
        yield from self.store.each(Plan("deadlines", ("stage:reply_due",),
                                        high=late.toordinal(), where=where))

    def _consultation_due(self, today: date) -> Callable[[dict], bool]:
        def due(row: dict) -> bool:
            requested = local_day(row["requested_at"])
            recorded = recorded_keys(row["reminders"], row["organisation"])
            return any(r.key not in recorded for r in consultation_reminders(
                row["organisation"], date.fromisoformat(row["reply_by"]), requested, today,
                self.settings))
        return due

    def _commitments(self, today: date) -> Iterator[dict]:
        """Unsettled commitments with a reminder due: those without one whose deadline ends
        within the due-soon days (or has ended), and those due soon whose deadline has
        passed."""
        soon = today + timedelta(days=self.settings.due_soon_days)
        late = today - timedelta(days=self.settings.overdue_after_days)

        def due(doc: dict) -> bool:
            recorded = recorded_keys(doc.get("reminders", ()))
            return any(r.key not in recorded for r in commitment_reminders(
                date.fromisoformat(doc["deadline"]["end"]), today, self.settings))
        yield from self.store.each(Plan("commitments", ("remind:none",), high=soon.toordinal(),
                                        where=due))
        yield from self.store.each(Plan("commitments", ("remind:due_soon",),
                                        high=late.toordinal(), where=due))
