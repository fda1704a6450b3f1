"""Proof bundles, and the offline verifier that accepts the genuine and names every forgery."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.signing import Ed25519Signer, write_key
from api import offline_verify
from domain.audit.chain import canonical_bytes, link_hash
from domain.audit.checkpoint import Checkpoint
from domain.audit.note import sign_note
from tests.integration.audit.conftest import audited_ledger

MEMORY = {"NOTALEDGER_STORE": "memory"}


def run(path: Path, *key: str, capsys) -> tuple[int, str]:
    """Run the verifier; its exit status and what it printed."""
    status = offline_verify.main([str(path), *key])
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.fixture
def genuine(tmp_path, signer):
    """A bundle of the seed nota and the ledger's public key file."""
    made = audited_ledger(MEMORY, signer)
    made.audit.checkpoint()
    bundle = made.audit.bundle(made.ids["note"])
    made.ledger.close()
    key = write_key(signer, tmp_path / "ledger.pem")
    return bundle, key, tmp_path


def write(tmp_path: Path, bundle: dict, name: str = "bundle.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return path


def resign(bundle: dict, signer: Ed25519Signer, hint: bytes | None = None) -> None:
    """Sign the bundle's checkpoint afresh with ``signer`` (with another note key id if given)."""
    checkpoint = Checkpoint.from_dict(bundle["checkpoint"])
    line = sign_note(checkpoint.text(), checkpoint.origin, signer)
    blob = (hint or line.key_id) + line.signature
    forged = replace(checkpoint, key_id=signer.key_id, signature=base64.b64encode(blob).decode())
    bundle["checkpoint"] = forged.to_dict()


def test_a_genuine_bundle_verifies_on_every_store(audited, tmp_path, capsys):
    audited.audit.checkpoint()
    path = write(tmp_path, audited.audit.bundle(audited.ids["note"]))
    key = write_key(audited.signer, tmp_path / "ledger.pem")

    status, said = run(path, "--key", str(key), capsys=capsys)
    assert status == 0, said
    assert "2026-0000261701" in said and "40, versions 1 to 40" in said
    assert f"key {audited.signer.key_id}" in said and said.rstrip().endswith("VERIFIED")


def test_the_bundle_holds_the_events_in_canonical_form_with_their_hashes(genuine):
    bundle, _, _ = genuine
    prev = "0" * 64
    for event in bundle["events"]:
        aggregate, version, topic, state = json.loads(event["canonical"])
        assert canonical_bytes(aggregate, version, topic, state).decode() == event["canonical"]
        assert link_hash(prev, event["canonical"].encode()) == event["hash"]
        prev = event["hash"]
    assert bundle["proof"]["version"] == 40 and bundle["signer"]["key_id"]


def test_the_verifier_accepts_the_key_as_base64_and_from_the_bundle(genuine, capsys):
    bundle, key, tmp_path = genuine
    path = write(tmp_path, bundle)
    assert run(path, "--key", bundle["signer"]["ed25519"], capsys=capsys)[0] == 0
    status, said = run(path, capsys=capsys)
    assert status == 0 and "the key inside the bundle" in said


def test_a_changed_event_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    event = bundle["events"][4]
    event["canonical"] = event["canonical"].replace("BRIEF:", "BRIEG:")
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "event 5 (version 5, AttachmentAdded): its content does not match its hash" in said


def test_reordered_events_are_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    events = bundle["events"]
    events[2], events[3] = events[3], events[2]
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "event 3 (version 4, AdvisedDecisionAdded) stands at position 3" in said
    assert "out of order" in said


def test_a_consistently_rewritten_note_is_rejected_by_its_inclusion_proof(genuine, capsys):
    bundle, key, tmp_path = genuine
    prev = "0" * 64
    for number, event in enumerate(bundle["events"]):
        aggregate, version, topic, state = json.loads(event["canonical"])
        if number == 0:
            state["title"] = "Een andere nota"
        state["prev_hash"] = prev
        event["canonical"] = canonical_bytes(aggregate, version, topic, state).decode()
        event["hash"] = prev = link_hash(prev, event["canonical"].encode())
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "the inclusion proof does not lead from version 40" in said


def test_a_forged_inclusion_proof_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    path = bundle["proof"]["path"]
    path[1] = ("0" if path[1][0] != "0" else "1") + path[1][1:]
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "does not lead from version 40 (leaf 62) to the checkpoint's root" in said


def test_a_proof_with_a_missing_step_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    bundle["proof"]["path"].pop()
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1 and "fewer steps than the signed tree is deep" in said


def test_the_wrong_key_is_rejected(genuine, capsys):
    bundle, _, tmp_path = genuine
    stranger = write_key(Ed25519Signer.generate(), tmp_path / "stranger.pem")
    status, said = run(write(tmp_path, bundle), "--key", str(stranger), capsys=capsys)
    assert status == 1
    assert "the bundle's checkpoint carries no signature of key" in said


def test_a_truncated_file_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    path = write(tmp_path, bundle)
    path.write_bytes(path.read_bytes()[:4000])
    status, said = run(path, "--key", str(key), capsys=capsys)
    assert status == 1 and "is not complete JSON (truncated or damaged?)" in said


def test_a_checkpoint_signed_by_another_key_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    forger = Ed25519Signer.generate()
    resign(bundle, forger)
    bundle["signer"] = {"key_id": forger.key_id,
                        "ed25519": base64.b64encode(forger.verifier().public_key).decode()}
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "the bundle's checkpoint carries no signature of key" in said


def test_another_keys_signature_under_the_ledgers_key_id_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    hint = base64.b64decode(bundle["checkpoint"]["signature"])[:4]
    resign(bundle, Ed25519Signer.generate(), hint=hint)
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1
    assert "its signature does not verify with key" in said


def test_a_checkpoint_note_with_an_altered_size_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    size = bundle["checkpoint"]["size"]
    bundle["checkpoint"]["note"] = bundle["checkpoint"]["note"].replace(f"\n{size}\n",
                                                                        f"\n{size + 1}\n")
    bundle["proof"]["tree_size"] = size + 1
    status, said = run(write(tmp_path, bundle), "--key", str(key), capsys=capsys)
    assert status == 1


def test_a_bundle_without_events_or_with_a_bad_field_is_rejected(genuine, capsys):
    bundle, key, tmp_path = genuine
    status, said = run(write(tmp_path, {**bundle, "events": []}), "--key", str(key),
                       capsys=capsys)
    assert status == 1 and "holds no events" in said
    status, said = run(write(tmp_path, {**bundle, "proof": {**bundle["proof"], "version": "x"}}),
                       "--key", str(key), capsys=capsys)
    assert status == 1 and "proof.version in the bundle is not a whole number" in said


def test_the_verifier_runs_alone_from_a_copy_of_its_one_file(genuine, tmp_path):
    bundle, key, _ = genuine
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(offline_verify.__file__, alone / "notaledger_verify.py")
    path = write(alone, bundle)
    done = subprocess.run([sys.executable, "-I", str(alone / "notaledger_verify.py"), str(path),
                           "--key", str(key)], capture_output=True, text=True, cwd=alone,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("VERIFIED")
