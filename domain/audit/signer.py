"""The signer's memory: it only ever signs an extension of the last checkpoint it signed.

The database holds the log, the tree and the checkpoints; an operator who controls it can
rewrite all three. What the signer signed last (origin, size, root, number, key) is
therefore remembered outside the database, beside the key (``SignerMemory``), and a new
checkpoint is signed only when

- the signing key is the one that signed the remembered checkpoint;
- the store still holds that checkpoint, and none newer that this key did not sign;
- the store's tree at the new size is a consistent extension of the remembered one: an
  RFC 6962 consistency proof from the remembered size, checked against the remembered root.

Otherwise it refuses (``SignerRefused``) and signs nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

from domain.audit.checkpoint import Checkpoint
from domain.audit.merkle import CompactRange, verify_consistency
from domain.audit.signing import Verifier
from domain.audit.store import AuditStore
from domain.audit.tree import TreeDamaged, prove_consistency
from domain.errors import InvalidInput, LedgerError


class SignerRefused(LedgerError):
    """The store is not an extension of what this signer signed: nothing is signed."""


@dataclass(frozen=True)
class Remembered:
    """The last checkpoint this signer signed."""

    origin: str
    size: int
    root: str
    number: int
    key_id: str
    note: str

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> Remembered:
        return cls(checkpoint.origin, checkpoint.size, checkpoint.root, checkpoint.number or 0,
                   checkpoint.key_id, str(checkpoint.note()))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Remembered:
        try:
            return cls(str(data["origin"]), int(data["size"]), str(data["root"]),
                       int(data["number"]), str(data["key_id"]), str(data["note"]))
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput(f"the signer's state is damaged: {error}") from None


class SignerMemory(ABC):
    """Where the signer keeps its last signed checkpoint, outside the database."""

    @abstractmethod
    def recall(self) -> Remembered | None:
        """The last signed checkpoint, or None when this signer never signed."""

    @abstractmethod
    def remember(self, checkpoint: Remembered) -> None:
        """Keep this as the last signed checkpoint, durably, before anyone sees it."""


def check_store(store: AuditStore, last: Remembered, verifier: Verifier) -> Remembered:
    """The store still holds what this signer signed; returns the newest of its own checkpoints
    (one it signed but did not get to remember, when it stopped in between)."""
    if last.key_id != verifier.key_id:
        raise SignerRefused(f"the signing key is now {verifier.key_id}, but checkpoint "
                            f"{last.number} was signed with key {last.key_id}: a replaced key "
                            "does not continue another key's log")
    stored = store.checkpoint(last.number)
    if stored is None or (stored.size, stored.root) != (last.size, last.root):
        raise SignerRefused(f"the store no longer holds checkpoint {last.number} ({last.size} "
                            f"events, root {last.root}) that this signer signed: checkpoints "
                            "were deleted or the database was rolled back")
    newer = store.checkpoint(last.number + 1)
    if newer is None:
        return last
    if not newer.signed_by(verifier):
        raise SignerRefused(f"the store holds checkpoint {newer.number}, which this signer "
                            "did not sign")
    return Remembered.of(newer)


def check_extension(store: AuditStore, last: Remembered, edge: CompactRange) -> None:
    """The store's tree of ``edge.size`` leaves extends the remembered checkpoint's tree."""
    if edge.size < last.size:
        raise SignerRefused(f"the tree holds {edge.size} events, fewer than the {last.size} "
                            f"signed in checkpoint {last.number}: the log was rolled back")
    try:
        proof = prove_consistency(store, last.size, edge.size)
    except TreeDamaged as damage:
        raise SignerRefused(f"no consistency proof from checkpoint {last.number}: "
                            f"{damage}") from None
    if not verify_consistency(last.size, edge.size, bytes.fromhex(last.root), edge.root(),
                              proof):
        raise SignerRefused(f"the tree of {edge.size} events is not an extension of checkpoint "
                            f"{last.number} ({last.size} events, root {last.root}): the log's "
                            "history was rewritten")
