"""The parser scored against hand annotations, field by field: precision and recall.

A value counts as found (true positive) when it equals the annotation; a wrong value is both
a false positive (it was said) and a false negative (the right one was not). Empty is empty:
None, "", 0 and [] all mean 'not in the document' and are never scored as found.
Commitments and motions are matched by a phrase the annotation says their text contains;
their own fields are then scored pair by pair.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

SCALARS = ("reference", "title", "date", "kind", "from", "to", "owner", "drafted_by")
LISTS = ("collaborating", "advised_decisions", "sections", "attachments", "consultations",
         "co_senders")
ITEMS = {"commitments": ("members", "debate", "deadline", "relation"),
         "motions": ("members", "date", "status")}
FIELDS = (*SCALARS, *LISTS, *(name for items, parts in ITEMS.items()
                               for name in (items, *(f"{items}.{part}" for part in parts))))


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Score:
    """Tallies per field, and the misses that make them, for a person to read."""

    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, tally in other.fields.items():
            self.fields[name].add(tally)
        self.misses.extend(other.misses)

    def overall(self) -> Tally:
        total = Tally()
        for tally in self.fields.values():
            total.add(tally)
        return total


def norm(value):
    """A value in a comparable form: text NFC, spaces collapsed, case folded; empty is None."""
    if value in (None, "", 0, [], ()):
        return None
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split()).casefold()
    if isinstance(value, list | tuple):
        return tuple(norm(item) for item in value)
    return value


def scalar(gold, found) -> Tally:
    """One value against its annotation."""
    gold, found = norm(gold), norm(found)
    if gold is not None and gold == found:
        return Tally(tp=1)
    return Tally(fp=int(found is not None), fn=int(gold is not None))


def bag(gold: list, found: list) -> Tally:
    """Several values (each counted as often as it occurs) against the annotation's."""
    gold_bag = Counter(norm(item) for item in gold)
    found_bag = Counter(norm(item) for item in found)
    hits = sum((gold_bag & found_bag).values())
    return Tally(hits, sum(found_bag.values()) - hits, sum(gold_bag.values()) - hits)


def score(name: str, gold: dict, found: dict) -> Score:
    """The score of one document's parse (found) against its annotation (gold)."""
    result = Score()
    for key in SCALARS:
        _count(result, name, key, scalar(gold.get(key), found.get(key)), gold.get(key),
               found.get(key))
    for key in LISTS:
        _count(result, name, key, bag(gold.get(key) or [], found.get(key) or []),
               gold.get(key), found.get(key))
    for items, parts in ITEMS.items():
        _items(result, name, items, parts, gold.get(items) or [], found.get(items) or [])
    return result


def _items(result: Score, name: str, items: str, parts: tuple[str, ...], gold: list[dict],
           found: list[dict]) -> None:
    """Commitments or motions: matched by their phrase, then each part of each pair scored."""
    unmatched = list(found)
    for expected in gold:
        match = next((item for item in unmatched
                      if norm(expected["contains"]) in norm(item["text"])), None)
        if match is None:
            _count(result, name, items, Tally(fn=1), expected["contains"], None)
            for part in parts:
                _count(result, name, f"{items}.{part}", scalar(expected.get(part), None),
                       expected.get(part), None)
            continue
        unmatched.remove(match)
        result.fields[items].add(Tally(tp=1))
        for part in parts:
            label = f"{items}.{part} of {expected['contains']!r}"
            _count(result, name, f"{items}.{part}", scalar(expected.get(part), match.get(part)),
                   expected.get(part), match.get(part), label)
    for extra in unmatched:
        _count(result, name, items, Tally(fp=1), None, extra["text"][:80])
        for part in parts:
            _count(result, name, f"{items}.{part}", scalar(None, extra.get(part)), None,
                   extra.get(part))


def _count(result: Score, name: str, key: str, tally: Tally, gold, found,
           label: str | None = None) -> None:
    result.fields[key].add(tally)
    if tally.fp or tally.fn:
        result.misses.append(f"{name}: {label or key}: expected {gold!r}, found {found!r}")
