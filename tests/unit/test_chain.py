"""The canonical form: the fast encoder writes exactly the bytes of the definition."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from uuid import uuid4

from domain.audit.chain import GENESIS, canonical_bytes, canonical_stored, link_hash

ALPHABET = [chr(i) for i in range(0x80)] + ["é", "ë", "■", "\u2028", "\u2029", "😀", "\xa0"]


def definition(originator_id: str, version: int, topic: str, state: dict) -> bytes:
    return json.dumps([originator_id, version, topic, state], sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_the_fast_encoder_matches_the_definition_on_awkward_text():
    rng = random.Random(20260605)
    for number in range(5_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        state = {"title": text, "n": number, "flag": number % 2 == 0, "none": None,
                 text or "k": [text, {"b": text, "a": [1, -number]}]}
        assert canonical_stored("id", 3, "t:T", state) == definition("id", 3, "t:T", state)


def test_new_events_encode_datetimes_and_uuids_as_the_store_writes_them():
    moment, identifier = datetime(2026, 6, 5, 10, 30, tzinfo=UTC), uuid4()
    stored = {"timestamp": {"_type_": "datetime_iso", "_data_": moment.isoformat()},
              "other": {"_type_": "uuid_hex", "_data_": identifier.hex}}
    live = {"timestamp": moment, "other": identifier}
    assert canonical_bytes("id", 1, "t:T", live) == canonical_stored("id", 1, "t:T", stored)


def test_the_link_hash_depends_on_the_previous_hash_and_every_byte():
    canonical = canonical_stored("id", 1, "t:T", {"a": 1})
    first = link_hash(GENESIS, canonical)
    assert len(first) == 64
    assert link_hash(first, canonical) != first
    assert link_hash(GENESIS, canonical_stored("id", 1, "t:T", {"a": 2})) != first
