"""Dutch dates as nota's write them: '5 juni 2026', '16-12-2022', '8 april jl.'."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
WRAP = timedelta(days=60)  # a 'jl.' date this far after the nota lies in the year before

_WRITTEN = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_PATTERN})\b\.?(?:\s+(\d{{4}}))?", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_date(text: str) -> str | None:
    """The first complete date in the text as ISO 'YYYY-MM-DD', or None."""
    if match := _ISO.search(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    written = _WRITTEN.search(text)
    if written and written[3]:
        return _iso(int(written[3]), MONTHS[written[2].lower()], int(written[1]))
    if match := _NUMERIC.search(text):
        return _iso(int(match[3]), int(match[2]), int(match[1]))
    return None


def resolve_date(day: int, month: str, year: int | None, relative: str | None,
                 anchor: str | None) -> str | None:
    """A date mentioned in a nota; a missing year is the nota's own, corrected for 'jl./a.s.'."""
    if year is not None:
        return _iso(year, MONTHS[month.lower()], day)
    if anchor is None:
        return None
    nota_date = date.fromisoformat(anchor)
    found = _iso(nota_date.year, MONTHS[month.lower()], day)
    if found is None:
        return None
    shift = _year_shift(date.fromisoformat(found), nota_date, relative)
    return _iso(nota_date.year + shift, MONTHS[month.lower()], day) if shift else found


def _year_shift(found: date, nota_date: date, relative: str | None) -> int:
    """-1 or +1 when a date without a year plainly belongs to the year before or after."""
    if relative != "a.s." and found > nota_date + WRAP:
        return -1
    if relative == "a.s." and found < nota_date - WRAP:
        return 1
    return 0


def _iso(year: int, month: int, day: int) -> str | None:
    """The ISO form of a real calendar date, or None for an impossible one."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
