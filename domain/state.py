"""Plain-data views of aggregates, for queries and point-in-time replays."""

from __future__ import annotations

import copy
from typing import Any

NUMBERED = ("advised", "attachments")  # kept by number; shown as lists in number order


def aggregate_state(aggregate: Any) -> dict:
    """A deep copy of an aggregate's public state, with its identity and chain head."""
    state = {key: copy.deepcopy(value) for key, value in vars(aggregate).items()
             if not key.startswith("_")}
    for key in NUMBERED:
        if isinstance(state.get(key), dict):
            state[key] = [state[key][number] for number in sorted(state[key])]
    return {
        "id": str(aggregate.id),
        "type": type(aggregate).__name__.lower(),
        "version": aggregate.version,
        "created_on": aggregate.created_on.isoformat(),
        "modified_on": aggregate.modified_on.isoformat(),
        "chain_head": aggregate.chain_head,
        **state,
    }
