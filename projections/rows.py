"""View rows: documents in named tables, indexed by terms and ordered by a score.

A view is a set of tables. Each row is a JSON document under a key; its table says
which terms index it (``status:draft``, ``ministry:VRO``) and which number orders it.
Stores keep rows, terms and scores; they never need to know what a view means.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import orjson

ALL = "all"  # the term every row of a listable table carries

RowKey = tuple[str, str]  # (table, key)
_NOTHING: tuple[tuple[str, ...], float] = ((), 0.0)


@dataclass(frozen=True)
class Table:
    """How the rows of one table are indexed and ordered."""

    name: str
    terms: Callable[[dict], Iterable[str]]
    score: Callable[[dict], float]
    listable: bool = True  # rows carry ``all``, so the whole table can be listed and counted

    def index(self, doc: dict | None) -> tuple[tuple[str, ...], float]:
        """The sorted terms and the score of a row (nothing for no row)."""
        if doc is None:
            return _NOTHING
        found = self.terms(doc)
        if not self.listable and type(found) is list and len(found) == 1:  # nothing to sort
            return tuple(found), float(self.score(doc))
        terms = {ALL, *found} if self.listable else set(found)
        return tuple(sorted(terms)), float(self.score(doc))

    def write(self, key: str, before: dict | None, after: dict | None) -> Write:
        """The store's instruction for this row going from ``before`` to ``after``."""
        terms, score = self.index(after)
        if before is None:
            return Write(self.name, key, after, terms, score)
        old_terms, old_score = self.index(before)
        return Write(self.name, key, after, terms, score, old_terms, old_score)


@dataclass(frozen=True)
class RowChange:
    """One row before and after; ``after`` None deletes it."""

    table: str
    key: str
    before: dict | None
    after: dict | None


@dataclass(slots=True)  # not frozen: a rebuild makes one per row, and frozen ones cost twice
class Write:
    """What a store does for one row: put (``doc`` set) or delete, and reindex.

    Treated as immutable: nothing assigns to a Write after it is made.
    """

    table: str
    key: str
    doc: dict | None
    terms: tuple[str, ...]
    score: float
    old_terms: tuple[str, ...] = field(default=())
    old_score: float | None = None  # None: the row is new

    def terms_to_add(self) -> list[str]:
        """Terms to (re)index: all of them when the score moved, else only the new ones."""
        if self.old_score is None or self.old_score != self.score:
            return list(self.terms)
        return [term for term in self.terms if term not in self.old_terms]

    def terms_to_remove(self) -> list[str]:
        """Old terms the row no longer carries (all of them when it is deleted)."""
        return [term for term in self.old_terms if term not in self.terms]


def encode_row(doc: dict) -> str:
    """Canonical JSON (sorted keys, UTF-8, no spaces): the same row always has the same text."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS).decode()


def decode_row(text: str | bytes) -> dict:
    return orjson.loads(text)


def changed(table: str, key: str, before: dict | None, after: dict | None) -> list[RowChange]:
    """A change only when the row differs."""
    return [] if before == after else [RowChange(table, key, before, after)]


def diff(old: dict[RowKey, dict], new: dict[RowKey, dict]) -> list[RowChange]:
    """The changes that turn one set of rows into another, in key order."""
    changes = []
    for table, key in sorted(old.keys() | new.keys()):
        changes += changed(table, key, old.get((table, key)), new.get((table, key)))
    return changes
