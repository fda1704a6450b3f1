"""The chain verifiers on records made here: swapped rows are named as such."""

from __future__ import annotations

import json
from types import SimpleNamespace
from uuid import uuid4

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.chains import verify_records
from domain.audit.verify import LogVerifier, digest

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
