"""A signed checkpoint: the size and root of the global tree at a moment, and who signed it."""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from domain.audit.signing import Signer, Verifier
from domain.errors import InvalidInput

FORMAT = "notaledger checkpoint v1"


@dataclass(frozen=True)
class Checkpoint:
    """Tree size, root hash (hex), time (ISO 8601, UTC), key id and Ed25519 signature."""

    size: int
    root: str
    time: str
    key_id: str
    signature: str = ""
    number: int | None = None

    def body(self) -> bytes:
        """The exact bytes that are signed."""
        return (f"{FORMAT}\nsize {self.size}\nroot {self.root}\ntime {self.time}\n"
                f"key {self.key_id}\n").encode("ascii")

    def signed_by(self, verifier: Verifier) -> bool:
        """True when this checkpoint names the verifier's key and carries its signature."""
        if self.key_id != verifier.key_id:
            return False
        try:
            signature = base64.b64decode(self.signature, validate=True)
        except (binascii.Error, ValueError):
            return False
        return verifier.verify(self.body(), signature)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Checkpoint:
        try:
            return cls(size=int(data["size"]), root=str(data["root"]), time=str(data["time"]),
                       key_id=str(data["key_id"]), signature=str(data.get("signature", "")),
                       number=data.get("number"))
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"not a checkpoint: {error}") from None


def sign_checkpoint(size: int, root: bytes, signer: Signer,
                    now: datetime | None = None) -> Checkpoint:
    """A new checkpoint over the tree of ``size`` leaves with this root, signed now."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    unsigned = Checkpoint(size, root.hex(), moment.isoformat(timespec="microseconds"),
                          signer.key_id)
    signature = base64.b64encode(signer.sign(unsigned.body())).decode("ascii")
    return replace(unsigned, signature=signature)
