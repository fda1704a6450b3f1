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
from itertools import islice
from typing import NamedTuple

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.chains import Break, ChainVerifier, Gaps, Report
from domain.audit.checkpoint import Checkpoint
from domain.audit.fastlink import fast_columns, fast_digest
from domain.audit.fastlink import sha256 as _sha256
from domain.audit.log import LogReader, Record
from domain.audit.merkle import CompactRange, block_roots, leaf_hashes
from domain.audit.tree import parse_event

BATCH = 2000
RUN = 64  # records the fast path digests at once
SPAN = 10_000  # notification ids per task in a process pool
Progress = Callable[[int], None]
_START = (0, GENESIS)  # the head of a chain not seen yet


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


class Digests(NamedTuple):
    """What the fast check learnt of a run of records, column by column (cheap to pickle)."""

    aggregates: list[str]
    versions: list[int]
    prev_hashes: list[str | None]
    hashes: list[str | None]
    leaves: list[bytes]
    failed: dict[int, Digest]  # place in the run: a record whose content fails its hash
    # From a span hashed in another process: its leaves joined (``leaves`` is then empty),
    # and the roots of its complete subtrees, hashed there on the guess that its first
    # record is leaf ``start`` of the tree (the tree takes them when the guess was right).
    joined: bytes = b""
    start: int = -1
    blocks: list[tuple[int, bytes]] = []  # noqa: RUF012 - a NamedTuple's default, never changed

    @classmethod
    def of(cls, digested: Iterable[Digest]) -> Digests:
        """The columns of single digests."""
        batch = cls([], [], [], [], [], {})
        for place, one in enumerate(digested):
            batch.aggregates.append(one.aggregate)
            batch.versions.append(one.version)
            batch.prev_hashes.append(one.prev_hash)
            batch.hashes.append(one.hash)
            batch.leaves.append(one.leaf)
            if not one.intact:
                batch.failed[place] = one
        return batch


def digest(record: Record) -> Digest:
    """One record's links and leaf, and whether its content still matches its hash."""
    _, aggregate, version, topic, state = record
    linked = fast_digest(aggregate, version, topic, state)
    if linked is not None:
        prev, stored, hashed = linked
        return Digest(aggregate, version, prev, stored, True, _sha256(b"\x00" + hashed).digest())
    return _by_definition(record)


def _by_definition(record: Record) -> Digest:
    """``digest`` of a record the fast path could not vouch for: the definition judges."""
    _, aggregate, version, topic, state = record
    content, stored, leaf = parse_event(state)
    try:
        prev = content["prev_hash"]
        if link_hash(prev, canonical_bytes(aggregate, version, topic, content)) == stored:
            return Digest(aggregate, version, prev, stored, True, leaf)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        prev = None
    return Digest(aggregate, version, prev, stored, False, leaf, topic, state)


def digest_records(records: Iterable[Record]) -> Digests:
    """``digest`` over many records, as columns: ``fast_columns`` over short runs, and each
    record of a run it cannot vouch for whole judged alone."""
    records = records if isinstance(records, list) else list(records)
    batch = Digests([], [], [], [], [], {})
    aggregates, versions, prevs, hashes, leaves = batch[:5]
    for start in range(0, len(records), RUN):
        run = records[start:start + RUN]
        linked = fast_columns(run)
        if linked is None:
            for place, record in enumerate(run, start):
                one = digest(record)
                if not one.intact:
                    batch.failed[place] = one
                aggregates.append(one.aggregate)
                versions.append(one.version)
                prevs.append(one.prev_hash)
                hashes.append(one.hash)
                leaves.append(one.leaf)
            continue
        aggregates += linked[0]
        versions += linked[1]
        prevs += linked[2]
        hashes += linked[3]
        leaves += leaf_hashes(linked[4])
    return batch


