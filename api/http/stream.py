"""The SSE stream of /events: which entries a key may see, and how they are written."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

from api.http.schemas.base import camel

Entry = dict  # {"id", "kind", "type", "aggregate_id", "version", "at", "organisation", ...}


class Audience:
    """Which entries one key may see: every register event, and events of its notes."""

    def __init__(self, organisation: str, sees_all: bool,
                 parties_of: Callable[[str], set[str] | None]) -> None:
        self.organisation, self.sees_all, self.parties_of = organisation, sees_all, parties_of
        self._parties: dict[str, set[str]] = {}

    def admits(self, entry: Entry) -> bool:
        if self.sees_all or entry.get("kind") != "note":
            return True
        note = entry["aggregate_id"]
        if entry.get("type") in ("ConsultationRequested", "ConsultationWithdrawn", "Drafted"):
            self._parties.pop(note, None)  # who may see it may have changed: ask again
        if note not in self._parties:
            self._parties[note] = self.parties_of(note) or set()
        return self.organisation in self._parties[note]


def sse(entries: Iterator[Entry | None], audience: Audience) -> Iterator[str]:
    """Server-Sent Events: one per admitted entry, a comment line as keep-alive."""
    yield "retry: 2000\n\n"
    for entry in entries:
        if entry is None:
            yield ": keep-alive\n\n"
        elif audience.admits(entry):
            yield (f"id: {entry['id']}\nevent: {entry['type']}\n"
                   f"data: {json.dumps(on_the_wire(entry), separators=(',', ':'))}\n\n")


def on_the_wire(entry: Entry) -> dict:
    """The entry as /v1 speaks: lowerCamelCase keys (the feed keeps its own names)."""
    return {camel(key): value for key, value in entry.items()}


def follow(feed, after: int | None, keepalive: float, seconds: float,
           wait: float = 1.0) -> Iterator[Entry | None]:
    """Entries after ``after`` as they come, None when it is time for a keep-alive."""
    ends, quiet_since = time.monotonic() + seconds, time.monotonic()
    while time.monotonic() < ends:
        entries = feed.read(after, min(wait, max(0.01, ends - time.monotonic())))
        for entry in entries:
            after = entry["id"]
            yield entry
        if entries:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= keepalive:
            quiet_since = time.monotonic()
            yield None
