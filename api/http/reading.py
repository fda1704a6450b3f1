"""Reading the views: through the one read door, how fresh, which page, and today's date."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from api.http.problems import Problem
from api.http.services import Services, services
from projections.queries import Page, Paging
from projections.reader import ViewReader

WAIT_SECONDS = 2.0
ZONE = ZoneInfo("Europe/Amsterdam")


def reader_of(found: Services) -> ViewReader | None:
    """The read door over a process's views, or None when it has none."""
    return None if found.views is None else ViewReader(found.views, found.persons, today)


def reader() -> ViewReader:
    """The read door: every view the API serves is read through it."""
    door = reader_of(services())
    if door is None:
        raise Problem(503, "the views are not available in this process", "views-unavailable",
                      {"Retry-After": "5"})
    return door


def caught_up(table: str, min_position: int | None) -> None:
    """Wait briefly for read-your-writes; 503 when the view is still behind."""
    if not min_position:
        return  # None or 0: nothing to wait for
    head = services().ledger.recorder.max_notification_id() or 0
    if min_position > head:
        raise Problem(422, f"no event has position {min_position}; the log ends at {head}",
                      "invalid-input")
    if not reader().caught_up(table, min_position, timeout=WAIT_SECONDS):
        raise Problem(503, f"the {table} view has not reached position {min_position} yet; "
                           "retry shortly", "views-behind", {"Retry-After": "1"})


def paging(args: dict) -> Paging:
    return Paging(args.get("offset", 0), args.get("limit", 50))


def page_body(page: Page, **extra) -> dict:
    return {"items": page.items, "total": page.total, "offset": page.offset,
            "limit": page.limit, **extra}


def today() -> date:
    """The date in The Hague, where deadlines fall."""
    return datetime.now(ZONE).date()

