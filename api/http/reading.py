"""Reading the views: through the one read door, how fresh, which page, and today's date."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from api.http.problems import Problem
from api.http.services import services
from projections.catalogue import PROJECTORS, SHAPES
from projections.honesty import Trust, judge
from projections.log import EventLog
from projections.queries import Page, Paging
from projections.reader import ViewReader

if TYPE_CHECKING:
    from api.bootstrap import Services

WAIT_SECONDS = 2.0
TRUST_SECONDS = 1.0  # how long a process takes its views' good standing as still good
_trusted_at: dict[int, float] = {}
ZONE = ZoneInfo("Europe/Amsterdam")


def reader_of(found: Services) -> ViewReader | None:
    """The read door over a process's views, or None when it has none."""
    return None if found.views is None else ViewReader(found.views, found.persons, today)


def reader() -> ViewReader:
    """The read door: every view the API serves is read through it."""
    found = services()
    door = reader_of(found)
    if door is None:
        raise Problem(503, "the views are not available in this process", "views-unavailable",
                      {"Retry-After": "5"})
    _check_trusted(found)
    return door


def views_trust(found: Services) -> Trust:
    """Whether the views can stand behind an answer about this event store."""
    log = EventLog(found.ledger)
    positions = found.views.positions(PROJECTORS)
    return judge(log.identity(), log.head(), found.views.identity(), positions, SHAPES)


def _check_trusted(found: Services) -> None:
    """503 while the views are another store's, ahead of the log, outdated or empty beside it.

    A good verdict is kept for TRUST_SECONDS, so this costs a few lookups a second."""
    key = id(found.views)
    if time.monotonic() - _trusted_at.get(key, float("-inf")) < TRUST_SECONDS:
        return
    trust = views_trust(found)
    if not trust.ok:
        raise Problem(503, trust.detail, f"views-{trust.state}", {"Retry-After": "5"})
    _trusted_at[key] = time.monotonic()


def caught_up(table: str, min_position: int | None) -> None:
    """Wait briefly for read-your-writes; 503 when the view is still behind."""
    if not min_position:
        return  # None or 0: nothing to wait for
    head = services().ledger.recorder.max_notification_id() or 0
    if min_position > head:
        raise Problem(400, f"min_position {min_position} lies beyond the event store's head "
                           f"{head}: no event has that position yet", "invalid-input")
    door = reader_of(services())
    if door is not None and not door.caught_up(table, min_position, timeout=WAIT_SECONDS):
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

