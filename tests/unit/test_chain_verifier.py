"""The chain verifiers on records made here: swapped rows are named as such."""

from __future__ import annotations

import json
from types import SimpleNamespace
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.chains import verify_records
from domain.audit.verify import LogVerifier, digest, digest_records

TOPIC = "domain.note:Note.Drafted"


def chain(aggregate: str, length: int) -> list[SimpleNamespace]:
    records, prev = [], GENESIS
    for version in range(1, length + 1):
        content = {"prev_hash": prev, "n": version}
        prev = content["hash"] = link_hash(prev, canonical_bytes(aggregate, version, TOPIC,
                                                                 {"prev_hash": prev,
                                                                  "n": version}))
        records.append(SimpleNamespace(originator_id=aggregate, originator_version=version,
                                       topic=TOPIC, state=json.dumps(content).encode()))
    return records


def swapped(records: list, first: int) -> list:
    records = list(records)
    records[first], records[first + 1] = records[first + 1], records[first]
    return records


def test_rows_swapped_in_storage_are_reordered_not_missing():
    aggregate = str(uuid4())
    report = verify_records(swapped(chain(aggregate, 5), 2))
    assert [(b.version, b.kind) for b in report.breaks] == [(3, "reordered")]


def test_the_log_verifier_also_names_a_swap_reordered():
    aggregate = str(uuid4())
    log = LogVerifier()
    for r in swapped(chain(aggregate, 5), 2):
        log.check(digest((0, aggregate, r.originator_version, r.topic, r.state)))
    assert [(b.version, b.kind) for b in log.finish().breaks] == [(3, "reordered")]


def test_a_deleted_event_stays_missing():
    aggregate = str(uuid4())
    records = chain(aggregate, 5)
    del records[2]
    report = verify_records(records)
    assert [(b.version, b.kind) for b in report.breaks] == [(4, "missing")]


def test_a_digest_names_its_parts():
    aggregate = str(uuid4())
    r = chain(aggregate, 1)[0]
    digested = digest((0, aggregate, 1, r.topic, r.state))
    assert digested.intact and digested.version == 1 and digested.prev_hash == GENESIS
    assert digested.state is None


# --- the whole-log verifier on tampered logs, in runs, against the per-chain definition ----

AGGREGATES = [str(uuid4()) for _ in range(4)]


def forged(aggregate: str, version: int, prev: str) -> SimpleNamespace:
    """A record whose content matches its recomputed hash, chained after ``prev``."""
    content = {"prev_hash": prev, "n": -version}
    content["hash"] = link_hash(prev, canonical_bytes(aggregate, version, TOPIC, content))
    return SimpleNamespace(originator_id=aggregate, originator_version=version, topic=TOPIC,
                           state=json.dumps(content, sort_keys=True).encode())


def tamper(records: list, how: str, at: int) -> list:
    if not records:
        return records
    records, at = list(records), at % len(records)
    target = records[at]
    if how == "modify":
        records[at] = SimpleNamespace(**{**vars(target), "state": target.state.replace(
            b'"n": ', b'"n": 1')})
    elif how == "delete":
        del records[at]
    elif how == "swap" and at + 1 < len(records):
        records[at], records[at + 1] = records[at + 1], records[at]
    elif how == "forge":
        records.insert(at, forged(target.originator_id, target.originator_version, GENESIS))
    elif how == "duplicate":
        records.insert(at, target)
    elif how == "rewrite" and target.state.endswith(b"}"):  # another writer's bytes for
        records[at] = SimpleNamespace(**{**vars(target), "state": json.dumps(  # the same content
            dict(reversed(json.loads(target.state).items())), indent=2).encode()})
    elif how == "garble":
        records[at] = SimpleNamespace(**{**vars(target), "state": target.state[:-3]})
    return records


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(1, 6), min_size=1, max_size=4),
       order=st.randoms(use_true_random=False),
       tampers=st.lists(st.tuples(st.sampled_from(
           ["modify", "delete", "swap", "forge", "duplicate", "rewrite", "garble"]),
           st.integers(0, 100)), max_size=3),
       run=st.integers(1, 9))
def test_runs_of_digests_judge_a_tampered_log_as_the_definition_does(lengths, order, tampers,
                                                                     run):
    chains = [chain(aggregate, length) for aggregate, length in zip(AGGREGATES, lengths,
                                                                         strict=False)]
    records = []
    while any(chains):  # the chains interleaved in log order, each in its own order
        records.append(order.choice([c for c in chains if c]).pop(0))
    for how, at in tampers:
        records = tamper(records, how, at)
    rows = [(n, r.originator_id, r.originator_version, r.topic, r.state)
            for n, r in enumerate(records, 1)]
    one_by_one, in_runs = LogVerifier(), LogVerifier()
    for row in rows:
        one_by_one.check(digest(row))
    for start in range(0, len(rows), run):
        in_runs.check_all(digest_records(rows[start:start + run]))
    by_definition = verify_records(records)
    assert in_runs.finish() == one_by_one.finish()
    assert (in_runs.report.breaks, in_runs.report.events, in_runs.report.aggregates) == (
        by_definition.breaks, by_definition.events, by_definition.aggregates)
    if all(how == "rewrite" for how, _ in tampers):
        assert in_runs.report.ok  # other bytes for the same content break nothing
    if len(tampers) == 1 and tampers[0][0] in ("modify", "garble", "forge", "duplicate"):
        assert not in_runs.report.ok
