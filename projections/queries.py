"""Queries on the views, as plans a store can run: terms, a score range, an order, a filter.

The terms and score range narrow the rows through the store's indexes; ``where`` is the
rest of the question (text search, overdue), asked of each candidate row in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from domain import commitment, motion
from domain.deadline import PLACEMENTS
from domain.errors import InvalidInput
from domain.organisations import normalise
from projections.notes import STATUSES as NOTE_STATUSES
from projections.rows import ALL

MAX_LIMIT = 500


@dataclass(frozen=True)
class Plan:
    """Which rows of a table, in which order, and which page of them."""

    table: str
    terms: tuple[str, ...] = (ALL,)
    low: float | None = None
    high: float | None = None
    descending: bool = False
    where: Callable[[dict], bool] | None = None
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class Page:
    """One page of rows and how many rows the question matched."""

    items: list[dict]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class Paging:
    offset: int = 0
    limit: int = 50

    def __post_init__(self) -> None:
        if not isinstance(self.offset, int) or self.offset < 0:
            raise InvalidInput(f"offset must be a whole number of at least 0, not {self.offset!r}")
        if not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be a whole number from 1 to {MAX_LIMIT}, "
                               f"not {self.limit!r}")


def _choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        raise InvalidInput(f"{name} {value!r} must be one of: {', '.join(choices)}")
    return value


def _terms(*pairs: tuple[str, str | None]) -> tuple[str, ...]:
    terms = tuple(f"{name}:{value}" for name, value in pairs if value is not None)
    return terms or (ALL,)


def _contains(needle: str | None, *haystack: str | None) -> bool:
    return needle is None or any(needle.casefold() in (h or "").casefold() for h in haystack)


def _org(value: str | None) -> str | None:
    return None if value is None else normalise(value)


def _member(value: str | None) -> str | None:
    return None if value is None else " ".join(value.split()).casefold()


@dataclass(frozen=True)
class NoteQuery:
    """Notes newest first, by status, owner, consulted or visible organisation, and text."""

    status: str | None = None
    owner: str | None = None
    consulted: str | None = None
    visible_to: str | None = None
    text: str | None = None
    paging: Paging = field(default_factory=Paging)
    reference: str | None = None

    def plan(self) -> Plan:
        _choice("status", self.status, NOTE_STATUSES)
        # the rarest term first: a store walks the first term's rows and probes the others
        # (SQLite's join), so a reference (one note or a few) is found without walking
        # every note the caller may see
        terms = _terms(("reference", self.reference.strip().upper() if self.reference
                        else None),
                       ("status", self.status), ("owner", _org(self.owner)),
                       ("consulted", _org(self.consulted)),
                       ("visible", _org(self.visible_to)))
        text = self.text.strip() if self.text and self.text.strip() else None
        where = (lambda doc: _contains(text, doc["reference"], doc["title"])) if text else None
        return Plan("notes", terms, descending=True, where=where, offset=self.paging.offset,
                    limit=self.paging.limit)


@dataclass(frozen=True)
class CommitmentQuery:
    """Commitments in deadline order, by status, ministry, member, party, debate, due date."""

    status: str | None = None
    ministry: str | None = None
    member: str | None = None
    party: str | None = None
    debate: str | None = None
    due_within_days: int | None = None
    overdue: bool | None = None
    deadline: str | None = None  # dated, occasion, unplaced (for the registrar) or none
    paging: Paging = field(default_factory=Paging)

    def plan(self, today: date) -> Plan:
        _choice("status", self.status, commitment.STATUSES)
        _choice("deadline", self.deadline, PLACEMENTS)
        terms = _terms(("status", self.status), ("ministry", _org(self.ministry)),
                       ("member", _member(self.member)), ("party", _member(self.party)),
                       ("deadline", self.deadline))
        low = high = None
        if self.overdue or self.due_within_days is not None:
            terms = tuple(t for t in terms if t != ALL) + ("unsettled",)
        if self.overdue:
            high = today.toordinal() - 1
        if self.due_within_days is not None:
            if isinstance(self.due_within_days, bool) or not isinstance(
                    self.due_within_days, int) or self.due_within_days < 0:
                raise InvalidInput("due_within_days must be a whole number of at least 0")
            low = today.toordinal()
            high = min(high if high is not None else low + self.due_within_days,
                       low + self.due_within_days)
        return Plan("commitments", terms, low, high, where=self._where(today),
                    offset=self.paging.offset, limit=self.paging.limit)

    def _where(self, today: date) -> Callable[[dict], bool] | None:
        debate = self.debate.strip() if self.debate and self.debate.strip() else None
        if debate is None and self.overdue is not False:
            return None

        def where(doc: dict) -> bool:
            held = doc["debate"]
            return (_contains(debate, held["kind"], held["title"], held["date"])
                    and (self.overdue is not False or not is_overdue(doc, today)))
        return where


def is_overdue(doc: dict, today: date) -> bool:
    """A commitment is overdue when its deadline interval has ended and it is unsettled."""
    end = (doc.get("deadline") or {}).get("end")
    return (doc["status"] in commitment.UNSETTLED and end is not None
            and date.fromisoformat(end) < today)


@dataclass(frozen=True)
class MotionQuery:
    """Motions, held ones first, by status, submitter, party and ministry."""

    status: str | None = None
    submitter: str | None = None
    party: str | None = None
    ministry: str | None = None
    paging: Paging = field(default_factory=Paging)

    def plan(self) -> Plan:
        _choice("status", self.status, motion.STATUSES)
        terms = _terms(("status", self.status), ("member", _member(self.submitter)),
                       ("party", _member(self.party)), ("ministry", _org(self.ministry)))
        return Plan("motions", terms, offset=self.paging.offset, limit=self.paging.limit)


@dataclass(frozen=True)
class InboxQuery:
    """An organisation's awaited consultations, oldest first, optionally only overdue ones."""

    organisation: str
    overdue: bool | None = None
    paging: Paging = field(default_factory=Paging)

    def plan(self, today: date) -> Plan:
        terms = _terms(("org", _org(self.organisation)))
        where = None
        if self.overdue is not None:
            def where(row: dict) -> bool:
                return consultation_overdue(row, today) == self.overdue
        return Plan("inbox", terms, where=where, offset=self.paging.offset,
                    limit=self.paging.limit)


def consultation_overdue(row: dict, today: date) -> bool:
    """An awaited answer is overdue once its due date has passed."""
    return row["due"] is not None and date.fromisoformat(row["due"]) < today


def public_plan(paging: Paging, text: str | None = None) -> Plan:
    """Published notes, the most recently published first."""
    text = text.strip() if text and text.strip() else None
    where = (lambda doc: _contains(text, doc["reference"], doc["title"])) if text else None
    return Plan("public", descending=True, where=where, offset=paging.offset,
                limit=paging.limit)
