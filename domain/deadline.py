"""Fuzzy deadlines: Dutch deadline phrases from nota's, resolved to an inclusive date interval.

Reading rules (all intervals are inclusive; the year comes from the text, else from the context):

- A phrase names a base period: a day ("1 juli 2026"), a week ("in de week van 29 juni",
  "week 27"), part of a month ("begin/medio/eind juni": days 1-10, 11-20, 21-end), a month,
  part of a year ("begin 2026" = Q1, "medio 2026" = June-July, "eind 2026" = December),
  a quarter ("Q3 2026", "derde kwartaal van 2026"), a meteorological season ("zomer 2026" =
  June-August, "voorjaar" = March-May, "najaar" = September-November), a year ("in 2026")
  or a Tweede Kamer recess ("het zomerreces"; "de zomer" after voor/na; krokus = voorjaars).
- A modifier in front changes it: "voor"/"tot" -> from the context up to the day before the
  period starts; "uiterlijk"/"tot en met" -> up to its last day; "na" -> from the day after it
  ends until 31 December of that year. "voor eind juni" is read as "by the end of June".
- "From the context" means the context date, or 1 January of the end's year when the context
  lies after the end (a deadline that had already passed when the text was read).
- A recess without a year is the first one ending on or after the context date. Recesses
  come from data/recesses.json; years outside that table give no interval rather than a guess.
- When several phrases occur, the leftmost readable one wins; an impossible date or unknown
  recess blocks the words it covers. Only the first MAX_TEXT characters are read.
- Dates written in numbers: ISO ("2026-01-01") and day-month-year ("1-7-2026", "01/07/2026").
- "de begrotingsbehandeling [N]": the budget debates on the budget for year N, held in the
  autumn before it, from the day after Prinsjesdag (third Tuesday of September) until the
  kerstreces; "voor de begrotingsbehandeling" is read as by its last possible day.
- An occasion that has no date yet ("bij het volgende Staat van de Volkshuisvesting debat")
  keeps no interval but is kept as the occasion: open-ended, never overdue, never hidden.
  Any other text that gives no interval is "unplaced", for the registrar to place.
  Unreadable text keeps no interval.
"""

from __future__ import annotations

import calendar
import heapq
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

Interval = tuple[date, date]

ONE_DAY = timedelta(days=1)
MAX_TEXT = 1000  # deadline phrases are short; longer text is kept but only its start is read

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
ORDINALS = {
    "eerste": 1, "1e": 1, "1ste": 1, "tweede": 2, "2e": 2, "2de": 2,
    "derde": 3, "3e": 3, "3de": 3, "vierde": 4, "4e": 4, "4de": 4,
}  # fmt: skip
PARTS = {"begin": "begin", "medio": "medio", "midden": "medio", "half": "medio",
         "eind": "eind", "einde": "eind"}  # fmt: skip
PART_OF_MONTH_DAYS = {"begin": (1, 10), "medio": (11, 20), "eind": (21, 31)}
PART_OF_YEAR_MONTHS = {"begin": (1, 3), "medio": (6, 7), "eind": (12, 12)}
SEASON_MONTHS = {"voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8), "najaar": (9, 11),
                 "herfst": (9, 11)}  # fmt: skip
RECESSES = ("zomerreces", "kerstreces", "voorjaarsreces", "krokusreces", "meireces", "herfstreces")
RECESS_ALIASES = {"zomer": "zomerreces", "krokusreces": "voorjaarsreces"}
MODIFIERS = {
    "voor": "before", "voorafgaand aan": "before", "tot": "before",
    "uiterlijk": "by", "tot en met": "by", "t m": "by", "tm": "by", "niet later dan": "by",
    "na": "after", "na afloop van": "after",
}  # fmt: skip


