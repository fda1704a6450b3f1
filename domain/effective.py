"""When something happened in the world (application time), beside when it was recorded.

An event's ``effective`` is written as one of:

- a date-time with its offset (``2026-06-29T14:00:00+00:00``): the moment itself;
- a date (``2026-06-05``): some time that day (UTC);
- an ISO week (``2026-W27``): some time that week, Monday to Sunday ("in de week van 29 juni").

Each reads as the half-open UTC interval [start, end) it covers. It may never begin after
the moment it is recorded; it may lie in the past only for an event that allows it, and then
with a reason (the event carries it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from domain.errors import (
    BackdatingNotAllowed,
    EffectiveInFuture,
    EffectiveReasonMissing,
    InvalidInput,
)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Effective:
    """An effective time as written, with the UTC interval [start, end) it covers."""

    text: str
    start: datetime
    end: datetime

    @classmethod
    def parse(cls, value: object) -> Effective:
        """Read a date-time, a date or an ISO week; anything else is invalid input."""
        text = str(value or "").strip()
        try:
            if week := _WEEK.match(text):
                monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
                return cls(text, _midnight(monday), _midnight(monday) + timedelta(days=7))
            if _DAY.match(text):
                day = date.fromisoformat(text)
                return cls(text, _midnight(day), _midnight(day) + timedelta(days=1))
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InvalidInput(f"effective {text!r} is not a date (2026-06-05), a week "
                               "(2026-W27) or a date-time with its offset")
        return cls(text, moment.astimezone(UTC), moment.astimezone(UTC))

    @classmethod
    def of_moment(cls, moment: datetime) -> Effective:
        return cls(moment.isoformat(), moment, moment)

    @property
    def is_moment(self) -> bool:
        return self.start == self.end

    def certainly_by(self, moment: datetime) -> bool:
        """Whether it had certainly happened by this moment (its whole span lies before)."""
        return (self.end <= moment) if not self.is_moment else self.start <= moment

    def first_day(self) -> date:
        return self.start.date()

    def last_day(self) -> date:
        return self.start.date() if self.is_moment else (self.end - timedelta(days=1)).date()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def checked(value: str, recorded: datetime, reason: str, backdatable: bool,
            what: str) -> Effective:
    """The effective time of an event recorded at ``recorded``, or why it cannot be."""
    effective = Effective.parse(value)
    if effective.start > recorded:
        raise EffectiveInFuture(f"{what} cannot be effective {effective.text}: that is after "
                                f"now ({recorded.isoformat(timespec='seconds')})")
    if effective.last_day() < recorded.date():
        if not backdatable:
            raise BackdatingNotAllowed(f"{what} cannot be recorded as effective in the "
                                       f"past ({effective.text}): it takes effect when it "
                                       "is recorded")
        if not str(reason or "").strip():
            raise EffectiveReasonMissing(f"{what} effective in the past ({effective.text}) "
                                         "needs a reason")
    return effective


def as_moment(value: date | datetime) -> datetime:
    """A query moment: a date means the end of that day (UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return _midnight(value) + timedelta(days=1)
