"""Who may see which note: scoped per organisation (who may change one, the aggregate decides)."""

from __future__ import annotations

import time
from uuid import UUID

from flask import current_app, g

from api.http.problems import Problem
from api.http.reading import reader
from api.http.services import services
from domain.errors import InvalidInput, NotFound
from domain.note import parties as note_parties
from projections.queries import NoteQuery, Paging
from projections.store import StoreUnavailable

READ_ALL = ("auditor",)


def note_id(ref: str) -> UUID:
    """A note by its id, or by its reference among the notes the caller may see: its own
    organisation's first; several visible ones (an auditor sees all) are 409 listing them."""
    key = g.get("key")
    if key is None or key.role in READ_ALL:
        return resolve(ref)[0]
    known = OwnReferences.of_app()
    found = known.get(key.organisation, ref)
    if found is not None:
        g.note_ref = (str(found), ref)
        return found
    found, doc = resolve(ref)
    if doc is not None and doc.get("ministry") == key.organisation:
        known.keep(key.organisation, ref, found)
    return found


class OwnReferences:
    """References the views found naming one visible note, the caller's organisation's
    own, kept for ``seconds`` so commands on a note do not ask the views each time.

    The answer cannot go wrong in what it names: an organisation's note with a reference
    has one id for ever (domain/note.py's ``note_id``). What an entry may hide for its few
    seconds is a note of another ministry with the same reference becoming visible to the
    caller (a consultation asked): commands then still reach the caller's own note instead
    of answering 409, as they did while the views had not yet taken in that change. Reads
    of a note (``viewed_note``) still ask the views every time."""

    LIMIT = 10_000

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._kept: dict[tuple[str, str], tuple[float, UUID]] = {}

    @classmethod
    def of_app(cls) -> OwnReferences:
        extensions = current_app.extensions
        known = extensions.get("notaledger_references")
        if known is None:
            known = extensions["notaledger_references"] = cls(
                float(current_app.config.get("REFERENCE_CACHE_SECONDS", 0)))
        return known

    def get(self, organisation: str, ref: str) -> UUID | None:
        hit = self._kept.get((organisation, ref))
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def keep(self, organisation: str, ref: str, note: UUID) -> None:
        if self.seconds <= 0:
            return
        if len(self._kept) >= self.LIMIT:
            self._kept.clear()
        self._kept[(organisation, ref)] = (time.monotonic() + self.seconds, note)


def resolve(ref: str) -> tuple[UUID, dict | None]:
    """The note ``ref`` names (as ``note_id``), with its row of the notes view when the
    reference was resolved through the views, so a read shows that row instead of asking
    the views a second time."""
    try:
        return UUID(ref), None
    except ValueError:
        pass
    key = g.get("key")
    if key is None:  # the public: only published notes count, or a 409 would tell of others
        published = [doc for doc in _visible_with_reference(ref, None)
                     if reader().public_note(doc["id"]) is not None]
        return _only(ref, _owned(published), None), None
    everyone = key.role in READ_ALL
    docs = _visible_with_reference(ref, None if everyone else key.organisation)
    found = _only(ref, _owned(docs) or _stored_with_reference(ref, key), None)
    return found, next((doc for doc in docs if doc["id"] == str(found)), None)


def viewed_note(ref: str) -> dict:
    """The note as the notes view serves it, or 404 when absent or not the caller's to see."""
    door = reader()  # first: views that cannot stand behind an answer are 503 at once
    found, doc = resolve(ref)
    return check_visible(ref, door.note(str(found)) if doc is None else door.shaped(doc))


def _owned(docs: list[dict]) -> list[tuple[str, UUID]]:
    return [(doc["ministry"], UUID(doc["id"])) for doc in docs]


def _stored_with_reference(ref: str, key) -> list[tuple[str, UUID]]:
    """When the views have no such note yet: the caller's own from the event store, else
    the ministries' notes with the reference that the caller may see."""
    ledger = services().ledger
    own = ledger.note_id(ref, key.organisation)
    if ledger.recorder.select_events(own, limit=1):
        return [(key.organisation, own)]
    found = []
    for owner, note in ledger.notes_with_reference(ref):
        if may_see(_current(note), key.organisation, key.role):
            found.append((owner, note))
    return found or [(key.organisation, own)]


def _current(note: UUID) -> dict:
    """The note as the views have it when they are up to date with it, else as the event
    store has it (so a consultation just requested counts at once)."""
    ledger = services().ledger
    latest = ledger.recorder.select_events(note, desc=True, limit=1)
    try:
        viewed = reader().note(str(note)) if services().views is not None else None
    except (StoreUnavailable, Problem):
        viewed = None
    if viewed is not None and latest and viewed.get("version") == latest[0].originator_version:
        return viewed
    return ledger.note(note)


def _visible_with_reference(ref: str, organisation: str | None) -> list[dict]:
    """The rows of the notes view with this reference that the caller may see."""
    views = services().views
    if views is None:
        return []
    try:
        page = reader().notes(NoteQuery(reference=ref, visible_to=organisation,
                                        paging=Paging(0, 20)))
    except (InvalidInput, StoreUnavailable, Problem):
        return []  # views away or behind: the caller's own note, as the event store has it
    return page.items


def _only(ref: str, matches: list[tuple[str, UUID]], own: UUID | None) -> UUID:
    """The one note a reference names; its own organisation's when nothing else matches."""
    if len(matches) > 1:
        listed = ", ".join(f"{owner}: {note}" for owner, note in matches)
        raise Problem(409, f"reference {ref} names several notes you may see ({listed}); "
                           "use the id", "ambiguous-reference",
                      notes=[{"id": str(note), "ministry": owner} for owner, note in matches])
    found = matches[0][1] if matches else own
    if found is None:
        raise _hidden(ref)
    g.note_ref = (str(found), ref)  # a 404 names the reference the caller sent
    return found


def parties(note: dict) -> set[str]:
    """The organisations a note concerns, as the aggregate counts them."""
    return note_parties(note.get("ministry"), note.get("collaborating") or (),
                        note.get("consultations") or {})


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
