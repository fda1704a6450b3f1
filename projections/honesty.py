"""Whether a view store can stand behind its answers about this event log.

A view store records the identity of the event log it was built from (the chain hash of
the log's first event: written once, never changed) and is refused by any other log. Its
positions must lie within the log: a position beyond the head means the views hold events
this log does not (a database restored from a backup, two deployments sharing one Redis
prefix). A projection without a position while the log has events holds nothing (never
built, or the store was emptied). None of these may serve an answer, whatever the lag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TRUSTED, FOREIGN, AHEAD, EMPTY = "trusted", "foreign", "ahead", "empty"


class ViewsUntrusted(Exception):
    """The views cannot stand behind an answer about this log; rebuild them."""

    def __init__(self, trust: Trust) -> None:
        super().__init__(trust.detail)
        self.trust = trust


@dataclass(frozen=True)
class Trust:
    state: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == TRUSTED


def judge(log_identity: str | None, head: int | None, store_identity: str | None,
          positions: Mapping[str, int | None]) -> Trust:
    """The verdict on a store's views of a log with this identity and head."""
    head = head or 0
    if log_identity and store_identity and log_identity != store_identity:
        return Trust(FOREIGN, f"the views were built from another event store (identity "
                              f"{store_identity[:12]}…, this one is {log_identity[:12]}…); "
                              "rebuild them")
    ahead = sorted(name for name, position in positions.items() if (position or 0) > head)
    if ahead:
        furthest = max(positions[name] or 0 for name in ahead)
        return Trust(AHEAD, f"the views of {', '.join(ahead)} are at position {furthest}, "
                            f"beyond the event store's head {head}; rebuild them")
    empty = sorted(name for name, position in positions.items() if position is None)
    if head and empty:
        return Trust(EMPTY, f"the views of {', '.join(empty)} are empty while the event "
                            f"store holds {head} events; rebuild them")
    return Trust(TRUSTED)
