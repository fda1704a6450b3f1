"""The seed's history, after the demo, as its nota tells it: dates, recipients, statuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from api.cli.demo import load_demo, settled_lines, trail_lines
from domain.effective import Effective, as_moment
from tests.conftest import shared_file

UUID_TEXT = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.fixture
def seed() -> Path:
    """The seed nota from the shared folder (NOTALEDGER_TEST_SHARED), as every test that
    reads it finds it: skipped without it, except under CI, where it must be there."""
    return shared_file("seeds", "nota-2026-0000261701.md")


@pytest.fixture
def played(ledger, seed):
    note = load_demo(ledger, None, seed)
    state = ledger.note(note)
    commitments = [ledger.commitment(UUID(c)) for c in state["commitment_ids"]]
    motions = [ledger.motion(UUID(m)) for m in state["motion_ids"]]
    return note, state, commitments, motions


def test_the_letter_fulfils_six_commitments_and_leaves_kraamzorg_open(played):
    _, state, commitments, _ = played
    by_status = {c["text"][:40]: c["status"] for c in commitments}
    kraamzorg = [c for c in commitments if "kraamzorg" in c["text"]]
    assert len(kraamzorg) == 1 and kraamzorg[0]["status"] == "open"
    assert kraamzorg[0]["recipients"] == [{"name": "Moorman", "party": "PRO"}]
    assert sorted(by_status.values()) == ["fulfilled"] * 6 + ["open"]
    assert state["commitment_relations"][kraamzorg[0]["id"]] == "mentions"


def test_the_3_june_commitment_is_made_to_grinwis_and_concerns_his_held_motion(played):
    _, _, commitments, motions = played
    june = [c for c in commitments if c["debate"]["date"] == "2026-06-03"]
    assert len(june) == 1 and june[0]["status"] == "fulfilled"
    assert june[0]["recipients"] == [{"name": "Grinwis", "party": "CU"}]
    held = [m for m in motions if m["status"] == "held"]
    assert june[0]["motion_id"] == held[0]["id"]
    assert held[0]["submitters"] == [{"name": "Grinwis", "party": "CU"}]


def effective_of(ledger, aggregate, kind):
    return [Effective.parse(e["effective"]) for e in ledger.history(aggregate)
            if e["type"] == kind]


def test_the_seeds_events_are_effective_on_the_notas_dates(ledger, played):
    note, _, commitments, motions = played
    drafted, = effective_of(ledger, note, "Drafted")
    sent, = effective_of(ledger, note, "LetterSent")
    decided, = effective_of(ledger, note, "Decided")
    assert drafted.text == "2026-06-05"
    assert sent.text == "2026-W27"  # the week of 29 June - 5 July
    assert (sent.first_day(), sent.last_day()) == (date(2026, 6, 29), date(2026, 7, 5))
    assert date(2026, 6, 5) <= decided.first_day() < sent.first_day()
    for commitment in commitments:
        registered, = effective_of(ledger, UUID(commitment["id"]), "Registered")
        assert registered.text == commitment["debate"]["date"]
        fulfilled = effective_of(ledger, UUID(commitment["id"]), "Fulfilled")
        assert [f.text for f in fulfilled] == (["2026-W27"] if commitment["status"] ==
                                               "fulfilled" else [])
    for motion in motions:  # the Armut motion is dated after the nota: kept, and warned
        submitted, = effective_of(ledger, UUID(motion["id"]), "Submitted")
        assert submitted.text == motion["debate"]["date"]
    assert any("after the nota" in w for w in ledger.note(note)["source"]["warnings"])


def test_the_seed_read_as_things_stood_before_and_after_the_letter(ledger, played):
    note, _, commitments, _ = played
    fulfilled = [c for c in commitments if c["status"] == "fulfilled"][0]
    before = ledger.commitment(UUID(fulfilled["id"]), effective_at=as_moment(date(2026, 6, 20)))
    after = ledger.commitment(UUID(fulfilled["id"]), effective_at=as_moment(date(2026, 7, 6)))
    assert (before["status"], after["status"]) == ("open", "fulfilled")
    assert ledger.note(note, effective_at=as_moment(date(2026, 6, 20)))["status"] == "decided"
    assert ledger.note(note, effective_at=as_moment(date(2026, 6, 5)))["status"] == "draft"


def test_the_demos_trail_and_summary_name_no_bare_uuid(ledger, played):
    import re

    note = played[0]
    lines = trail_lines(ledger, note) + settled_lines(ledger, note)
    assert not [line for line in lines if re.search(UUID_TEXT, line)]
    assert any("Moorman (PRO)" in line and "Openstaand" in line for line in lines)