def _alternatives(words) -> str:
    """Regex alternation of words, longest first so prefixes never win."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


MONTH = rf"(?P<month>{_alternatives(MONTHS)})"
YEAR = r"(?P<year>\d{4}|dit jaar|volgend jaar)"
YEAR_SUFFIX = rf"(?:\s+(?:van\s+)?(?:het\s+jaar\s+)?{YEAR})?"
DAY_MONTH = rf"(?:(?:{_alternatives(WEEKDAYS)})\s+)?(?P<day>\d{{1,2}})\s+{MONTH}{YEAR_SUFFIX}"
PART = rf"(?P<part>{_alternatives(PARTS)})"
MOD = rf"(?:(?P<mod>{_alternatives(MODIFIERS)})\s+(?:(?:het|de|op)\s+)?)?"


def _recess_phrase(m: re.Match[str], ctx: date) -> Interval | None:
    """A recess period; plain "zomer" only counts as the recess after voor/na."""
    if m["recess"] == "zomer" and not m["mod"]:
        return None
    name = RECESS_ALIASES.get(m["recess"], m["recess"])
    period = _recess(name, _year(m["year"], ctx)) if m["year"] else _next_recess(name, ctx)
    if period is None:
        raise ValueError(f"{name} not in the recess table")  # no guessing, no fallback
    return period


def _week_of(m: re.Match[str], ctx: date) -> Interval:
    """Monday to Sunday of the ISO week containing the date."""
    day = _date(m, ctx)
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _week_number(m: re.Match[str], ctx: date) -> Interval:
    """Monday to Sunday of an ISO week number."""
    year, week = _year(m["year"], ctx), int(m["week"])
    return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)


def _day(m: re.Match[str], ctx: date) -> Interval:
    """A single calendar day."""
    day = _date(m, ctx)
    return day, day


def _part_of_month(m: re.Match[str], ctx: date) -> Interval:
    """Days 1-10, 11-20 or 21-end of a month."""
    year, month = _year(m["year"], ctx), MONTHS[m["month"]]
    first, last = PART_OF_MONTH_DAYS[PARTS[m["part"]]]
    return date(year, month, first), date(year, month, min(last, _last_day(year, month)))


def _month(m: re.Match[str], ctx: date) -> Interval:
    """A whole month."""
    month = MONTHS[m["month"]]
    return _months(_year(m["year"], ctx), month, month)


def _part_of_year(m: re.Match[str], ctx: date) -> Interval:
    """Begin (Q1), medio (June-July) or eind (December) of a year."""
    return _months(_year(m["year"], ctx), *PART_OF_YEAR_MONTHS[PARTS[m["part"]]])


def _quarter(m: re.Match[str], ctx: date) -> Interval:
    """A calendar quarter."""
    quarter = int(m["q"] or m["qn"] or ORDINALS[m["ordinal"]])
    return _months(_year(m["year"], ctx), 3 * quarter - 2, 3 * quarter)


def _season(m: re.Match[str], ctx: date) -> Interval:
    """A meteorological season."""
    return _months(_year(m["year"], ctx), *SEASON_MONTHS[m["season"]])


def _this_year(m: re.Match[str], ctx: date) -> Interval:
    """From the context date to the end of its year."""
    return ctx, date(ctx.year, 12, 31)


def _iso_day(m: re.Match[str], ctx: date) -> Interval:
    """A date written as 2026-07-01."""
    day = date(int(m["iy"]), int(m["im"]), int(m["id"]))
    return day, day


def _numeric_day(m: re.Match[str], ctx: date) -> Interval:
    """A date written day first, as 1-7-2026 or 01/07/2026."""
    day = date(int(m["ny"]), int(m["nm"]), int(m["nd"]))
    return day, day


def _budget_debates(m: re.Match[str], ctx: date) -> Interval:
    """The autumn's budget debates: after Prinsjesdag, before the kerstreces."""
    if m["year"] and m["year"].isdigit():  # the budget for year N is debated in N - 1
        return _budget_debates_of(int(m["year"]) - 1)
    this_autumn = _budget_debates_of(ctx.year)
    return this_autumn if this_autumn[1] >= ctx else _budget_debates_of(ctx.year + 1)


def _budget_debates_of(autumn: int) -> Interval:
    christmas = _recess("kerstreces", autumn)
    if christmas is None:
        raise ValueError(f"kerstreces {autumn} not in the recess table")
    return _prinsjesdag(autumn) + ONE_DAY, christmas[0] - ONE_DAY


def _prinsjesdag(year: int) -> date:
    """The third Tuesday of September."""
    first = date(year, 9, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 14)


def _whole_year(m: re.Match[str], ctx: date) -> Interval | None:
    """A year, only when clearly meant as one ("in 2026", "voor 2027", or the year alone)."""
    explicit = m["within"] or m["mod"] or m[0] == m.string or not m["year"].isdigit()
    return _months(_year(m["year"], ctx), 1, 12) if explicit else None


Handler = Callable[[re.Match[str], date], Interval | None]
Rule = tuple[re.Pattern[str], Handler]
Candidate = tuple[int, int, re.Match[str]]  # (position, rule index, match)


def _rule(body: str, handler: Handler) -> Rule:
    """Compile a phrase body behind an optional modifier, on word boundaries."""
    return re.compile(rf"\b{MOD}(?:{body})\b"), handler


