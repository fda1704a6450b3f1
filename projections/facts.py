"""A recorded event as the views see it: plain data with its place in the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

ENVELOPE = frozenset(("originator_id", "originator_version", "timestamp", "actor", "hash",
                      "prev_hash", "originator_topic"))


@dataclass(slots=True)  # not frozen: frozen construction costs a third of a rebuild's decoding
class Fact:
    """One event: which aggregate, which change, by whom, when, and where in the log.

    Treated as immutable: nothing assigns to a Fact after it is made.
    """

    position: int
    kind: str  # "note", "commitment" or "motion"
    type: str  # the event name, e.g. "ConsultationAnswered"
    aggregate_id: str
    version: int
    at: str  # ISO timestamp: when it was recorded
    actor: dict
    hash: str
    prev_hash: str
    data: dict
    effective: str = ""  # when it happened (domain/effective.py); events before it: ``at``
    effective_reason: str = ""


@cache
def split_topic(topic: str) -> tuple[str, str]:
    """``notaledger.note:Drafted`` -> ("note", "Drafted")."""
    module, _, name = topic.partition(":")
    return module.rpartition(".")[2], name


def fact_from_event(event: Any, position: int, topic: str) -> Fact:
    """A decoded domain event and its notification id as a Fact."""
    state = dict(vars(event))
    timestamp = state["timestamp"]
    at = timestamp.isoformat() if isinstance(timestamp, datetime) else str(timestamp)
    return fact_from_state(state, position, topic, at, state["originator_id"],
                           state["originator_version"])


def fact_from_state(state: dict, position: int, topic: str, at: str, aggregate_id: Any,
                    version: int) -> Fact:
    """An event's stored field values as a Fact; takes ``state`` over (it becomes the data)."""
    kind, name = split_topic(topic)
    pop = state.pop
    actor, hash_, prev_hash = pop("actor", None), pop("hash", ""), pop("prev_hash", "")
    effective, reason = pop("effective", None) or at, pop("effective_reason", "")
    if not ENVELOPE.isdisjoint(state):
        for key in ENVELOPE.intersection(state):
            del state[key]
    return Fact(position, kind, name, aggregate_id if type(aggregate_id) is str
                else str(aggregate_id), version, at, actor or {}, hash_, prev_hash, state,
                effective, reason)
