"""Dashboard counts, read from the views' indexes at the moment of asking."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from projections.notes import STATUSES


class Counts(Protocol):
    def count(self, table: str, term: str, low: float | None = None,
              high: float | None = None) -> int: ...

    def terms(self, table: str, prefix: str) -> list[str]: ...


def dashboard(store: Counts, today: date) -> dict:
    """Notes by status, open and overdue commitments per ministry, held motions."""
    return {
        "notes_by_status": {status: store.count("notes", f"status:{status}")
                            for status in STATUSES},
        "commitments_by_ministry": _commitments(store, today),
        "held_motions": store.count("motions", "status:held"),
        "as_of": today.isoformat(),
    }


def _commitments(store: Counts, today: date) -> dict[str, dict[str, int]]:
    """Per ministry: unsettled commitments, and those of them past their deadline."""
    result = {}
    for term in sorted(store.terms("commitments", "unsettled_in:")):
        unsettled = store.count("commitments", term)
        if unsettled:
            result[term.partition(":")[2]] = {
                "open": unsettled,
                "overdue": store.count("commitments", term, high=today.toordinal() - 1)}
    return result
