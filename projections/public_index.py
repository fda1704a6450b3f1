"""The public registers through an index, not a scan of every published note per request.

Each published note's row carries a term per commitment and motion it links
(``commitment:<id>``, ``motion:<id>``), so the store's term index names the commitments and
motions the public may see, and finds the published notes that settle one without reading
the others. A register's question (terms, score range, filter, order, page) is then asked
of those rows alone, as a store would ask it of a whole table.

What a process read is kept for the state of the views it read (the positions of the
projections that wrote them), so a question asked again of unchanged views reads nothing
but those positions; any event projected since makes it read again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from weakref import WeakKeyDictionary

from projections.queries import MAX_LIMIT, Page, Plan
from projections.rows import Table

COMMITMENT, MOTION = "commitment:", "motion:"
PUBLIC_TABLE = "public"
QUESTIONS = 64  # the answers kept per state of the views


def linked_terms(doc: dict) -> list[str]:
    """The index terms of a published note for what it links."""
    return ([COMMITMENT + c for c in doc.get("commitment_ids") or ()]
            + [MOTION + m for m in doc.get("motion_ids") or ()])


class Registers:
    """The public commitments or motions of one state of the views, the answers given to
    the questions asked of them, and the published notes that link each one asked about."""

    def __init__(self, state: Hashable, docs: list[dict]) -> None:
        self.state, self.docs = state, docs
        self._answers: OrderedDict = OrderedDict()
        self._linking: dict[str, dict[str, dict]] = {}
        self._lock = threading.Lock()

    def answer(self, question: Hashable, work: Callable[[list[dict]], list]) -> list:
        with self._lock:
            if question in self._answers:
                self._answers.move_to_end(question)
                return self._answers[question]
        found = work(self.docs)
        with self._lock:
            self._answers[question] = found
            while len(self._answers) > QUESTIONS:
                self._answers.popitem(last=False)
        return found

    def linking(self, store, prefix: str, ids: Iterable[str]) -> dict[str, dict]:
        """The published notes, by id, that link any of these items."""
        found: dict[str, dict] = {}
        for item in dict.fromkeys(ids):
            with self._lock:
                known = self._linking.get(item)
            if known is None:
                known = linking(store, prefix, [item])
                with self._lock:
                    self._linking[item] = known
            found.update(known)
        return found


_HELD: WeakKeyDictionary = WeakKeyDictionary()  # view store -> {prefix: Registers}
_LOCK = threading.Lock()


def held(store, table: Table, prefix: str) -> Registers:
    """The public rows of ``table`` in the views' present state (read again once changed)."""
    state = _state(store, table)
    with _LOCK:
        kept = _HELD.get(store, {}).get(prefix)
    if kept is not None and kept.state == state:
        return kept
    ids = [term[len(prefix):] for term in store.terms(PUBLIC_TABLE, prefix)]
    fresh = Registers(state, list(store.get_many(table.name, ids).values()) if ids else [])
    if _state(store, table) == state:  # nothing was projected while it was read
        with _LOCK:
            _HELD.setdefault(store, {})[prefix] = fresh
    return fresh


def _state(store, table: Table) -> tuple:
    """The positions of the projections that write the public rows and ``table``."""
    return tuple(sorted(store.positions({store.home(PUBLIC_TABLE),
                                         store.home(table.name)}).items()))


def register(store, table: Table, plan: Plan, prefix: str, question: Hashable
             ) -> tuple[Page, Registers]:
    """The rows of ``table`` that published notes link (by ``prefix``), as ``plan`` asks
    (``question``: the plan's question without its page, as asked again)."""
    rows = held(store, table, prefix)
    chosen = rows.answer(question, lambda docs: run(table, plan, docs, every=True).items)
    return Page(chosen[plan.offset:plan.offset + plan.limit], len(chosen), plan.offset,
                plan.limit), rows


def linking(store, prefix: str, ids: Iterable[str]) -> dict[str, dict]:
    """The published notes, by id, that link any of these commitments or motions."""
    found: dict[str, dict] = {}
    for item in dict.fromkeys(ids):
        found.update((doc["id"], doc) for doc in store.each(
            Plan(PUBLIC_TABLE, (prefix + item,), limit=MAX_LIMIT)))
    return found


def run(table: Table, plan: Plan, docs: Iterable[dict], every: bool = False) -> Page:
    """A plan asked of given rows as a store asks it of a table: every term, the score
    range (inclusive), the filter, ordered by score then key, one page (or ``every`` row
    it matches) and the total."""
    wanted, chosen = set(plan.terms), []
    for doc in docs:
        terms, score = table.index(doc)
        if not wanted.issubset(terms):
            continue
        if (plan.low is not None and score < plan.low) or (
                plan.high is not None and score > plan.high):
            continue
        if plan.where is None or plan.where(doc):
            chosen.append((score, doc["id"], doc))
    chosen.sort(key=lambda row: (row[0], row[1]), reverse=plan.descending)
    items = [doc for _, _, doc in (chosen if every else
                                   chosen[plan.offset:plan.offset + plan.limit])]
    return Page(items, len(chosen), plan.offset, plan.limit)
