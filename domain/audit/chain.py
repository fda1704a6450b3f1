"""The hash chain: canonical bytes of an event and the link hash over them.

Canonical form of a stored event (what is hashed):

    UTF-8 of json.dumps([originator_id, originator_version, topic, state],
                        sort_keys=True, separators=(",", ":"), ensure_ascii=False)

where ``originator_id`` is the aggregate's UUID as a lowercase hyphenated string,
``topic`` is the event's stored topic and ``state`` is the event's stored JSON
object without its ``hash`` key: exactly what the event store holds, so a verifier
needs only ``json.loads`` of the raw record. Values that JSON lacks are written as
the event store's transcoder writes them: ``{"_type_": "datetime_iso", "_data_":
isoformat}``, ``{"_type_": "uuid_hex", "_data_": hex}``, ``{"_type_":
"decimal_str", "_data_": str}``. Events carry no floats.

This module is the definition. Verification reads millions of stored states, so it first
tries ``domain.audit.fastlink``, which vouches for a record only where it provably writes
these same bytes, and asks this definition about every other record.

The link: ``hash = sha256(bytes.fromhex(prev_hash) || canonical bytes)``, hex; the
first event's ``prev_hash`` is ``GENESIS`` (64 zeros).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

GENESIS = "0" * 64

_TRANSCODED = {
    UUID: ("uuid_hex", lambda value: value.hex),
    datetime: ("datetime_iso", lambda value: value.isoformat()),
    Decimal: ("decimal_str", str),
}


def _as_stored(value: Any) -> dict[str, Any]:
    try:
        name, encode = _TRANSCODED[type(value)]
    except KeyError:
        raise TypeError(f"event values of type {type(value).__name__} cannot be chained") from None
    return {"_type_": name, "_data_": encode(value)}


_ENCODER = json.JSONEncoder(
    default=_as_stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False
)


def canonical_bytes(originator_id: UUID | str, version: int, topic: str, state: dict) -> bytes:
    """The bytes that are hashed for one event (state without its ``hash``)."""
    return _ENCODER.encode([str(originator_id), version, topic, state]).encode("utf-8")


def link_hash(prev_hash: str, canonical: bytes) -> str:
    """The chain hash of an event whose canonical bytes follow ``prev_hash``."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical).hexdigest()


def event_state(event: Any) -> dict[str, Any]:
    """An event's state as the event store will hold it, less ``hash``."""
    state = dict(vars(event))
    for key in ("originator_id", "originator_version", "hash"):
        state.pop(key, None)
    class_version = getattr(type(event), "class_version", 1)
    if class_version > 1:
        state["class_version"] = class_version
    return state
