"""A note replayed from the event store, as the API and the command line show it.

One moment for everything a replay shows: the note at a version, as the ledger knew it
``as_of`` a moment, or as things stood ``effective_at`` one; its linked commitments and
motions at that same moment on the same axis (a version stands for the moment it was
recorded, with what was saved together with it); overdue as of that day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.errors import InvalidInput, NotFound
from domain.ledger import Ledger
from projections.reader import ViewReader


def replay(ledger: Ledger, door: ViewReader, note: UUID, version: int | None = None,
           as_of: datetime | None = None, effective_at: datetime | None = None,
           today: date | None = None) -> dict:
    """The note's state then, in the shape of the notes view."""
    if version is not None and (as_of is not None or effective_at is not None):
        raise InvalidInput("give asOf and/or effectiveAt, or version, not both")
    state = ledger.note(note, version=version, as_of=as_of, effective_at=effective_at)
    if version is not None or as_of is not None:
        recorded = _recorded_with(ledger, note, state["version"])
        as_of = recorded if as_of is None else max(as_of, recorded)
    when = {"as_of": as_of, "effective_at": effective_at}
    return door.replayed(state, _states(ledger.commitment, state["commitment_ids"], when),
                         _states(ledger.motion, state["motion_ids"], when),
                         _day(effective_at, as_of, today))


SAVED_TOGETHER = timedelta(seconds=1)


def _recorded_with(ledger: Ledger, note: UUID, version: int) -> datetime:
    """What the ledger knew once a version was recorded, with what was saved with it (a
    sent letter's settled commitments are recorded a moment after the note's own event):
    up to a second later, and never as late as the note's next version."""
    times = [event["timestamp"] for event in ledger.history(note)[version - 1:version + 1]]
    recorded = times[0] + SAVED_TOGETHER
    return min(recorded, times[1] - timedelta(microseconds=1)) if len(times) > 1 else recorded


def _day(effective_at: datetime | None, as_of: datetime | None, today: date | None) -> date:
    """The day a replay is of: the state of affairs' moment, else the ledger's, else today."""
    moment = effective_at or as_of
    if moment is None:
        return today or date.today()
    return moment.astimezone(UTC).date()


def _states(read, ids: list[str], when: dict) -> dict[str, dict]:
    """The linked commitments or motions as they were then (those that existed)."""
    found = {}
    for aggregate in ids:
        try:
            found[aggregate] = read(UUID(aggregate), **when)
        except NotFound:
            continue
    return found
