"""The audit store port: the stored global tree and the signed checkpoints over it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass

from domain.audit.checkpoint import Checkpoint
from domain.audit.note import Signature
from domain.errors import ConcurrencyConflict

Node = tuple[int, int]


@dataclass(frozen=True)
class Leaf:
    """Where one event sits in the tree: its leaf index and its place in the log."""

    index: int
    notification_id: int
    aggregate_id: str
    version: int


class TreeMoved(ConcurrencyConflict):
    """Someone else extended the tree first; reload its head and try again."""


class AuditStore(ABC):
    """The tree's complete subtrees, its leaves' places in the log, and the checkpoints."""

    @abstractmethod
    def tree_head(self) -> tuple[int, int | None]:
        """The tree's size and the notification id of its last leaf."""

    @abstractmethod
    def nodes(self, keys: Collection[Node]) -> dict[Node, bytes]:
        """The stored complete subtrees with these (level, index) names."""

    @abstractmethod
    def extend(self, size: int, leaves: list[Leaf], nodes: list[tuple[int, int, bytes]],
               last_notification_id: int) -> None:
        """Atomically add leaves and the subtrees they complete; TreeMoved if size is stale."""

    @abstractmethod
    def leaf(self, aggregate_id: str, version: int) -> Leaf | None:
        """The leaf of one event, if the tree holds it."""

    @abstractmethod
    def last_leaf(self, aggregate_id: str, below: int) -> Leaf | None:
        """The aggregate's latest event among the first ``below`` leaves."""

    @abstractmethod
    def leaves(self, start: int, stop: int) -> list[tuple[Leaf, bytes]]:
        """Leaves ``start`` up to ``stop`` with their leaf hashes, in order."""

    @abstractmethod
    def add_checkpoint(self, checkpoint: Checkpoint) -> Checkpoint:
        """Store a signed checkpoint; returns it with its number."""

    @abstractmethod
    def checkpoints(self) -> list[Checkpoint]:
        """Every checkpoint, oldest first."""

    @abstractmethod
    def add_cosignatures(self, number: int, signatures: list[Signature]) -> None:
        """Keep witnesses' cosignatures of checkpoint ``number`` (verified by the caller)."""

    @abstractmethod
    def cosignatures(self, number: int) -> list[Signature]:
        """The cosignatures kept for checkpoint ``number``."""

    def latest_checkpoint(self) -> Checkpoint | None:
        """The checkpoint over the largest tree (the newest of equals)."""
        return max(self.checkpoints(), key=lambda c: (c.size, c.number or 0), default=None)

    def checkpoint(self, number: int) -> Checkpoint | None:
        """The checkpoint with this number."""
        return next((c for c in self.checkpoints() if c.number == number), None)
