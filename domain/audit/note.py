"""C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and
Ed25519 cosignatures (c2sp.org/tlog-cosignature), so that the ledger can be watched with the
transparency ecosystem's own tools (golang.org/x/mod/sumdb/note, transparency-dev).

A note is text ending in a newline, a blank line, then signature lines
``— <key name> base64(4-byte key id || signature)``. A key id is
``SHA-256(key name || 0x0A || type || public key)[:4]``: type 0x01 for a note signed with
Ed25519 (the log's own signature), 0x04 for a timestamped cosignature, whose signature is
over ``cosignature/v1\\ntime <T>\\n`` followed by the checkpoint's text, and carries T as
eight big-endian bytes before the 64 of Ed25519.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from domain.audit.signing import Signer, Verifier
from domain.errors import InvalidInput

ED25519 = 0x01
COSIGNATURE = 0x04
DASH = "\u2014"
MAX_SIGNATURES = 100


class MalformedNote(InvalidInput):
    """Text that is not a signed note, a checkpoint or a verifier key."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedNote(f"{what} is not base64") from None


def note_key_id(name: str, kind: int, public_key: bytes) -> bytes:
    """The 4-byte key id of a key name, signature type and public key."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public_key).digest()[:4]


def vkey(name: str, kind: int, public_key: bytes) -> str:
    """A verifier key: ``name+hex(key id)+base64(type || public key)``."""
    return f"{name}+{note_key_id(name, kind, public_key).hex()}+{b64(bytes([kind]) + public_key)}"


@dataclass(frozen=True)
class VerifierKey:
    """A parsed verifier key: who signs, with which type of signature, and the raw key."""

    name: str
    kind: int
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return note_key_id(self.name, self.kind, self.public_key)

    def __str__(self) -> str:
        return vkey(self.name, self.kind, self.public_key)

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or not parts[0] or len(parts[1]) != 8:
            raise MalformedNote(f"{text!r} is not a verifier key (name+id+key)")
        material = unb64(parts[2], "the verifier key's key")
        if len(material) != 33 or material[0] not in (ED25519, COSIGNATURE):
            raise MalformedNote(f"{text!r} is not an Ed25519 verifier key")
        key = cls(parts[0], material[0], material[1:])
        if key.key_id.hex() != parts[1].lower():
            raise MalformedNote(f"{text!r}: its key id does not match its name and key")
        return key


@dataclass(frozen=True)
class Signature:
    """One signature line of a note."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        return f"{DASH} {self.name} {b64(self.key_id + self.signature)}\n"

    @classmethod
    def parse(cls, line: str) -> Signature:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH or not parts[1]:
            raise MalformedNote(f"{line!r} is not a note signature line")
        blob = unb64(parts[2], f"the signature of {parts[1]}")
        if len(blob) < 5:
            raise MalformedNote(f"the signature of {parts[1]} is too short")
        return cls(parts[1], blob[:4], blob[4:])

    def by(self, name: str, key_id: bytes) -> bool:
        return (self.name, self.key_id) == (name, key_id)


@dataclass(frozen=True)
class Note:
    """A signed note: its text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[Signature, ...] = ()

    def __str__(self) -> str:
        return self.text + "\n" + "".join(s.line() for s in self.signatures)

    def adding(self, *signatures: Signature) -> Note:
        """The note with more signatures; one already present (same name and id) is kept."""
        kept = list(self.signatures)
        for signature in signatures:
            if not any(s.by(signature.name, signature.key_id) for s in kept):
                kept.append(signature)
        return Note(self.text, tuple(kept))

    @classmethod
    def parse(cls, note: str) -> Note:
        if any(ord(c) < 0x20 and c != "\n" for c in note):
            raise MalformedNote("a note holds no control characters other than newline")
        text, blank, tail = note.rpartition("\n\n")
        if not blank or not tail.endswith("\n") or not text:
            raise MalformedNote("not a signed note: no blank line before signatures ending "
                                "in a newline")
        lines = tail[:-1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            raise MalformedNote(f"a note with more than {MAX_SIGNATURES} signatures")
        return cls(text + "\n", tuple(Signature.parse(line) for line in lines))


def sign_note(text: str, name: str, signer: Signer) -> Signature:
    """The Ed25519 note signature of ``text`` by the key named ``name``."""
    key_id = note_key_id(name, ED25519, signer.verifier().public_key)
    return Signature(name, key_id, signer.sign(text.encode()))


def verify_note(note: Note, name: str, verifier: Verifier) -> bool:
    """True when the note carries a valid Ed25519 signature of this key, none failing."""
    key_id = note_key_id(name, ED25519, verifier.public_key)
    mine = [s for s in note.signatures if s.by(name, key_id)]
    return bool(mine) and all(verifier.verify(note.text.encode(), s.signature) for s in mine)


# --- checkpoints ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckpointText:
    """The body of a tlog-checkpoint: origin, tree size, root hash, extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "".join(f"{line}\n" for line in (self.origin, str(self.size), b64(self.root),
                                                 *self.extensions))

    @classmethod
    def parse(cls, text: str) -> CheckpointText:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
            raise MalformedNote("a checkpoint is at least three non-empty lines")
        origin, size, root = lines[:3]
        if not size.isdigit() or (size != "0" and size.startswith("0")):
            raise MalformedNote(f"checkpoint size {size!r} is not a decimal number")
        digest = unb64(root, "the checkpoint's root hash")
        if len(digest) != 32:
            raise MalformedNote("the checkpoint's root hash is not 32 bytes")
        return cls(origin, int(size), digest, tuple(lines[3:-1]))


# --- cosignatures (tlog-cosignature, Ed25519) -----------------------------------------------

def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


def cosign(text: str, name: str, signer: Signer, timestamp: int) -> Signature:
    """A witness's timestamped cosignature of a checkpoint's text."""
    key_id = note_key_id(name, COSIGNATURE, signer.verifier().public_key)
    signed = signer.sign(cosigned_message(text, timestamp))
    return Signature(name, key_id, timestamp.to_bytes(8, "big") + signed)


def cosignature_time(text: str, signature: Signature, name: str,
                     verifier: Verifier) -> int | None:
    """The time of a valid cosignature of ``text`` by this witness key, else None."""
    if not signature.by(name, note_key_id(name, COSIGNATURE, verifier.public_key)):
        return None
    if len(signature.signature) != 72:
        return None
    timestamp = int.from_bytes(signature.signature[:8], "big")
    if timestamp >= 2**63:
        return None
    ok = verifier.verify(cosigned_message(text, timestamp), signature.signature[8:])
    return timestamp if ok else None
