"""The audit trail: every event of every note, commitment and motion, in order, explained."""

from __future__ import annotations

from projections.describe import describe
from projections.facts import Fact
from projections.rows import RowKey, Table

AUDIT = Table("audit", lambda entry: [f"of:{entry['aggregate_id']}"],
              lambda entry: entry["version"], listable=False)


def audit_key(aggregate_id: str, version: int) -> str:
    """Zero-padded so that keys sort in version order too."""
    return f"{aggregate_id}:{version:010d}"


def audit_entry(fact: Fact) -> dict:
    """What happened, who did it (ids only), when, and the event's place in its chain."""
    return {
        "aggregate_id": fact.aggregate_id, "aggregate_type": fact.kind, "version": fact.version,
        "position": fact.position, "type": fact.type, "description": describe(fact),
        "actor": {key: fact.actor.get(key) for key in ("organisation", "role", "key_id",
                                                        "person_id")},
        "at": fact.at, "hash": fact.hash, "prev_hash": fact.prev_hash, "data": fact.data,
    }


def audit_rows(fact: Fact) -> dict[RowKey, dict]:
    """One new row per event; history is only ever appended."""
    return {("audit", audit_key(fact.aggregate_id, fact.version)): audit_entry(fact)}
