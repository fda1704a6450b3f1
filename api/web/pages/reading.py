"""The read door for pages: the same views, names and visibility as the API."""

from __future__ import annotations

from uuid import UUID

from api.http.access import check_visible, note_id
from api.http.reading import today, views
from api.http.services import services
from projections.reader import ViewReader


def reader() -> ViewReader:
    return ViewReader(views(), services().persons, today)


def visible(ref: str) -> dict:
    """A note as the views have it, or 'not found' when the person may not see it."""
    return check_visible(ref, reader().note(str(note_id(ref))))


def answered_version(trail: list[dict], organisation: str) -> int | None:
    """The version a consultee's latest answer left the note at."""
    answers = [e["version"] for e in trail if e["type"] == "ConsultationAnswered"
               and (e.get("data") or {}).get("organisation") == organisation]
    return answers[-1] if answers else None


def replayed(note: dict, version: int) -> dict:
    """The note as it was at a version, from the event store."""
    return services().ledger.note(UUID(note["id"]), version=version)
