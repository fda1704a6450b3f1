"""What the ledger knew once a note's version was saved: the linked commitments and motions
as far as the log had them at that version's position, and what the same save wrote.

One save is one transaction; its events take consecutive positions, the note's first (the
commanded aggregate leads every save). So a linked commitment or motion, once version
``v`` of note ``N`` at position ``P`` was saved, stands at:

- its last event at a position ``<= P``, or
- when the same save wrote to it (the other half of a link, a letter's settlement), its
  event naming ``N`` after ``P`` and before the note's next event: only the note's own
  commands write an event naming the note, and each writes the note's event first, so such
  an event lies in this save; the aggregate's events before it lie between the two, in the
  save too (an import's registration of the commitment it links).

This holds because a command that writes to other aggregates writes one event of the note
before theirs (a link, sending the letter). The import is the one that writes several: it
records the note and everything it links in one save, the note's versions at consecutive
positions by the importer, so any of those versions stands for the whole import. A new
command writing several note events and then others' would need the same treatment.
Nothing here reads the clock, so two commands a microsecond apart replay apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

IMPORTER = "importer"


@dataclass(frozen=True)
class Linked:
    """A linked commitment or motion: its events in order and their positions."""

    events: Sequence[Any]
    positions: dict[int, int]


@dataclass(frozen=True)
class Recorded:
    """The moment a note's version was saved: the position of its save's last event (the
    position its command answered), the note's time, and the version each linked commitment
    or motion had then (0: it did not exist yet)."""

    position: int
    at: datetime
    versions: dict[str, int]


def last_of_save(events: Sequence[Any], positions: dict[int, int], version: int) -> int:
    """The note's last version saved with ``version``: an import's last, else itself."""
    last = version
    while (last < len(events) and _by_importer(events[last - 1])
           and _by_importer(events[last]) and positions[last + 1] == positions[last] + 1):
        last += 1
    return last


def recorded(note_id: str, events: Sequence[Any], positions: dict[int, int], version: int,
             linked: dict[str, Linked]) -> Recorded:
    """What the ledger knew once version ``version`` of the note was saved."""
    last = last_of_save(events, positions, version)
    position, following = positions[last], positions.get(last + 1)
    known = {aggregate: _known(note_id, other, position, following)
             for aggregate, other in linked.items()}
    end = max([position, *(linked[a].positions[v] for a, v in known.items() if v)])
    return Recorded(end, events[last - 1].timestamp, known)


def _known(note_id: str, other: Linked, position: int, following: int | None) -> int:
    known = 0
    for event in other.events:
        at = other.positions[event.originator_version]
        if at <= position or (at < (following or at + 1)
                              and getattr(event, "note_id", None) == note_id):
            known = event.originator_version
    return known


def _by_importer(event: Any) -> bool:
    return event.actor.get("role") == IMPORTER
