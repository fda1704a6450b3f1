"""The read door for pages: the same views, names and visibility as the API."""

from __future__ import annotations

import threading
from collections import OrderedDict
from uuid import UUID

from flask import current_app

from api.http.access import viewed_note
from api.http.reading import reader
from api.http.services import services
from api.web.diff import changes
from domain.names import Names


def visible(ref: str) -> dict:
    """A note as the views have it, or 'not found' when the person may not see it."""
    return viewed_note(ref)


def named(note: dict) -> dict:
    """A note's people by name, and its commitments and motions with their relation."""
    names, read = Names(services().persons), reader()
    relations = note.get("commitment_relations") or {}
    commitments = [{**c, "relation": relations.get(c["id"])} for c in
                   (read.commitment(i) for i in note.get("commitment_ids") or ()) if c]
    motions = [m for m in (read.motion(i) for i in note.get("motion_ids") or ()) if m]

    def shown(person) -> str | None:
        """A person the read door named ({id, name}), or a bare id from a replay."""
        if isinstance(person, dict):
            return person.get("name") or person.get("id")
        return person and (names(person) or person)

    return {**note, "drafted_by": [shown(p) for p in note["drafted_by"]],
            "route": [{**step, "initialled_by": shown(step["initialled_by"])
                       or (step.get("initialled_at") and note.get("ministry"))}
                      for step in note["route"]],
            "decided_by": shown(note.get("decided_by")),
            "commitments": commitments, "motions": motions,
            "next_step": next((i for i, step in enumerate(note["route"])
                               if not step.get("initialled_at")), None)}


class Remembered:
    """Results that never change once computed (a replay at a version, a diff between two
    versions), kept per app for the most recent few hundred."""

    LIMIT = 512

    def __init__(self) -> None:
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.LIMIT:
                self._kept.popitem(last=False)
        return value


def remembered() -> Remembered:
    return current_app.extensions.setdefault("notaledger_web_remembered", Remembered())


def answered_version(trail: list[dict], organisation: str) -> int | None:
    """The version a consultee's latest answer left the note at."""
    answers = [e["version"] for e in trail if e["type"] == "ConsultationAnswered"
               and (e.get("data") or {}).get("organisation") == organisation]
    return answers[-1] if answers else None


def replayed(note: dict, version: int) -> dict:
    """The note as it was at a version, from the event store (a past version never changes)."""
    return remembered().get(("replay", note["id"], version),
                            lambda: services().ledger.note(UUID(note["id"]), version=version))


def changes_between(note: dict, version: int) -> list:
    """What changed in the text from a version to the note as it is now."""
    return remembered().get(("changes", note["id"], version, note["version"]),
                            lambda: changes(replayed(note, version), note))
