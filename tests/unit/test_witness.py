"""The witness: the tlog-witness answers, and its own state file checked at start."""

from __future__ import annotations

import base64
import json

import pytest

from adapters.signing import Ed25519Signer
from adapters.witness_state import FileWitnessState, StateTampered
from domain.audit.checkpoint import sign_checkpoint
from domain.audit.merkle import MemoryTree, consistency_proof, leaf_hash
from domain.audit.witness import Witness
from domain.audit.witnessing import add_checkpoint_body

ORIGIN = "ledger.example.nl/notaledger"
NAME = "audit.example.nl/w1"


@pytest.fixture
def log_key():
    return Ed25519Signer.generate()


@pytest.fixture
def witness_key():
    return Ed25519Signer.generate()


def tree(size: int, salt: bytes = b"") -> MemoryTree:
    return MemoryTree(leaf_hash(salt + bytes([n % 256, n // 256])) for n in range(size))


def request(log_key, tree: MemoryTree, size: int, old: int = 0, old_tree=None) -> str:
    checkpoint = sign_checkpoint(size, tree.root(size), log_key, origin=ORIGIN)
    proof = consistency_proof(old, size, (old_tree or tree).subtree) if old else []
    return add_checkpoint_body(old, proof, checkpoint.note())


def make(tmp_path, log_key, witness_key, alarms=None) -> Witness:
    state = FileWitnessState(tmp_path / "state", witness_key, NAME)
    return Witness(NAME, witness_key, ORIGIN, log_key.verifier(), state, clock=lambda: 1700000000,
                   alert=(alarms if alarms is not None else []).append)


def test_a_first_checkpoint_and_a_consistent_extension_are_cosigned(tmp_path, log_key,
                                                                     witness_key):
    witness, grown = make(tmp_path, log_key, witness_key), tree(20)
    status, line = witness.add_checkpoint(request(log_key, grown, 13))
    assert status == 200 and line.startswith(f"\u2014 {NAME} ")
    status, _ = witness.add_checkpoint(request(log_key, grown, 20, old=13))
    assert status == 200


def test_a_stale_old_size_is_409_with_the_witness_size(tmp_path, log_key, witness_key):
    witness, grown = make(tmp_path, log_key, witness_key), tree(20)
    witness.add_checkpoint(request(log_key, grown, 13))
    assert witness.add_checkpoint(request(log_key, grown, 20, old=0)) == (409, "13\n")


def test_a_fork_a_rollback_and_a_bad_proof_alarm_and_are_kept(tmp_path, log_key, witness_key):
    alarms: list = []
    witness = make(tmp_path, log_key, witness_key, alarms)
    honest, other = tree(20), tree(20, b"x")
    witness.add_checkpoint(request(log_key, honest, 13))
    assert witness.add_checkpoint(request(log_key, other, 13, old=13))[0] == 409   # fork
    assert witness.add_checkpoint(request(log_key, honest, 8, old=0))[0] == 409    # rollback
    assert witness.add_checkpoint(request(log_key, other, 20, old=13))[0] == 422   # bad proof
    assert [a.kind for a in alarms] == ["fork", "rollback", "fork"]
    reopened = make(tmp_path, log_key, witness_key)
    assert reopened.add_checkpoint(request(log_key, honest, 20, old=13))[0] == 200


def test_another_keys_checkpoint_is_403_and_an_alarm(tmp_path, log_key, witness_key):
    alarms: list = []
    witness = make(tmp_path, log_key, witness_key, alarms)
    status, _ = witness.add_checkpoint(request(Ed25519Signer.generate(), tree(4), 4))
    assert status == 403 and [a.kind for a in alarms] == ["bad signature"]


def test_an_unknown_log_is_404_and_a_malformed_body_400(tmp_path, log_key, witness_key):
    witness = make(tmp_path, log_key, witness_key)
    other = sign_checkpoint(4, tree(4).root(), log_key, origin="elsewhere.example/log")
    assert witness.add_checkpoint(add_checkpoint_body(0, [], other.note()))[0] == 404
    assert witness.add_checkpoint("old x\n\nnonsense")[0] == 400


@pytest.mark.parametrize("damage", ["truncate", "edit", "drop_last", "head"])
def test_a_truncated_or_tampered_state_file_is_detected_at_start(tmp_path, log_key,
                                                                 witness_key, damage):
    witness, grown = make(tmp_path, log_key, witness_key), tree(20)
    witness.add_checkpoint(request(log_key, grown, 8))
    witness.add_checkpoint(request(log_key, grown, 20, old=8))
    log, head = tmp_path / "state" / "log.jsonl", tmp_path / "state" / "head.json"
    lines = log.read_bytes().splitlines(keepends=True)
    if damage == "truncate":
        log.write_bytes(b"".join(lines)[:-20])
    elif damage == "edit":
        record = json.loads(lines[0])
        record["note"] = record["note"].replace("\n8\n", "\n9\n")
        log.write_bytes(json.dumps(record).encode() + b"\n" + lines[1])
    elif damage == "drop_last":
        log.write_bytes(lines[0])
    else:
        data = json.loads(head.read_text())
        data["count"], data["signature"] = 1, base64.b64encode(bytes(64)).decode()
        head.write_text(json.dumps(data))
    with pytest.raises(StateTampered):
        make(tmp_path, log_key, witness_key)
