"""Working days as Dutch government deadlines count them.

A day is a working day unless it is a Saturday, a Sunday or a generally recognised holiday
of the Algemene termijnenwet (art. 3): Nieuwjaarsdag, tweede paasdag, Koningsdag (27 April,
or 26 April when the 27th is a Sunday), Bevrijdingsdag (5 May, *every* year — the law and
the Rijksoverheid observe it yearly, not only in lustrum years as the wider economy does),
Hemelvaartsdag, tweede pinksterdag and both Christmas days. Goede Vrijdag is not one of them.

The movable dates come from the ``holidays`` package (its NL calendar); which of its days
count is decided here, by name, so that a new release cannot quietly change a deadline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from domain.effective import Effective

HERE = ZoneInfo("Europe/Amsterdam")  # the day a deadline counts from is the day in The Hague

# The NL calendar's days (by their English names) that the Algemene termijnenwet counts.
COUNTED = frozenset(("New Year's Day", "Easter Monday", "King's Day", "Liberation Day",
                     "Ascension Day", "Pentecost Monday", "Christmas Day",
                     "Second Day of Christmas"))


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The days of ``year`` that are no working day besides weekends, with their name."""
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day: name for day, name in calendar.items() if name in COUNTED}
    days.setdefault(date(year, 5, 5), "Liberation Day")
    return days


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (before it when ``count`` is negative);
    ``start`` itself is never counted."""
    step = timedelta(days=1 if count >= 0 else -1)
    day, left = start, abs(count)
    while left:
        day += step
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 when ``end``
    is not after ``start``)."""
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=n)))


def today_here(now: datetime | None = None) -> date:
    """The day it is (or was at ``now``) in the Netherlands."""
    return (now or datetime.now(UTC)).astimezone(HERE).date()


def local_day(effective: str | datetime) -> date:
    """The day something effective at ``effective`` happened: a moment's day in the
    Netherlands, a date itself, a week's Monday."""
    if isinstance(effective, datetime):
        return today_here(effective)
    parsed = Effective.parse(effective)
    return today_here(parsed.start) if parsed.is_moment else parsed.first_day()
