"""Chain verification over raw stored records: no aggregate is decoded or trusted.

A break is reported once per aggregate, at the first version where its chain fails:

- ``missing``: a version is absent (an event was deleted);
- ``reordered``: a record holds the event of another version, or a version reported absent
  turns up later in the log (rows were swapped);
- ``inserted``: a record's hash is self-consistent but does not link to its predecessor,
  or a version appears twice or out of order (an event was forged in);
- ``modified``: a record's content no longer matches its hash.

Dropping the newest events of an aggregate leaves a shorter, valid chain; signed
checkpoints over the whole log catch that.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.fastlink import fast_link

_decode = json.JSONDecoder().decode  # the definition's reading of a stored state


@dataclass(frozen=True)
class Break:
    """The first broken link of one aggregate's chain."""

    aggregate_id: str
    version: int
    kind: str
    detail: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """What a verification run saw."""

    events: int = 0
    aggregates: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def to_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "aggregates": self.aggregates,
                "breaks": [b.to_dict() for b in self.breaks]}


class Gaps:
    """Versions reported missing, awaited further down the log: one that turns up was moved."""

    def __init__(self) -> None:
        self._awaited: dict[str, tuple[int, int]] = {}  # aggregate: (break's place, version)

    def await_(self, breaks: list[Break], broken: Break, expected: int) -> None:
        """``broken`` says version ``expected`` is missing; note it, in case it turns up."""
        if broken.kind == "missing":
            self._awaited[broken.aggregate_id] = (len(breaks) - 1, expected)

    def seen(self, breaks: list[Break], aggregate: str, version: int) -> None:
        """A record of a broken chain: if it is the awaited version, the break was a swap."""
        place, expected = self._awaited.get(aggregate, (-1, 0))
        if version != expected:
            return
        del self._awaited[aggregate]
        later = breaks[place].version
        breaks[place] = Break(aggregate, version, "reordered",
                              f"version {version} stands after version {later} in the log: "
                              "the stored rows were swapped")


class ChainVerifier:
    """Feed records in log order; each aggregate's chain is checked as it streams by."""

    def __init__(self) -> None:
        self.report = Report()
        self._heads: dict[str, tuple[int, str]] = {}
        self._broken: set[str] = set()
        self._gaps = Gaps()

    def check(self, originator_id: Any, version: int, topic: str, state: bytes) -> None:
        """Check one stored record against the chain of its aggregate so far."""
        aggregate = str(originator_id)
        self.report.events += 1
        if aggregate in self._broken:
            self._gaps.seen(self.report.breaks, aggregate, version)
            return
        last_version, last_hash = self._heads.get(aggregate, (0, GENESIS))
        if last_version == 0:
            self.report.aggregates += 1
        problem = self.problem(aggregate, version, topic, state, last_version, last_hash)
        if problem:
            self._broken.add(aggregate)
            self.report.breaks.append(Break(aggregate, version, *problem))
            self._gaps.await_(self.report.breaks, self.report.breaks[-1], last_version + 1)

    def problem(self, aggregate: str, version: int, topic: str, state: bytes,
                last_version: int, last_hash: str) -> tuple[str, str] | None:
        """The kind and detail of what is wrong with this record after the chain's head
        (``last_version``, ``last_hash``), or None when it links; the head is then moved."""
        if version <= last_version:
            return "inserted", f"version {version} appears again after version {last_version}"
        if version > last_version + 1:
            missing = f"{last_version + 1}" + (f"..{version - 1}" if version > last_version + 2
                                               else "")
            return "missing", f"version {missing} is absent"
        linked = fast_link(aggregate, version, topic, state)
        if linked is None:  # the fast path could not vouch for it: the definition judges
            try:
                content = _decode(bytes(state).decode("utf-8"))
                stored_hash = content.pop("hash")
                prev_hash = content["prev_hash"]
                computed = link_hash(prev_hash, canonical_bytes(aggregate, version, topic,
                                                                content))
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
                return "modified", f"the record cannot be read as a chained event ({error})"
            if computed != stored_hash:
                return self._mismatch(aggregate, version, topic, content, prev_hash,
                                      stored_hash)
            linked = prev_hash, stored_hash
        prev_hash, stored_hash = linked
        if prev_hash != last_hash:
            return "inserted", (f"its prev_hash does not link to version {last_version}; "
                                "the event was not recorded in this place")
        self._heads[aggregate] = (version, stored_hash)
        return None

    @staticmethod
    def _mismatch(aggregate: str, version: int, topic: str, content: dict, prev_hash: str,
                  stored_hash: str) -> tuple[str, str]:
        for other in (version - 1, version + 1):
            if link_hash(prev_hash, canonical_bytes(aggregate, other, topic, content)) \
                    == stored_hash:
                return "reordered", f"the record holds the event of version {other}"
        return "modified", "the content no longer matches its hash"


def verify_records(records: Iterable[Any]) -> Report:
    """Verify records with originator_id, originator_version, topic and state, in log order."""
    verifier = ChainVerifier()
    for record in records:
        verifier.check(record.originator_id, record.originator_version, record.topic,
                       record.state)
    return verifier.report