RULES: list[Rule] = [
    _rule(rf"(?P<recess>{_alternatives(RECESSES)}|zomer){YEAR_SUFFIX}", _recess_phrase),
    _rule(rf"(?:in\s+)?(?:de\s+)?week\s+van\s+{DAY_MONTH}", _week_of),
    _rule(rf"(?:in\s+)?week\s+(?P<week>\d{{1,2}}){YEAR_SUFFIX}", _week_number),
    _rule(DAY_MONTH, _day),
    _rule(rf"{PART}\s+(?:van\s+)?{MONTH}{YEAR_SUFFIX}", _part_of_month),
    _rule(rf"{MONTH}{YEAR_SUFFIX}", _month),
    _rule(rf"{PART}\s+(?:van\s+)?(?:het\s+jaar\s+)?{YEAR}", _part_of_year),
    _rule(
        rf"(?:q(?P<q>[1-4])|(?P<ordinal>{_alternatives(ORDINALS)})\s+kwartaal"
        rf"|kwartaal\s+(?P<qn>[1-4])){YEAR_SUFFIX}",
        _quarter,
    ),
    _rule(rf"(?P<season>{_alternatives(SEASON_MONTHS)}){YEAR_SUFFIX}", _season),
    _rule(r"(?:nog\s+)?(?:dit|het\s+lopende)\s+jaar", _this_year),
    _rule(r"(?P<iy>\d{4})\s(?P<im>\d{1,2})\s(?P<id>\d{1,2})", _iso_day),
    _rule(r"(?P<nd>\d{1,2})\s(?P<nm>\d{1,2})\s(?P<ny>\d{4})", _numeric_day),
    _rule(rf"(?P<budget>begrotingsbehandeling(?:en)?){YEAR_SUFFIX}", _budget_debates),
    _rule(rf"(?P<within>in\s+(?:de\s+loop\s+van\s+)?(?:het\s+jaar\s+)?)?{YEAR}", _whole_year),
]


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, with the inclusive ISO date interval it resolved to (or none)."""

    text: str
    start: str | None
    end: str | None
    occasion: str | None = None  # a later occasion without a date ("het volgende … debat")

    def __post_init__(self) -> None:
        """Reject half-set, non-ISO or reversed intervals."""
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if self.start is not None and _iso_date(self.start) > _iso_date(self.end):
            raise ValueError(f"start {self.start} lies after end {self.end}")

    @classmethod
    def parse(cls, text: str, context: date | None = None) -> Deadline:
        """Read a Dutch deadline phrase; unreadable text is kept without an interval."""
        interval = _resolve(_normalise(text[:MAX_TEXT]), _as_date(context))
        if interval is None:
            return cls(text, None, None, _occasion(text[:MAX_TEXT]))
        return cls(text, interval[0].isoformat(), interval[1].isoformat())

    @property
    def is_parsed(self) -> bool:
        """Whether the text resolved to an interval."""
        return self.end is not None

    @property
    def placement(self) -> str:
        """'dated' (an interval), 'occasion' (a later occasion), 'unplaced' (text that
        could not be placed: for the registrar) or 'none' (no deadline given)."""
        return placement(self.to_dict())

    def is_overdue(self, today: date) -> bool:
        """Whether the last day of the interval lies before today."""
        return self.end is not None and date.fromisoformat(self.end) < _as_date(today)

    def due_within(self, today: date, days: int) -> bool:
        """Whether the last day falls from today up to today + days (overdue is not due)."""
        if self.end is None:
            return False
        today = _as_date(today)
        return today <= date.fromisoformat(self.end) <= today + timedelta(days=days)

    def to_dict(self) -> dict[str, str | None]:
        """Plain dict for events and JSON (``occasion`` only when there is one)."""
        data = {"text": self.text, "start": self.start, "end": self.end}
        if self.occasion:
            data["occasion"] = self.occasion
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, str | None]) -> Deadline:
        """Inverse of to_dict."""
        return cls(data["text"], data.get("start"), data.get("end"), data.get("occasion"))


PLACEMENTS = ("dated", "occasion", "unplaced", "none")


def placement(deadline: Mapping[str, str | None] | None) -> str:
    """How a stored deadline is placed: dated, occasion, unplaced or none."""
    deadline = deadline or {}
    if deadline.get("end"):
        return "dated"
    if deadline.get("occasion"):
        return "occasion"
    return "unplaced" if str(deadline.get("text") or "").strip() else "none"


_OCCASION = re.compile(r"\b(?:bij|tijdens|in|voor|rond)\s+(?:het|de)\s+"
                       r"((?:eerst)?(?:volgende|komende)\s+\S.*)", re.IGNORECASE)


def _occasion(text: str) -> str | None:
    """'bij het volgende Staat van de Volkshuisvesting debat' -> 'volgende Staat … debat'."""
    found = _OCCASION.search(" ".join(text.split()))
    return found[1].rstrip(" .;,)") if found else None


def _resolve(text: str, ctx: date) -> Interval | None:
    """Interval of the leftmost readable phrase, rule order breaking ties."""
    candidates = heapq.merge(*(_matches(i, rx, text) for i, (rx, _) in enumerate(RULES)))
    blocked_until = 0  # an impossible phrase ("31 februari") must not fall back to a part of it
    for start, i, m in candidates:
        if start < blocked_until:
            continue
        try:
            interval = _read(m, RULES[i][1], ctx)
        except (ValueError, OverflowError):
            blocked_until = m.end()
            continue
        if interval is not None and interval[0] <= interval[1]:
            return interval
    return None


def _matches(index: int, rx: re.Pattern[str], text: str) -> Iterator[Candidate]:
    """Matches of one rule as (position, rule index, match), in text order."""
    return ((m.start(), index, m) for m in rx.finditer(text))


def _read(m: re.Match[str], handler: Handler, ctx: date) -> Interval | None:
    """Base period of one match with its modifier applied (ValueError for impossible dates)."""
    base = handler(m, ctx)
    return None if base is None else _apply(_modifier(m), base, ctx)


def _modifier(m: re.Match[str]) -> str | None:
    """Meaning of the modifier; "voor eind ..." means "by the end of ..."."""
    meaning = MODIFIERS.get(m["mod"] or "")
    part = m.groupdict().get("part")
    if meaning == "before" and m.groupdict().get("budget"):
        return "by"  # before the budget debate: by its last possible day
    return "by" if meaning == "before" and part and PARTS[part] == "eind" else meaning


def _apply(modifier: str | None, base: Interval, ctx: date) -> Interval:
    """Turn a base period into the deadline interval the modifier describes."""
    start, end = base
    if modifier == "before":
        return _until(start - ONE_DAY, ctx)
    if modifier == "by":
        return _until(end, ctx)
    if modifier == "after":
        return _after(end)
    return base


def _after(end: date) -> Interval:
    """From the day after end until 31 December of that day's year."""
    first = end + ONE_DAY
    return first, date(first.year, 12, 31)


