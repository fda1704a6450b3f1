"""Signed checkpoints: what is signed, and what a changed field does to the signature."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from adapters.signing import Ed25519Signer, load_verifier, public_base64
from domain.audit.checkpoint import Checkpoint, sign_checkpoint
from domain.audit.signing import key_id
from domain.errors import InvalidInput

ROOT = bytes(range(32))
NOW = datetime(2026, 6, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def signer() -> Ed25519Signer:
    return Ed25519Signer.generate()


def test_the_signed_text_is_a_tlog_checkpoint_of_origin_size_and_root(signer):
    checkpoint = sign_checkpoint(62, ROOT, signer, NOW, origin="example.org/ledger")
    assert checkpoint.text() == f"example.org/ledger\n62\n{base64.b64encode(ROOT).decode()}\n"
    note = str(checkpoint.note())
    assert note.startswith(checkpoint.text() + "\n\u2014 example.org/ledger ")
    assert checkpoint.signed_by(signer.verifier())


@pytest.mark.parametrize("change", [{"size": 63}, {"root": "00" * 32},
                                    {"origin": "example.org/other"},
                                    {"signature": "bm90IGEgc2lnbmF0dXJl"},
                                    {"signature": "not base64!"}])
def test_any_changed_field_breaks_the_signature(signer, change):
    checkpoint = sign_checkpoint(62, ROOT, signer, NOW)
    assert not replace(checkpoint, **change).signed_by(signer.verifier())


def test_another_keys_verifier_rejects_the_checkpoint(signer):
    checkpoint = sign_checkpoint(62, ROOT, signer, NOW)
    assert not checkpoint.signed_by(Ed25519Signer.generate().verifier())


def test_the_key_id_is_the_start_of_the_public_keys_sha256(signer):
    verifier = signer.verifier()
    assert signer.key_id == key_id(verifier.public_key) and len(signer.key_id) == 16
    assert load_verifier(public_base64(verifier)).key_id == signer.key_id
    assert load_verifier(verifier.public_key.hex()).key_id == signer.key_id


def test_a_malformed_public_key_is_refused_plainly():
    with pytest.raises(InvalidInput, match="is not an Ed25519 public key"):
        load_verifier("bm90IGEga2V5")


def test_a_checkpoint_survives_a_round_trip_and_rejects_a_malformed_one(signer):
    checkpoint = sign_checkpoint(62, ROOT, signer, NOW)
    assert Checkpoint.from_dict(checkpoint.to_dict()) == checkpoint
    with pytest.raises(InvalidInput, match="not a checkpoint"):
        Checkpoint.from_dict({"size": "many"})
