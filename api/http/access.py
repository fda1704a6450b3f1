"""Who may see and change which note, commitment and motion: scoped per organisation."""

from __future__ import annotations

from uuid import UUID

from flask import g

from api.http.problems import Problem
from api.http.services import services
from domain.errors import NotFound
from domain.organisations import normalise

READ_ALL = ("auditor",)


def note_id(ref: str) -> UUID:
    """A note by its id or by its reference (a reference with a slash needs the id)."""
    try:
        return UUID(ref)
    except ValueError:
        return services().ledger.note_id(ref)


def parties(note: dict) -> set[str]:
    """The organisations a note concerns: its owner, co-authors and those consulted."""
    consulted = {org for org, c in (note.get("consultations") or {}).items()
                 if c.get("status") != "withdrawn"}
    return {note.get("ministry"), *(note.get("collaborating") or ()), *consulted}


def may_see(note: dict, organisation: str, role: str) -> bool:
    """Auditors see every note; others the notes they own, co-write or are consulted on."""
    return role in READ_ALL or organisation in parties(note)


def _hidden(ref: str) -> NotFound:
    return NotFound(f"no note {ref}")


def visible_note(ref: str) -> dict:
    """The note's present state from the event store, or 404 when the caller may not see it."""
    note = services().ledger.note(note_id(ref))
    if not may_see(note, g.key.organisation, g.key.role):
        raise _hidden(ref)
    return note


def check_visible(ref: str, note: dict | None) -> dict:
    """A note read from a view, or 404 when absent or not the caller's to see."""
    if note is None or not may_see(note, g.key.organisation, g.key.role):
        raise _hidden(ref)
    return note


def _from_views(note: UUID) -> dict | None:
    """The note as the views have it, or None (absent, or the views are unreachable)."""
    views = services().views
    if views is None:
        return None
    try:
        return views.note(str(note))
    except Exception:  # noqa: BLE001 - the event store decides instead
        return None


class Owners:
    """The owning ministry of notes seen lately, per process.

    A note's owner is fixed when it is drafted and never changes, so once a view or the
    event store has named it, it may be remembered for good; the size is only bounded
    so that a long-running process does not grow without end.
    """

    LIMIT = 100_000

    def __init__(self) -> None:
        self._owners: dict[UUID, str] = {}

    def get(self, note: UUID) -> str | None:
        return self._owners.get(note)

    def remember(self, note: UUID, ministry: str) -> None:
        if len(self._owners) >= self.LIMIT:
            self._owners.clear()
        self._owners[note] = ministry


def owners() -> Owners:
    """This app's memory of note owners (each app its own: tests run several at once)."""
    settings = services().settings
    found = settings.get("owners")
    if found is None:
        found = settings.setdefault("owners", Owners())
    return found


def owned_note(ref: str) -> UUID:
    """A note the caller's organisation owns; a consulted organisation gets 403.

    A note's owner never changes, so an owner remembered or read from a view that names
    the caller settles it without loading the note twice; every refusal is decided by
    the event store.
    """
    note = note_id(ref)
    memory = owners()
    if memory.get(note) == g.key.organisation:
        return note
    known = _from_views(note)
    if known is not None and known["ministry"] == g.key.organisation:
        memory.remember(note, known["ministry"])
        return note
    state = visible_note(ref)
    if state["ministry"] != g.key.organisation:
        raise Problem(403, f"only {state['ministry']}, which owns note {state['reference']}, "
                           "can do this", "forbidden-organisation")
    memory.remember(note, state["ministry"])
    return note


def answerable_note(ref: str, organisation: str) -> UUID:
    """A note on which the caller answers for its own organisation only."""
    wanted = normalise(organisation)
    known = _from_views(note_id(ref))
    if known is not None and wanted == g.key.organisation and wanted in parties(known):
        return UUID(known["id"])  # the domain checks the consultation itself
    note = visible_note(ref)
    if wanted != g.key.organisation:
        raise Problem(403, f"{g.key.organisation} cannot answer for {wanted}: a consultee "
                           "answers for its own organisation only", "forbidden-organisation")
    return UUID(note["id"])


def ministry_matches(ministry: str, what: str) -> None:
    """A registrar acts for its own ministry; unaddressed motions are everyone's."""
    if ministry and ministry != g.key.organisation:
        raise Problem(403, f"{what} belongs to {ministry}; {g.key.organisation} cannot change "
                           "it", "forbidden-organisation")


def commitment_of_mine(commitment: UUID) -> UUID:
    state = services().ledger.commitment(commitment)
    ministry_matches(state["ministry"], f"commitment {commitment}")
    return commitment


def motion_of_mine(motion: UUID) -> UUID:
    state = services().ledger.motion(motion)
    ministry_matches(state.get("ministry", ""), f"motion {state.get('case_number') or motion}")
    return motion


def own_ministry(ministry: str | None) -> str:
    """The ministry named in a new note or commitment: the caller's, or 403."""
    chosen = normalise(ministry) if ministry else g.key.organisation
    if chosen != g.key.organisation:
        raise Problem(403, f"{g.key.organisation} cannot act for {chosen}",
                      "forbidden-organisation")
    return chosen
