"""Verification split over processes finds exactly what the single process finds."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from domain.audit import verify as audit_verify
from tests.integration.audit.rows import Rows


@pytest.fixture
def pool(monkeypatch):
    monkeypatch.setattr(audit_verify, "SPAN", 7)  # many small spans, many boundaries
    with ProcessPoolExecutor(2) as executor:
        yield executor


def summary(report) -> tuple:
    return (report.ok, report.events, report.aggregates, report.checkpoints,
            [(b.aggregate_id, b.version, b.kind) for b in report.breaks])


def test_parallel_verification_agrees_with_the_single_process(durable_audited, pool):
    audited = durable_audited
    audited.audit.checkpoint()
    verifier = audited.signer.verifier()
    assert audited.audit.parallel
    alone = audited.audit.verify(verifier)
    assert alone.ok and summary(audited.audit.verify(verifier, executor=pool)) == summary(alone)

    rows = Rows(audited.settings)
    note = str(audited.ids["note"])
    rows.delete(note, 12)
    rows.rewrite(str(audited.ids["held"]), 1, lambda c: c.update(text="iets anders"))
    rows.close()
    alone = audited.audit.verify(verifier)
    assert {b.kind for b in alone.breaks} == {"missing", "rewritten"}
    assert summary(audited.audit.verify(verifier, executor=pool)) == summary(alone)
