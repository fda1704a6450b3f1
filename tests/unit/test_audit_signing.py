"""The Ed25519 signing key: written outside the database, loaded from a file or the environment."""

from __future__ import annotations

import base64
import stat

import pytest
from cryptography.hazmat.primitives import serialization

from adapters.signing import (
    Ed25519Signer,
    load_verifier,
    signer_from_env,
    verifier_from_env,
    write_key,
)
from domain.errors import InvalidInput


def test_a_written_key_is_private_and_its_public_half_lies_beside_it(tmp_path):
    signer = Ed25519Signer.generate()
    public = write_key(signer, tmp_path / "audit.pem")
    assert stat.S_IMODE((tmp_path / "audit.pem").stat().st_mode) == 0o600
    assert load_verifier(str(public)).key_id == signer.key_id
    with pytest.raises(InvalidInput, match="refusing to overwrite"):
        write_key(Ed25519Signer.generate(), tmp_path / "audit.pem")


def test_the_key_file_setting_loads_the_key(tmp_path):
    signer = Ed25519Signer.generate()
    write_key(signer, tmp_path / "audit.pem")
    loaded = signer_from_env({"NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "audit.pem")})
    assert loaded.key_id == signer.key_id


def test_the_key_itself_can_come_from_the_environment_as_pem_or_seed():
    signer = Ed25519Signer.generate()
    assert signer_from_env({"NOTALEDGER_AUDIT_KEY": signer.pem().decode()}).key_id == \
        signer.key_id
    seed = serialization.load_pem_private_key(signer.pem(), None).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption())
    loaded = signer_from_env({"NOTALEDGER_AUDIT_KEY": base64.b64encode(seed).decode()})
    assert loaded.key_id == signer.key_id


def test_no_key_configured_means_none_but_a_named_missing_file_is_an_error(tmp_path,
                                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert signer_from_env({}) is None
    with pytest.raises(InvalidInput, match="does not exist"):
        signer_from_env({"NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "missing.pem")})
    with pytest.raises(InvalidInput, match="is not an Ed25519 private key"):
        signer_from_env({"NOTALEDGER_AUDIT_KEY": "bm90IGEga2V5"})


def test_a_host_without_the_private_key_verifies_with_the_public_key_alone(tmp_path):
    signer = Ed25519Signer.generate()
    public = write_key(signer, tmp_path / "audit.pem")
    assert verifier_from_env({"NOTALEDGER_AUDIT_PUBLIC_KEY": str(public),
                              "NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "nowhere.pem")}
                             ).key_id == signer.key_id
