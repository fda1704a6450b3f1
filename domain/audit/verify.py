"""Verifying the whole log: every chain, gap-free versions, and the tree against checkpoints.

Chain breaks keep the kinds of ``domain.audit.chains`` (modified, missing, inserted, reordered),
whose ``ChainVerifier`` judges every record that fails the fast check below. The tree adds
``rewritten``: the log no longer hashes to a signed root although every chain verifies, so a
whole chain was recomputed. A checkpoint whose signature fails is ``forged``.

Recomputing each record's hash is the expensive part and a pure function of the record, so
``digest_span`` can run in other processes, each reading its own span of the log, while
this one links the digests in log order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import NamedTuple

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.chains import Break, ChainVerifier, Gaps, Report
from domain.audit.checkpoint import Checkpoint
from domain.audit.log import LogReader, Record
from domain.audit.merkle import CompactRange
from domain.audit.tree import parse_event

BATCH = 2000
SPAN = 10_000  # notification ids per task in a process pool
Progress = Callable[[int], None]


class Digest(NamedTuple):
    """What the fast check learnt of one stored record."""

    aggregate: str
    version: int
    prev_hash: str | None
    hash: str | None
    intact: bool  # the content still matches its stored hash
    leaf: bytes  # its leaf in the global tree
    # for a record that failed the fast check: its topic and state, to judge without a re-read
    topic: str | None = None
    state: bytes | None = None


@dataclass
class AuditReport(Report):
    """A verification run: chains, the tree against checkpoints, and their signatures."""

    tree_size: int = 0
    checkpoints: int = 0
    latest: Checkpoint | None = None
    signatures: str = "not checked"
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "tree_size": self.tree_size,
                "checkpoints_verified": self.checkpoints,
                "latest_checkpoint": self.latest.to_dict() if self.latest else None,
                "signatures": self.signatures, "warnings": self.warnings}


def digest(record: Record) -> Digest:
    """One record's links and leaf, and whether its content still matches its hash."""
    _, aggregate, version, topic, state = record
    content, stored, leaf = parse_event(state)
    try:
        prev = content["prev_hash"]
        if link_hash(prev, canonical_bytes(aggregate, version, topic, content)) == stored:
            return Digest(aggregate, version, prev, stored, True, leaf)
    except (ValueError, KeyError, TypeError, AttributeError):
        prev = None
    return Digest(aggregate, version, prev, stored, False, leaf, topic, state)


def digest_records(records: Iterable[Record]) -> list[Digest]:
    """``digest`` over many records."""
    return [digest(record) for record in records]


def digest_span(reader: LogReader, after: int, upto: int) -> list[Digest]:
    """The digests of the records after notification ``after`` up to ``upto`` (picklable)."""
    return digest_records(reader.span(after, upto))


class LogVerifier:
    """Feed digests in log order: each chain is linked, and the tree's root is compared with
    every checkpoint as the log reaches its size."""

    def __init__(self, checkpoints: Iterable[Checkpoint] = ()) -> None:
        self.report = AuditReport()
        self.mismatch: tuple[int, Checkpoint] | None = None  # (last good size, bad checkpoint)
        self.reproduced: list[Checkpoint] = []
        self._judge = ChainVerifier()  # judges each record that fails the fast check
        self._heads: dict[str, tuple[int, str]] = {}
        self._broken: set[str] = set()
        self._gaps = Gaps()
        self._edge = CompactRange()
        self._due = deque(sorted(checkpoints, key=lambda c: (c.size, c.number or 0)))
        self._good = 0
        self._compare_due()

    def check(self, digested: Digest) -> None:
        """Link one record into its chain and add its leaf to the tree."""
        aggregate = digested.aggregate
        self.report.events += 1
        if aggregate not in self._broken:
            last_version, last_hash = self._heads.get(aggregate, (0, GENESIS))
            if last_version == 0:
                self.report.aggregates += 1
            if digested.intact and digested.version == last_version + 1 \
                    and digested.prev_hash == last_hash:
                self._heads[aggregate] = (digested.version, digested.hash)
            else:
                self._judge_record(digested, last_version, last_hash)
        else:
            self._gaps.seen(self.report.breaks, aggregate, digested.version)
        self._edge.push(digested.leaf)
        self._compare_due()

    def _judge_record(self, digested: Digest, last_version: int, last_hash: str) -> None:
        aggregate, version, stored, topic, state = (digested.aggregate, digested.version,
                                                    digested.hash, digested.topic, digested.state)
        if state is None and version == last_version + 1:  # intact content, wrong link
            problem = ("inserted", f"its prev_hash does not link to version {last_version}; "
                                   "the event was not recorded in this place")
        else:  # a version out of place is judged before any content is read
            problem = self._judge.problem(aggregate, version, topic or "", state or b"",
                                          last_version, last_hash)
        if problem is None:
            self._heads[aggregate] = (version, stored)
            return
        self._broken.add(aggregate)
        self.report.breaks.append(Break(aggregate, version, *problem))
        self._gaps.await_(self.report.breaks, self.report.breaks[-1], last_version + 1)

    def _compare_due(self) -> None:
        while self._due and self._due[0].size == self._edge.size:
            checkpoint = self._due.popleft()
            if self._edge.root().hex() == checkpoint.root:
                self.report.checkpoints += 1
                self.reproduced.append(checkpoint)
                self._good = checkpoint.size
            elif self.mismatch is None:
                self.mismatch = (self._good, checkpoint)

    def finish(self) -> AuditReport:
        """Close the run: a checkpoint over more events than the log holds is a mismatch."""
        self.report.tree_size = self._edge.size
        if self._due and self.mismatch is None:
            self.mismatch = (self._good, self._due[0])
        return self.report

    def broken(self, aggregate: str) -> bool:
        """True when this aggregate's chain already has a reported break."""
        return aggregate in self._broken


def digests(reader: LogReader, executor: Executor | None = None,
            window: int = 4) -> Iterator[list[Digest]]:
    """The log's digests in order, batch by batch; spans computed ahead by the executor."""
    if executor is None:
        after = None
        while records := reader.read(after, BATCH):
            yield digest_records(records)
            after = records[-1][0]
        return
    last, pending = reader.last_id(), deque()
    for after in range(0, last, SPAN):
        pending.append(executor.submit(digest_span, reader, after, min(after + SPAN, last)))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
