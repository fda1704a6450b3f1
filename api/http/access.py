"""Who may see which note: scoped per organisation (who may change one, the aggregate decides)."""

from __future__ import annotations

from uuid import UUID

from flask import g

from api.http.services import services
from domain.errors import NotFound
from domain.note import parties as note_parties

READ_ALL = ("auditor",)


def note_id(ref: str) -> UUID:
    """A note by its id or by its reference (a reference with a slash needs the id)."""
    try:
        return UUID(ref)
    except ValueError:
        return services().ledger.note_id(ref)


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