def _until(end: date, ctx: date) -> Interval:
    """From the context (or 1 January when the context is past end) up to end."""
    return (ctx if ctx <= end else date(end.year, 1, 1)), end


def _next_recess(name: str, ctx: date) -> Interval | None:
    """First recess of that name ending on or after ctx, if ctx's year is in the table."""
    table = _recesses()
    if ctx.year not in table:
        return None
    periods = (table[year].get(name) for year in sorted(table))
    return next((p for p in periods if p and p[1] >= ctx), None)


def _recess(name: str, year: int) -> Interval | None:
    """The recess of that name filed under year, if known."""
    return _recesses().get(year, {}).get(name)


@cache
def _recesses() -> dict[int, dict[str, Interval]]:
    """Recess table by starting year, read once from data/recesses.json."""
    raw = json.loads(resources.files("domain").joinpath("data/recesses.json").read_text("utf-8"))
    return {
        int(year): {name: (_iso_date(a), _iso_date(b)) for name, (a, b) in periods.items()}
        for year, periods in raw.items()
        if year.isdigit()
    }


def _date(m: re.Match[str], ctx: date) -> date:
    """The day-month(-year) of a match."""
    return date(_year(m["year"], ctx), MONTHS[m["month"]], int(m["day"]))


def _year(token: str | None, ctx: date) -> int:
    """Year from a matched token, defaulting to the context year."""
    if token is None or token == "dit jaar":
        return ctx.year
    return ctx.year + 1 if token == "volgend jaar" else int(token)


def _months(year: int, first: int, last: int) -> Interval:
    """First day of month first to last day of month last."""
    return date(year, first, 1), date(year, last, _last_day(year, last))


def _last_day(year: int, month: int) -> int:
    """Number of days in the month."""
    return calendar.monthrange(year, month)[1]


def _iso_date(value: str) -> date:
    """Parse a strict YYYY-MM-DD date."""
    parsed = date.fromisoformat(value)
    if parsed.isoformat() != value:
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return parsed


def _as_date(value: date | None) -> date:
    """Plain date from a date, datetime or None (today)."""
    if value is None:
        return date.today()
    return value.date() if isinstance(value, datetime) else value


def _normalise(text: str) -> str:
    """Lower case, accents dropped, punctuation to single spaces ("vóór 1-7" -> "voor 1 7")."""
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())
