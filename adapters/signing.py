"""Ed25519 keys for audit checkpoints: generated, kept in a file or the environment, loaded.

The private key lives outside the database: in a PEM file (``NOTALEDGER_AUDIT_KEY_FILE``,
default ``var/audit-key.pem``) or in ``NOTALEDGER_AUDIT_KEY`` (PEM text, or the 32-byte
seed in base64). Hosts that only verify or hand out proofs need just the public key
(``NOTALEDGER_AUDIT_PUBLIC_KEY``). The public key is published as PEM (``<key file>.pub``)
or as the base64 of its 32 raw bytes; its id is the first 16 hex digits of sha256 over
those bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.audit.signing import Signer, Verifier
from domain.errors import InvalidInput

DEFAULT_KEY_FILE = "var/audit-key.pem"
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class Ed25519Verifier(Verifier):
    """Checks Ed25519 signatures of one public key."""

    def __init__(self, key: Ed25519PublicKey) -> None:
        self._key = key
        self.public_key = key.public_bytes(*_RAW)

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            self._key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def pem(self) -> bytes:
        return self._key.public_bytes(serialization.Encoding.PEM,
                                      serialization.PublicFormat.SubjectPublicKeyInfo)


class Ed25519Signer(Signer):
    """Signs with one Ed25519 private key."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self._verifier = Ed25519Verifier(key.public_key())

    @classmethod
    def generate(cls) -> Ed25519Signer:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def verifier(self) -> Ed25519Verifier:
        return self._verifier

    def pem(self) -> bytes:
        return self._key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())


def write_key(signer: Ed25519Signer, path: str | Path, force: bool = False) -> Path:
    """Write the private key (mode 0600) and its public key beside it (``.pub``)."""
    path = Path(path)
    if path.exists() and not force:
        raise InvalidInput(f"{path} already exists; refusing to overwrite a signing key")
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(signer.pem())
    public = path.with_name(path.name + ".pub")
    public.write_bytes(signer.verifier().pem())
    return public


def signer_from_env(environ: Mapping[str, str] = os.environ) -> Ed25519Signer | None:
    """The configured signing key, or None when there is none."""
    if environ.get("NOTALEDGER_AUDIT_KEY"):
        return Ed25519Signer(_private_key(environ["NOTALEDGER_AUDIT_KEY"].encode(),
                                          "NOTALEDGER_AUDIT_KEY"))
    path = Path(environ.get("NOTALEDGER_AUDIT_KEY_FILE", DEFAULT_KEY_FILE))
    if not path.exists():
        if "NOTALEDGER_AUDIT_KEY_FILE" in environ:
            raise InvalidInput(f"NOTALEDGER_AUDIT_KEY_FILE: {path} does not exist")
        return None
    return Ed25519Signer(_private_key(path.read_bytes(), str(path)))


def verifier_from_env(environ: Mapping[str, str] = os.environ) -> Ed25519Verifier | None:
    """The public key to check checkpoints with: ``NOTALEDGER_AUDIT_PUBLIC_KEY`` (a PEM file,
    or the key's base64), else the signing key's own, else None."""
    if environ.get("NOTALEDGER_AUDIT_PUBLIC_KEY"):
        return load_verifier(environ["NOTALEDGER_AUDIT_PUBLIC_KEY"])
    signer = signer_from_env(environ)
    return signer.verifier() if signer else None


def _private_key(data: bytes, source: str) -> Ed25519PrivateKey:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data.strip(),
                                                                        validate=True))
    except (ValueError, TypeError, binascii.Error) as error:
        raise InvalidInput(f"{source} is not an Ed25519 private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{source} is not an Ed25519 private key")
    return key


def load_verifier(spec: str) -> Ed25519Verifier:
    """A public key from a PEM or base64 file, or from its base64 (or hex) text itself."""
    path = Path(spec)
    data = path.read_bytes() if path.is_file() else spec.encode()
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(_raw(data.strip()))
    except (ValueError, TypeError, binascii.Error) as error:
        raise InvalidInput(f"{spec} is not an Ed25519 public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{spec} is not an Ed25519 public key")
    return Ed25519Verifier(key)


def verifier_from_raw(public_key: bytes) -> Ed25519Verifier:
    """The verifier of a raw 32-byte Ed25519 public key (as a note's verifier key holds it)."""
    try:
        return Ed25519Verifier(Ed25519PublicKey.from_public_bytes(public_key))
    except ValueError as error:
        raise InvalidInput(f"not an Ed25519 public key ({error})") from None


def _raw(text: bytes) -> bytes:
    if len(text) == 64:
        return bytes.fromhex(text.decode("ascii"))
    return base64.b64decode(text, validate=True)


def public_base64(verifier: Verifier) -> str:
    """The public key as published: base64 of its 32 raw bytes."""
    return base64.b64encode(verifier.public_key).decode("ascii")
