"""Finding where the log departs from a signed tree, once the roots disagree.

The signed root proves that something changed, not what. The stored tree remembers which
event each signed leaf was; when its leaves still hash to the signed root they can be used
to name the first event that differs. When they do not, the operator altered them too, and
only the range between the last good checkpoint and the bad one can be named. (The leaves'
names of events are not under the signature: they locate a break, they never hide one.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from domain.audit.chains import Break
from domain.audit.checkpoint import Checkpoint
from domain.audit.log import LogReader
from domain.audit.merkle import CompactRange
from domain.audit.store import AuditStore, Leaf
from domain.audit.tree import BATCH, event_leaf

LogLeaf = tuple[int, str, int, bytes]  # leaf index, aggregate, version, leaf hash


def locate(reader: LogReader, recorder: Any, store: AuditStore, good: int,
           checkpoint: Checkpoint) -> list[Break]:
    """Where the log departs from the tree ``checkpoint`` signed: every rewritten chain while
    the log and the tree stay aligned, then the first event deleted, inserted or moved."""
    label = f"checkpoint {checkpoint.number} ({checkpoint.time}, {checkpoint.size} events)"
    if not _trusted(store, checkpoint):
        return [Break("log", good + 1, "rewritten",
                      f"events {good + 1} to {checkpoint.size} of the log do not hash to the "
                      f"root signed in {label}, and the stored tree was altered too, so the "
                      "changed event cannot be named")]
    found: dict[str, Break] = {}
    for leaf, signed, entry in _pairs(reader, store, good, checkpoint.size):
        if entry is None:
            found.setdefault(leaf.aggregate_id, Break(
                leaf.aggregate_id, leaf.version, "missing",
                f"the log ends after {leaf.index} events, but {label} signed more: "
                f"version {leaf.version} and what followed are gone"))
            break
        if entry[1:3] != (leaf.aggregate_id, leaf.version):
            moved = _difference(recorder, store, leaf, entry, label)
            found.setdefault(moved.aggregate_id, moved)
            break
        if entry[3] != signed:
            found.setdefault(leaf.aggregate_id, Break(
                leaf.aggregate_id, leaf.version, "rewritten",
                f"its chain verifies, but its hash is not the one signed in {label}: "
                "the chain was recomputed"))
    return list(found.values()) or [Break("log", good + 1, "rewritten",
                                          f"the log does not hash to the root signed in {label}")]


def _pairs(reader: LogReader, store: AuditStore, good: int,
           size: int) -> Iterator[tuple[Leaf, bytes, LogLeaf | None]]:
    """Each signed leaf from ``good`` on beside the log's leaf in the same place."""
    log = _log_leaves(reader, good)
    for start in range(good, size, BATCH):
        for leaf, signed in store.leaves(start, min(start + BATCH, size)):
            yield leaf, signed, next(log, None)


def _trusted(store: AuditStore, checkpoint: Checkpoint) -> bool:
    """True when the stored leaves themselves hash to the signed root."""
    edge = CompactRange()
    for start in range(0, checkpoint.size, BATCH):
        edge.extend(signed for _, signed in store.leaves(start, min(start + BATCH,
                                                                    checkpoint.size)))
    return edge.size == checkpoint.size and edge.root().hex() == checkpoint.root


def _difference(recorder: Any, store: AuditStore, signed: Leaf, entry: LogLeaf,
                label: str) -> Break:
    index, aggregate, version, _ = entry
    moved = store.leaf(aggregate, version)
    if moved is None:
        return Break(aggregate, version, "inserted",
                     f"it stands at event {index + 1} of the log but is not in the tree "
                     f"signed in {label}")
    if not _in_log(recorder, signed.aggregate_id, signed.version):
        return Break(signed.aggregate_id, signed.version, "missing",
                     f"it was event {signed.index + 1} of the tree signed in {label} and is "
                     "gone from the log")
    return Break(aggregate, version, "reordered",
                 f"it was event {moved.index + 1} of the tree signed in {label} but stands at "
                 f"event {index + 1} of the log")


def _in_log(recorder: Any, aggregate: str, version: int) -> bool:
    return bool(recorder.select_events(UUID(aggregate), gt=version - 1, lte=version))


def _log_leaves(reader: LogReader, skip: int) -> Iterator[LogLeaf]:
    """The log's leaves from index ``skip`` on, read in notification order."""
    index, after = 0, None
    while records := reader.read(after, BATCH):
        for _, aggregate, version, _, state in records:
            if index >= skip:
                yield index, aggregate, version, event_leaf(state)
            index += 1
        after = records[-1][0]
