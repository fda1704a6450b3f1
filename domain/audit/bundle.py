"""A note's proof bundle: everything an auditor needs to verify it offline, in one JSON file."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

from domain.audit.chain import canonical_bytes
from domain.audit.checkpoint import Checkpoint
from domain.audit.note import ED25519, Signature, vkey
from domain.audit.signing import Verifier
from domain.audit.store import Leaf

FORMAT = "notaledger proof bundle v2"


def bundle_event(aggregate: UUID, record: Any) -> dict:
    """One stored event in canonical form, with its chain hash."""
    content = json.loads(record.state)
    stored = content.pop("hash", None)
    canonical = canonical_bytes(aggregate, record.originator_version, record.topic, content)
    return {"version": record.originator_version, "event": record.topic.rsplit(":", 1)[-1],
            "canonical": canonical.decode("utf-8"), "hash": stored}


def proof_bundle(aggregate: UUID, records: list[Any], leaf: Leaf, path: list[bytes],
                 checkpoint: Checkpoint, verifier: Verifier | None = None,
                 cosignatures: list[Signature] = (),
                 consistency: dict[int, list[bytes]] | None = None,
                 forced: str | None = None) -> dict:
    """The bundle: events, the inclusion proof of ``leaf`` in the checkpoint, its signed note
    with the witnesses' cosignatures, consistency proofs from earlier checkpoint sizes, and
    its signer. ``forced`` says why the store failed verification, when exported anyway."""
    events = [bundle_event(aggregate, record) for record in records]
    first = json.loads(events[0]["canonical"])[3] if events else {}
    signer = {"key_id": checkpoint.key_id}
    if verifier is not None and verifier.key_id == checkpoint.key_id:
        signer["ed25519"] = base64.b64encode(verifier.public_key).decode("ascii")
        signer["vkey"] = vkey(checkpoint.origin, ED25519, verifier.public_key)
    bundle = {
        "format": FORMAT,
        "note": {"id": str(aggregate), "reference": first.get("reference")},
        "events": events,
        "proof": {"version": leaf.version, "leaf_index": leaf.index,
                  "tree_size": checkpoint.size, "path": [step.hex() for step in path]},
        "checkpoint": {**checkpoint.to_dict(), "note": str(checkpoint.note(*cosignatures))},
        "consistency": [{"size": size, "path": [step.hex() for step in steps]}
                        for size, steps in sorted((consistency or {}).items())],
        "signer": signer,
    }
    if forced:
        bundle["forced"] = forced
    return bundle
