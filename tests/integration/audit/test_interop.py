"""Interoperability: the ledger's checkpoint note and a witness's cosignature, checked by a
verifier written here from the C2SP specifications with `cryptography` alone (signed-note,
tlog-checkpoint, tlog-cosignature), not with the ledger's own code."""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.signing import Ed25519Signer
from adapters.witness_state import FileWitnessState
from domain.audit.witness import Witness
from domain.audit.witnessing import add_checkpoint_body
from tests.integration.audit.conftest import audited_ledger

ORIGIN = "ledger.example.nl/notaledger"
WITNESS = "audit.example.nl/w1"


def spec_key_id(name: str, kind: int, key: bytes) -> bytes:
    # signed-note: key ID = SHA-256(key name || 0x0A || type || public key)[:4]
    return hashlib.sha256(name.encode() + b"\x0a" + bytes([kind]) + key).digest()[:4]


def spec_open(note: str) -> tuple[str, dict[tuple[str, bytes], bytes]]:
    # signed-note: text, then the last blank line, then "— name base64(id || sig)" lines
    text, _, signatures = note.rpartition("\n\n")
    found = {}
    for line in signatures.splitlines():
        dash, name, blob = line.split(" ")
        assert dash == "\u2014"
        raw = base64.b64decode(blob)
        found[name, raw[:4]] = raw[4:]
    return text + "\n", found


def test_the_checkpoint_and_its_cosignature_verify_by_the_specs_alone(tmp_path):
    log_key, witness_key = Ed25519Signer.generate(), Ed25519Signer.generate()
    made = audited_ledger({"NOTALEDGER_STORE": "memory"}, log_key)
    made.audit.origin = ORIGIN
    checkpoint = made.audit.checkpoint()
    witness = Witness(WITNESS, witness_key, ORIGIN, log_key.verifier(),
                      FileWitnessState(tmp_path, witness_key, WITNESS))
    status, line = witness.add_checkpoint(add_checkpoint_body(0, [], checkpoint.note()))
    assert status == 200
    note = str(checkpoint.note()) + line
    made.ledger.close()

    text, signatures = spec_open(note)
    origin, size, root = text.rstrip("\n").split("\n")  # tlog-checkpoint: three lines
    assert (origin, int(size)) == (ORIGIN, checkpoint.size)
    assert base64.b64decode(root).hex() == checkpoint.root

    log_public = log_key.verifier().public_key
    signature = signatures[ORIGIN, spec_key_id(ORIGIN, 0x01, log_public)]
    Ed25519PublicKey.from_public_bytes(log_public).verify(signature, text.encode())

    witness_public = witness_key.verifier().public_key
    cosignature = signatures[WITNESS, spec_key_id(WITNESS, 0x04, witness_public)]
    timestamp = int.from_bytes(cosignature[:8], "big")  # tlog-cosignature: u64 timestamp
    message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
    Ed25519PublicKey.from_public_bytes(witness_public).verify(cosignature[8:], message)
