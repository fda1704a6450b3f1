"""Signed notes, checkpoints and cosignatures against the C2SP specifications' own examples."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.signing import Ed25519Signer, verifier_from_raw
from domain.audit.note import (
    COSIGNATURE,
    ED25519,
    CheckpointText,
    MalformedNote,
    Note,
    VerifierKey,
    cosign,
    cosignature_time,
    sign_note,
    verify_note,
    vkey,
)

# c2sp.org/signed-note, "Verifier keys: Example"
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = ("This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv"
             "1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
# golang.org/x/mod/sumdb/note, note_test.go: a private key, so signing is checked too
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_LINE = ("\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
           "vqfqdngotpRZb6KE6RyyBwJnAM=\n")
# c2sp.org/tlog-checkpoint, the example's text
SPEC_CHECKPOINT = ("example.com/behind-the-sofa\n20852163\n"
                   "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")


def go_signer() -> Ed25519Signer:
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])[1:]
    return Ed25519Signer(Ed25519PrivateKey.from_private_bytes(seed))


def test_the_spec_example_note_verifies_with_the_spec_vkey():
    key = VerifierKey.parse(SPEC_VKEY)
    note = Note.parse(SPEC_NOTE)
    assert note.text == "This is an example message.\n"
    assert verify_note(note, key.name, verifier_from_raw(key.public_key))
    assert str(note) == SPEC_NOTE


def test_a_changed_text_fails_the_spec_example():
    key = VerifierKey.parse(SPEC_VKEY)
    note = Note.parse(SPEC_NOTE.replace("example message", "example massage"))
    assert not verify_note(note, key.name, verifier_from_raw(key.public_key))


def test_our_signature_is_the_go_reference_signature_byte_for_byte():
    signer = go_signer()
    assert vkey("PeterNeumann", ED25519, signer.verifier().public_key) == GO_VKEY
    assert sign_note(GO_TEXT, "PeterNeumann", signer).line() == GO_LINE
    assert str(Note(GO_TEXT).adding(sign_note(GO_TEXT, "PeterNeumann", signer))) == \
        GO_TEXT + "\n" + GO_LINE


def test_the_spec_checkpoint_text_parses_and_prints_back():
    body = CheckpointText.parse(SPEC_CHECKPOINT)
    assert (body.origin, body.size) == ("example.com/behind-the-sofa", 20852163)
    assert str(body) == SPEC_CHECKPOINT


@pytest.mark.parametrize("text", ["origin\n12\n", "origin\n012\nAAAA\n", "origin\nx\nAAAA\n",
                                  "origin\n12\nnot base64\n", "origin\n12\n" + "A" * 44,
                                  "origin\n\n12\n" + "A" * 43 + "=\n"])
def test_malformed_checkpoints_are_refused(text):
    with pytest.raises(MalformedNote):
        CheckpointText.parse(text)


@pytest.mark.parametrize("note", ["no signatures\n", "text\n\n- name abc\n",
                                  "text\n\n\u2014 name AAAA\n", "te\x01xt\n\n" + GO_LINE])
def test_malformed_notes_are_refused(note):
    with pytest.raises(MalformedNote):
        Note.parse(note)


def test_a_cosignature_signs_the_header_time_and_checkpoint_and_carries_the_time():
    witness = Ed25519Signer.generate()
    line = cosign(SPEC_CHECKPOINT, "witness.example/w1", witness, 1679315147)
    assert len(line.signature) == 8 + 64
    key = VerifierKey("witness.example/w1", COSIGNATURE, witness.verifier().public_key)
    assert line.key_id == key.key_id
    message = b"cosignature/v1\ntime 1679315147\n" + SPEC_CHECKPOINT.encode()
    assert witness.verifier().verify(message, line.signature[8:])
    assert cosignature_time(SPEC_CHECKPOINT, line, key.name, witness.verifier()) == 1679315147
    other = SPEC_CHECKPOINT.replace("20852163", "20852164")
    assert cosignature_time(other, line, key.name, witness.verifier()) is None


def test_a_verifier_key_with_a_wrong_id_is_refused():
    with pytest.raises(MalformedNote, match="key id"):
        VerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4"))
