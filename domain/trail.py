"""A note's trail as rows: who did what and when, names shown by the one policy (names.py)."""

from __future__ import annotations

from typing import Any

from domain.names import Names
from domain.persons import PersonRegistry

_NOT_DETAILS = ("version", "type", "timestamp", "actor", "hash", "prev_hash", "originator_topic")
COLUMNS = ("version", "time", "event", "organisation", "role", "person", "person_id", "key_id",
           "details", "hash", "prev_hash")
PUBLIC_COLUMNS = tuple(c for c in COLUMNS if c not in ("person_id", "key_id"))


def trail_rows(history: list[dict], persons: PersonRegistry | None, public: bool = False
               ) -> list[dict]:
    """One row per event: for auditors with names and ids, for the public redacted."""
    names = Names(persons, public)
    return [_row(event, names) for event in history]


def _row(event: dict, names: Names) -> dict:
    actor = event.get("actor") or {}
    details = {k: v for k, v in event.items() if k not in _NOT_DETAILS}
    if isinstance(details.get("drafted_by"), list):
        details["drafted_by"] = [_listed(names, p) for p in details["drafted_by"]]
    row = {"version": event["version"], "time": _time(event.get("timestamp")),
           "event": event["type"], "organisation": actor.get("organisation"),
           "role": actor.get("role"), "person": names(actor.get("person_id")),
           "person_id": actor.get("person_id"), "key_id": actor.get("key_id"),
           "details": details, "hash": event.get("hash"), "prev_hash": event.get("prev_hash")}
    return {column: row[column] for column in (PUBLIC_COLUMNS if names.public else COLUMNS)}


def _listed(names: Names, person_id: str) -> str | None:
    """A person inside an event's fields: the name, and for auditors the id beside it."""
    name = names(person_id)
    if names.public:
        return name
    return f"{name} ({person_id})" if name else person_id


def _time(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value