def digest_span(reader: LogReader, after: int, upto: int, start: int = -1,
                cuts: Iterable[int] = ()) -> Digests:
    """The digests of the records after notification ``after`` up to ``upto`` (picklable).

    Given ``start``, the leaf its first record is guessed to be, the span's part of the tree
    is hashed here too, as complete subtrees none of which crosses a tree size in ``cuts``."""
    batch = digest_records(reader.span(after, upto))
    if start < 0:
        return batch
    return batch._replace(leaves=[], joined=b"".join(batch.leaves), start=start,
                          blocks=block_roots(batch.leaves, start, cuts))


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
        self.check_all(Digests.of([digested]))

    def check_all(self, batch: Digests) -> None:
        """Link a run of records, in log order, into their chains and add their leaves."""
        heads, failed = self._heads, batch.failed
        new = 0
        if failed or self._broken:
            new = self._check_each(batch)
        else:  # every record intact and no chain broken so far: the common case, kept lean
            known, head_of = len(heads), heads.get  # each aggregate seen first adds a head
            lost = 0  # aggregates seen first whose first record broke: no head kept for them
            for place, (aggregate, version, prev, stored) in enumerate(zip(
                    batch.aggregates, batch.versions, batch.prev_hashes, batch.hashes,
                    strict=True)):
                last_version, last_hash = head_of(aggregate, _START)
                if version == last_version + 1 and prev == last_hash:
                    heads[aggregate] = (version, stored)
                    continue
                self._judge_record(Digest(aggregate, version, prev, stored, True, b""),
                                   last_version, last_hash)
                lost += aggregate not in heads
                if self._broken:  # the rest of the run takes the careful way
                    new = len(heads) - known + lost + self._check_each(batch, place + 1)
                    break
            else:
                new = len(heads) - known + lost
        self.report.aggregates += new
        self.report.events += len(batch.hashes)
        if batch.start < 0:
            self._grow(batch.leaves)
        elif batch.start == self._edge.size:  # its subtrees were hashed where they stand
            for level, root in batch.blocks:
                self._edge.push_subtree(level, root)
                self._compare_due()
        else:  # a gap in the notification ids moved it: the leaves it sent are grown here
            joined = batch.joined
            self._grow([joined[at:at + 32] for at in range(0, len(joined), 32)])

    def _check_each(self, batch: Digests, start: int = 0) -> int:
        """``check_all``'s linking from place ``start`` on, where records failed the fast
        check or chains broke; returns how many aggregates it saw first."""
        heads, broken, report, failed = self._heads, self._broken, self.report, batch.failed
        hashes, new = batch.hashes, 0
        for place, (aggregate, version, prev) in enumerate(islice(
                zip(batch.aggregates, batch.versions, batch.prev_hashes, strict=True), start,
                None), start):
            if aggregate in broken:
                self._gaps.seen(report.breaks, aggregate, version)
                continue
            last_version, last_hash = heads.get(aggregate) or _START
            if last_version == 0:
                new += 1
            if version == last_version + 1 and prev == last_hash and place not in failed:
                heads[aggregate] = (version, hashes[place])
            else:
                self._judge_record(failed.get(place) or Digest(
                    aggregate, version, prev, hashes[place], True, b""), last_version, last_hash)
        return new

    def _grow(self, leaves: list[bytes]) -> None:
        """Add leaves to the tree, stopping at each checkpoint's size to compare roots."""
        start = 0
        while start < len(leaves):
            stop = len(leaves)
            if self._due:
                stop = min(stop, start + self._due[0].size - self._edge.size)
            self._edge.extend(leaves[start:stop])
            start = stop
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

    @property
    def cuts(self) -> list[int]:
        """The tree sizes at which a root is still to be compared with a checkpoint."""
        return [checkpoint.size for checkpoint in self._due]

    def broken(self, aggregate: str) -> bool:
        """True when this aggregate's chain already has a reported break."""
        return aggregate in self._broken


def digests(reader: LogReader, executor: Executor | None = None, window: int = 4,
            cuts: Iterable[int] = ()) -> Iterator[Digests]:
    """The log's digests in order, batch by batch; with an executor, spans are read, hashed
    and (split at the tree sizes ``cuts``) grown into subtrees ahead, in other processes."""
    if executor is None:
        after = None
        while records := reader.read(after, BATCH):
            yield digest_records(records)
            after = records[-1][0]
        return
    cuts = sorted(set(cuts))
    last, pending = reader.last_id(), deque()
    seen = reached = 0  # the records of the spans handed over, and the id they reach
    for after in range(0, last, SPAN):
        upto = min(after + SPAN, last)
        first = after - (reached - seen)  # its first leaf, were the ids after ``reached`` gap-free
        pending.append((upto, executor.submit(digest_span, reader, after, upto, first, cuts)))
        while pending and (len(pending) >= window or upto == last):
            reached, future = pending.popleft()
            batch = future.result()
            seen += len(batch.hashes)
            yield batch
