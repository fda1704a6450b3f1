"""A signed checkpoint: the size and root of the global tree, as a C2SP tlog-checkpoint.

What is signed is the checkpoint's note text (``domain.audit.note``): the log's origin, the
tree size and the base64 root, with an Ed25519 note signature whose key name is the origin.
``time`` is when the signer made it; it is recorded beside the note, not signed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from domain.audit.note import (
    ED25519,
    CheckpointText,
    MalformedNote,
    Note,
    Signature,
    b64,
    note_key_id,
    sign_note,
    unb64,
    verify_note,
)
from domain.audit.signing import Signer, Verifier
from domain.errors import InvalidInput

DEFAULT_ORIGIN = "localhost/notaledger"


@dataclass(frozen=True)
class Checkpoint:
    """Tree size, root hash (hex), origin, signing time, key id and the note signature
    (base64 of the 4-byte key id and the 64-byte Ed25519 signature)."""

    size: int
    root: str
    time: str
    key_id: str
    signature: str = ""
    number: int | None = None
    origin: str = DEFAULT_ORIGIN

    def text(self) -> str:
        """The checkpoint's note text: exactly what is signed."""
        return str(CheckpointText(self.origin, self.size, bytes.fromhex(self.root)))

    def note(self, *cosignatures: Signature) -> Note:
        """The signed note, with the log's signature and any cosignatures."""
        try:
            blob = unb64(self.signature, "the checkpoint's signature")
        except MalformedNote:
            blob = b""
        signature = Signature(self.origin, blob[:4], blob[4:])
        return Note(self.text(), (signature, *cosignatures))

    def signed_by(self, verifier: Verifier) -> bool:
        """True when this checkpoint names the verifier's key and carries its signature."""
        if self.key_id != verifier.key_id:
            return False
        return verify_note(self.note(), self.origin, verifier)

    def to_dict(self) -> dict:
        return {**asdict(self), "note": str(self.note())}

    @classmethod
    def from_dict(cls, data: dict) -> Checkpoint:
        try:
            return cls(size=int(data["size"]), root=str(data["root"]), time=str(data["time"]),
                       key_id=str(data["key_id"]), signature=str(data.get("signature", "")),
                       number=data.get("number"), origin=str(data.get("origin",
                                                                      DEFAULT_ORIGIN)))
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"not a checkpoint: {error}") from None

    @classmethod
    def from_note(cls, text: str, key_id: str = "", number: int | None = None,
                  time: str = "") -> tuple[Checkpoint, Note]:
        """A checkpoint read from its signed note (the log's signature is the line named by
        the origin); the note is returned too, for its other signatures."""
        note = Note.parse(text)
        body = CheckpointText.parse(note.text)
        own = next((s for s in note.signatures if s.name == body.origin
                    and len(s.signature) == 64), None)
        signature = b64(own.key_id + own.signature) if own else ""
        return cls(body.size, body.root.hex(), time, key_id, signature, number,
                   body.origin), note


def sign_checkpoint(size: int, root: bytes, signer: Signer, now: datetime | None = None,
                    origin: str = DEFAULT_ORIGIN) -> Checkpoint:
    """A new checkpoint over the tree of ``size`` leaves with this root, signed now."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    unsigned = Checkpoint(size, root.hex(), moment.isoformat(timespec="microseconds"),
                          signer.key_id, origin=origin)
    signature = sign_note(unsigned.text(), origin, signer)
    return replace(unsigned, signature=b64(signature.key_id + signature.signature))


def log_key_id(origin: str, verifier: Verifier) -> bytes:
    """The note key id of the log's signing key under its origin."""
    return note_key_id(origin, ED25519, verifier.public_key)
