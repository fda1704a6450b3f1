"""A stored record's link checked at reading speed, vouched for only where the definition agrees.

The definition (``domain.audit.chain``) decodes the stored JSON with the stdlib and encodes
it again with sorted keys. The fast path decodes with msgspec and encodes with orjson, several
times faster, and vouches for a record only when that gives the stored hash. Where both
decoders accept a document they read the same value, and for such values (no floats, integers
within 64 bits) both encoders write the same bytes as the definition (``tests/unit/
test_fastlink.py`` holds them to each other on generated documents), so a record the fast path
vouches for is intact by the definition too. Floats, NaN, integers beyond 64 bits, lone
surrogates, malformed rows and every mismatch are left to the definition, so the verdict is
always the definition's, whoever wrote the row.

``fast_columns`` runs the same steps over a short run of records at once, each step a C loop
(``map``) rather than Python per record: that is what verification runs on the whole log.
"""

from __future__ import annotations

import binascii
import hashlib
from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter, methodcaller

import msgspec
import orjson


def _refuse_float(literal: str) -> float:
    raise ValueError(f"the fast path leaves the number {literal} to the definition")


decode = msgspec.json.Decoder(float_hook=_refuse_float).decode
"""A stored state as the definition reads it, or an error where it might read it otherwise."""
dumps = orjson.dumps
SORTED = orjson.OPT_SORT_KEYS  # ``dumps(value, option=SORTED)``: the definition's bytes
unhex = binascii.a2b_hex  # bytes.fromhex, less its tolerance of spaces (those go the slow way)
sha256 = hashlib.sha256
_digest = type(sha256()).digest
_update = type(sha256()).update
_pop_hash = methodcaller("pop", "hash")
_prev_hash = itemgetter("prev_hash")
_hex = bytes.hex


def fast_digest(aggregate: str, version: int, topic: str,
                state: bytes) -> tuple[str, str, bytes] | None:
    """The record's ``(prev_hash, hash, hash's bytes)`` when its content matches its hash;
    None when the fast path cannot tell, and the definition must judge the record."""
    try:
        content = decode(state)
        stored = content.pop("hash")
        prev = content["prev_hash"]
        digest = sha256(unhex(prev) + dumps([aggregate, version, topic, content],
                                            option=SORTED)).digest()
        if digest.hex() == stored:
            return prev, stored, digest
    except Exception:  # noqa: BLE001 - whatever the fast path cannot read, the definition judges
        pass
    return None


def fast_link(aggregate: str, version: int, topic: str, state: bytes) -> tuple[str, str] | None:
    """The record's ``(prev_hash, hash)`` when its content matches its hash; None when the
    fast path cannot tell, and the definition must judge the record."""
    found = fast_digest(aggregate, version, topic, state)
    return None if found is None else found[:2]


def fast_columns(records: Sequence[tuple[int, str, int, str, bytes]],
                 ) -> tuple[tuple[str, ...], tuple[int, ...], list[str], list[str],
                            list[bytes]] | None:
    """``fast_digest`` of every record of a short run, as columns ``(aggregates, versions,
    prev_hashes, hashes, hashes' bytes)``; None unless the fast path vouches for every one of
    them (then each is judged alone). Runs of a few dozen keep the decoded states in the CPU's
    caches."""
    try:
        _, aggregates, versions, topics, states = zip(*records, strict=True)
        contents = list(map(decode, states))
        stored = list(map(_pop_hash, contents))
        prevs = list(map(_prev_hash, contents))
        canonical = map(dumps, zip(aggregates, versions, topics, contents, strict=True),
                        repeat(None), repeat(SORTED))
        hashes = list(map(sha256, map(unhex, prevs)))
        any(map(_update, hashes, canonical))  # each update answers None: ``any`` runs them all
        hashed = list(map(_digest, hashes))
        if list(map(_hex, hashed)) == stored:
            return aggregates, versions, prevs, stored, hashed
    except Exception:  # noqa: BLE001 - whatever the fast path cannot read, each record alone
        pass
    return None
