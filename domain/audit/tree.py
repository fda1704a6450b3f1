"""The global tree over the event log: kept up to date incrementally, and proofs from it."""

from __future__ import annotations

import json
from collections.abc import Collection

from domain.audit.log import LogReader
from domain.audit.merkle import (
    CompactRange,
    Subtree,
    consistency_proof,
    frontier,
    inclusion_proof,
    leaf_hash,
    nodes_needed,
    range_root,
)
from domain.audit.store import AuditStore, Leaf, Node, TreeMoved
from domain.errors import ConcurrencyConflict, LedgerError

BATCH = 2000
RETRIES = 8


class TreeDamaged(LedgerError):
    """The stored tree lacks a subtree it should hold."""


_decode = json.JSONDecoder().decode  # json.loads less its per-call encoding sniffing


def parse_event(state: bytes) -> tuple[dict | None, str | None, bytes]:
    """A stored event's content less its ``hash``, that hash, and its leaf in the tree.

    The leaf is over the chain hash's bytes; a record that cannot be read still takes its
    place, with a leaf over its raw bytes (the chain check reports it).
    """
    try:
        content = _decode(bytes(state).decode("utf-8"))
        stored = content.pop("hash")
        return content, stored, leaf_hash(bytes.fromhex(stored))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None, None, leaf_hash(bytes(state))


def event_leaf(state: bytes) -> bytes:
    """The leaf hash of one stored event."""
    return parse_event(state)[2]


def sync_tree(reader: LogReader, store: AuditStore, batch: int = BATCH) -> CompactRange:
    """Append every event logged after the tree's last leaf; returns the tree's new edge."""
    for _ in range(RETRIES):
        try:
            return _sync(reader, store, batch)
        except TreeMoved:
            continue
    raise ConcurrencyConflict(f"the audit tree kept moving under {RETRIES} attempts; try again")


def _sync(reader: LogReader, store: AuditStore, batch: int) -> CompactRange:
    size, last = store.tree_head()
    edge = CompactRange.load(size, subtrees(store, frontier(size)))
    while records := reader.read(last, batch):
        start, leaves, nodes = edge.size, [], []
        for notification_id, aggregate, version, _, state in records:
            leaves.append(Leaf(edge.size, notification_id, aggregate, version))
            nodes += edge.append(event_leaf(state))
        last = records[-1][0]
        store.extend(start, leaves, nodes, last)
    return edge


def subtrees(store: AuditStore, needed: Collection[Node]) -> Subtree:
    """A lookup of stored subtrees, fetched in one go."""
    fetched = store.nodes(needed)

    def subtree(level: int, index: int) -> bytes:
        try:
            return fetched[level, index]
        except KeyError:
            raise TreeDamaged(f"the stored audit tree lacks subtree {level}/{index}; "
                              "run notaledger audit verify") from None

    return subtree


def prove_inclusion(store: AuditStore, index: int, size: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the stored tree of ``size`` leaves."""
    needed = nodes_needed(inclusion_proof, index, size)
    return inclusion_proof(index, size, subtrees(store, needed))


def prove_consistency(store: AuditStore, old: int, new: int) -> list[bytes]:
    """The proof that the stored tree of ``old`` leaves is a prefix of that of ``new``."""
    needed = nodes_needed(consistency_proof, old, new)
    return consistency_proof(old, new, subtrees(store, needed))


def stored_root(store: AuditStore, size: int) -> bytes:
    """The root of the stored tree's first ``size`` leaves."""
    return range_root(0, size, subtrees(store, frontier(size)))
