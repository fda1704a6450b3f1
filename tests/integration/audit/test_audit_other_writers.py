"""Rows stored by another writer (keys in another order, whitespace, unicode escapes): the
whole-log verification, which reads the store's own rows by a fast path, judges them exactly
as the chain's definition does, and as the per-chain verifier does."""

from __future__ import annotations

import json

import pytest

from tests.integration.audit.rows import Rows

WRITERS = (
    lambda content: json.dumps(content).encode(),  # ", " and ": ", every non-ASCII as \\uXXXX
    lambda content: json.dumps(dict(reversed(list(content.items()))), ensure_ascii=False,
                               separators=(",", ":")).encode(),
    lambda content: json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False).encode(),
)


@pytest.fixture
def rewritten(durable_audited):
    """The seed story under a signed checkpoint, every row then stored again by another
    writer: the same content and hash in other bytes."""
    durable_audited.audit.checkpoint()
    rows = Rows(durable_audited.settings)
    every = rows.all()
    for number, (_, aggregate, version, _, state) in enumerate(every):
        rows.set_state(aggregate, version, WRITERS[number % len(WRITERS)](json.loads(state)))
    assert all(new[4] != old[4] for new, old in zip(rows.all(), every, strict=True))
    yield durable_audited, rows
    rows.close()


CHANGES = (
    lambda content: content.update(title="Een andere nota"),
    lambda content: content["actor"].update(organisation="AZ"),
    lambda content: content.update(extra=1.0),
)


def test_rows_stored_by_another_writer_verify_and_fail_as_ours_do(rewritten):
    audited, rows = rewritten
    verifier = audited.signer.verifier()
    report = audited.audit.verify(verifier)
    assert report.ok, report.breaks
    assert (report.checkpoints, report.tree_size) == (1, report.events)
    assert audited.ledger.verify().ok
    assert audited.audit.verify_aggregate(audited.ids["note"], verifier).ok

    _, aggregate, version, _, state = next(r for r in rows.all()
                                           if r[1] == str(audited.ids["note"]) and r[2] == 1)
    for change in CHANGES:
        content = json.loads(state)
        change(content)
        rows.set_state(aggregate, version, json.dumps(content, ensure_ascii=True).encode())
        expected = [(aggregate, 1, "modified")]
        assert [(b.aggregate_id, b.version, b.kind)
                for b in audited.audit.verify(verifier).breaks] == expected
        assert [(b.aggregate_id, b.version, b.kind)
                for b in audited.ledger.verify().breaks] == expected
    rows.set_state(aggregate, version, state)
    assert audited.audit.verify(verifier).ok
