"""Verification split into spans of notification ids, each read, hashed and grown into
subtrees in another worker, finds what one pass finds: with gaps in the ids (which move a
span's first leaf from where it was guessed) and checkpoints inside spans."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from domain.audit import verify as audit_verify
from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.checkpoint import Checkpoint
from domain.audit.log import LogReader
from domain.audit.merkle import root_of
from domain.audit.verify import LogVerifier, digest_records, digests

TOPIC = "notaledger.note:SectionRevised"
AGGREGATES = [f"0b9d3c52-5d62-4a4e-9a49-5b6a0c1d2e{n:02x}" for n in range(3)]


class ListReader(LogReader):
    """A log held in a list, read the way the stores' readers read."""

    shareable = True

    def __init__(self, records: list) -> None:
        self.records = records

    def read(self, after, limit):
        return [r for r in self.records if r[0] > (after or 0)][:limit]

    def last_id(self):
        return max((r[0] for r in self.records), default=0)


def log(gaps: set[int], length: int = 60) -> list:
    """Three chains interleaved, with notification ids that skip ``gaps``."""
    records, heads, number = [], dict.fromkeys(AGGREGATES, (0, GENESIS)), 0
    for place in range(length):
        aggregate = AGGREGATES[place % 3 if place % 5 else 0]
        version, prev = heads[aggregate]
        content = {"prev_hash": prev, "text": f"versie {version + 1} é"}
        content["hash"] = link_hash(prev, canonical_bytes(aggregate, version + 1, TOPIC,
                                                          content))
        heads[aggregate] = (version + 1, content["hash"])
        number += 1
        while number in gaps:
            number += 1
        records.append((number, aggregate, version + 1, TOPIC, json.dumps(content).encode()))
    return records


def checkpoints(records: list, sizes: list[int], wrong: int | None = None) -> list:
    leaves = digest_records(records).leaves
    return [Checkpoint(size=size, root=(root_of(leaves[:size]) if size != wrong
                                        else bytes(32)).hex(), time="t", key_id="k",
                       number=number) for number, size in enumerate(sizes, 1)]


def verified(reader: LogReader, signed: list, executor=None):
    verifier = LogVerifier(signed)
    taken = []
    for batch in digests(reader, executor, cuts=verifier.cuts):
        taken.append(batch.start == verifier._edge.size if batch.start >= 0 else None)
        verifier.check_all(batch)
    report = verifier.finish()
    return (report.to_dict(), verifier.mismatch, verifier.reproduced), taken


@pytest.mark.parametrize("gaps", [set(), {3}, {9, 10, 11, 30}, set(range(40, 58))])
@pytest.mark.parametrize("wrong", [None, 26])
def test_spans_hashed_apart_verify_as_one_pass_does(monkeypatch, gaps, wrong):
    monkeypatch.setattr(audit_verify, "SPAN", 8)
    records = log(gaps)
    signed = checkpoints(records, [5, 13, 16, 26, 27, 60, 61], wrong)
    reader = ListReader(records)
    alone, _ = verified(reader, signed)
    with ThreadPoolExecutor(2) as pool:
        apart, taken = verified(reader, signed, pool)
    assert apart == alone
    assert alone[0]["checkpoints_verified"] == (5 if wrong else 6)
    assert True in taken  # some spans' subtrees were taken as hashed in the worker
    assert (False in taken) == any(gap < records[-1][0] - 8 for gap in gaps)
