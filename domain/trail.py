"""A note's audit trail as rows: who did what and when, names resolved or redacted."""

from __future__ import annotations

from typing import Any

from domain.persons import PersonRegistry

UNKNOWN = "[unknown]"
_NOT_DETAILS = ("version", "type", "timestamp", "actor", "hash", "prev_hash", "originator_topic")
COLUMNS = ("version", "time", "event", "organisation", "role", "person", "person_id", "key_id",
           "details", "hash", "prev_hash")
PUBLIC_COLUMNS = tuple(c for c in COLUMNS if c not in ("person_id", "key_id"))


def trail_rows(history: list[dict], persons: PersonRegistry, public: bool = False
               ) -> list[dict]:
    """One row per event: for auditors with names and ids, for the public redacted."""
    return [_row(event, persons, public) for event in history]


def _row(event: dict, persons: PersonRegistry, public: bool) -> dict:
    actor = event.get("actor") or {}
    details = {k: v for k, v in event.items() if k not in _NOT_DETAILS}
    if isinstance(details.get("drafted_by"), list):
        details["drafted_by"] = [_listed(persons, p, public) for p in details["drafted_by"]]
    row = {"version": event["version"], "time": _time(event.get("timestamp")),
           "event": event["type"], "organisation": actor.get("organisation"),
           "role": actor.get("role"), "person": _name(persons, actor.get("person_id"), public),
           "person_id": actor.get("person_id"), "key_id": actor.get("key_id"),
           "details": details, "hash": event.get("hash"), "prev_hash": event.get("prev_hash")}
    return {column: row[column] for column in (PUBLIC_COLUMNS if public else COLUMNS)}


def _name(persons: PersonRegistry, person_id: str | None, public: bool) -> str | None:
    """The display name; a person the registry does not know stays unnamed in public."""
    if not person_id:
        return None
    shown = persons.display_name(person_id, public=public)
    if shown is None:
        return UNKNOWN if public else None
    return shown


def _listed(persons: PersonRegistry, person_id: str, public: bool) -> str | None:
    """A person inside an event's fields: the name, and for auditors the id beside it."""
    name = _name(persons, person_id, public)
    if public:
        return name
    return f"{name} ({person_id})" if name else person_id


def _time(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value
