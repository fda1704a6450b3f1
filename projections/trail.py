"""The trail: every event of every note, commitment and motion, in order, explained."""

from __future__ import annotations

from projections.describe import describe
from projections.facts import Fact
from projections.rows import RowKey, Table, Write

TRAIL = Table("trail", lambda entry: [f"of:{entry['aggregate_id']}"],
              lambda entry: entry["version"], listable=False)


def trail_key(aggregate_id: str, version: int) -> str:
    """Zero-padded so that keys sort in version order too."""
    return f"{aggregate_id}:{version:010d}"


def trail_entry(fact: Fact) -> dict:
    """What happened, who did it (ids only), when, and the event's place in its chain."""
    return {
        "aggregate_id": fact.aggregate_id, "aggregate_type": fact.kind, "version": fact.version,
        "position": fact.position, "type": fact.type, "description": describe(fact),
        "actor": _actor(fact.actor),
        "at": fact.at, "effective": fact.effective, "hash": fact.hash,
        "prev_hash": fact.prev_hash, "data": fact.data,
    }


def _actor(actor: dict) -> dict:
    """Who did it, by ids only."""
    get = actor.get
    return {"organisation": get("organisation"), "role": get("role"), "key_id": get("key_id"),
            "person_id": get("person_id")}


def trail_rows(fact: Fact) -> dict[RowKey, dict]:
    """One new row per event; history is only ever appended."""
    return {("trail", trail_key(fact.aggregate_id, fact.version)): trail_entry(fact)}


def trail_write(fact: Fact) -> Write:
    """The event's trail row as its table writes it (``TRAIL.write`` of ``trail_rows``),
    made directly: a rebuild makes one per event, and the table's general way there (a
    dict per event, its terms and score asked of the row) was a fifth of the trail's cost."""
    aggregate_id, version = fact.aggregate_id, fact.version
    return Write("trail", f"{aggregate_id}:{version:010d}", trail_entry(fact),
                 (f"of:{aggregate_id}",), float(version))
