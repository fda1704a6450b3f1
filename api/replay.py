"""A note replayed from the event store, as the API and the command line show it.

One moment for everything a replay shows: the note at a version, as the ledger knew it
``as_of`` a moment, or as things stood ``effective_at`` one; its linked commitments and
motions at that same moment on the same axis; overdue as of that day. A version stands for
its place in the log: the commitments and motions as the log had them there, with what the
same save wrote to them (domain/recorded.py), never a window of time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
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
    known, recorded_at = {}, None
    if version is not None or as_of is not None:  # the recorded axis: what its save wrote
        recorded = ledger.recorded(note, state["version"])
        known, recorded_at = recorded.versions, recorded.at
    when = {"as_of": as_of, "effective_at": effective_at}
    return door.replayed(state, _states(ledger.commitment, state["commitment_ids"], when, known),
                         _states(ledger.motion, state["motion_ids"], when, known),
                         _day(effective_at, as_of or recorded_at, today))


def _day(effective_at: datetime | None, as_of: datetime | None, today: date | None) -> date:
    """The day a replay is of: the state of affairs' moment, else the ledger's, else today."""
    moment = effective_at or as_of
    if moment is None:
        return today or date.today()
    return moment.astimezone(UTC).date()


def _states(read, ids: list[str], when: dict, known: dict[str, int]) -> dict[str, dict]:
    """The linked commitments or motions as they were then (those that existed)."""
    found = {}
    for aggregate in ids:
        try:
            found[aggregate] = read(UUID(aggregate), **when, known=known.get(aggregate))
        except NotFound:
            continue
    return found
