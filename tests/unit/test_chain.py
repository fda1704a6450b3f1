"""The canonical form: what is hashed for an event, new or read back from the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

from domain.audit.chain import GENESIS, canonical_bytes, link_hash


def definition(originator_id: str, version: int, topic: str, state: dict) -> bytes:
    return json.dumps([originator_id, version, topic, state], sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_new_events_encode_datetimes_and_uuids_as_the_store_writes_them():
    moment, identifier = datetime(2026, 6, 5, 10, 30, tzinfo=UTC), uuid4()
    stored = {"timestamp": {"_type_": "datetime_iso", "_data_": moment.isoformat()},
              "other": {"_type_": "uuid_hex", "_data_": identifier.hex}}
    live = {"timestamp": moment, "other": identifier}
    assert canonical_bytes("id", 1, "t:T", live) == definition("id", 1, "t:T", stored)


def test_the_link_hash_depends_on_the_previous_hash_and_every_byte():
    canonical = canonical_bytes("id", 1, "t:T", {"a": 1})
    first = link_hash(GENESIS, canonical)
    assert len(first) == 64
    assert link_hash(first, canonical) != first
    assert link_hash(GENESIS, canonical_bytes("id", 1, "t:T", {"a": 2})) != first
