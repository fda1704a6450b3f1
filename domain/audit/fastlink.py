"""A stored record's link checked at reading speed, vouched for only where the definition agrees.

The definition (``domain.audit.chain``) decodes the stored JSON with the stdlib and encodes
it again with sorted keys. The fast path does the same with msgspec, several times faster,
and vouches for a record only when that gives the stored hash. Where both decoders accept a
document they read the same value, and for values without floats both encoders write the
same bytes (``tests/unit/test_fastlink.py`` holds them to each other on generated
documents), so a record the fast path vouches for is intact by the definition too. Floats,
NaN, lone surrogates, malformed rows and every mismatch are left to the definition, so the
verdict is always the definition's, whoever wrote the row.
"""

from __future__ import annotations

import hashlib

import msgspec


def _refuse_float(literal: str) -> float:
    raise ValueError(f"the fast path leaves the number {literal} to the definition")


_decode = msgspec.json.Decoder(float_hook=_refuse_float).decode
_encode = msgspec.json.Encoder(order="sorted").encode
_sha256 = hashlib.sha256
_fromhex = bytes.fromhex


def fast_link(aggregate: str, version: int, topic: str, state: bytes) -> tuple[str, str] | None:
    """The record's ``(prev_hash, hash)`` when its content matches its hash; None when the
    fast path cannot tell, and the definition must judge the record."""
    try:
        content = _decode(state)
        stored = content.pop("hash")
        prev = content["prev_hash"]
        canonical = _encode([aggregate, version, topic, content])
        if _sha256(_fromhex(prev) + canonical).hexdigest() == stored:
            return prev, stored
    except Exception:  # noqa: BLE001 - whatever the fast path cannot read, the definition judges
        pass
    return None
