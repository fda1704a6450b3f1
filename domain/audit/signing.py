"""The signing port: checkpoints are signed by a key that lives outside the database."""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod


def key_id(public_key: bytes) -> str:
    """A public key's id: the first 16 hex digits of sha256 over its raw bytes."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class Verifier(ABC):
    """Checks signatures made by one public key."""

    public_key: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @abstractmethod
    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this key's signature over ``message``."""


class Signer(ABC):
    """Signs with one private key."""

    @abstractmethod
    def sign(self, message: bytes) -> bytes:
        """The signature over ``message``."""

    @abstractmethod
    def verifier(self) -> Verifier:
        """The verifier of this key's signatures."""

    @property
    def key_id(self) -> str:
        return self.verifier().key_id
