"""The advice the minister decides on is dated with the decision: entered after the fact,
an advised decision may be effective in the past (with its reason), so a replay of how
things stood then reaches the decision instead of stopping before the advice."""

from __future__ import annotations

from datetime import date

import pytest

from domain.effective import as_moment
from domain.errors import InvalidInput
from tests.integration.test_seed_story import MVRO, NPLV

WHY = "vastgelegd na afloop, volgens het dossier"
FIELDS = dict(title="Advies", kind="decision", date="2026-04-20", from_unit="NPLV",
              to_official="MVRO", ministry="VRO", actively_public=False)


def on(actor, day: str):
    return actor.at(day, WHY)


def decided_on_10_june(ledger, advice_on: str | None = "2026-04-20"):
    """A note drafted 20 April, its advice of the same day, decided on 10 June."""
    note = ledger.draft_note(on(NPLV, "2026-04-20"), reference="2026-ADV-1", **FIELDS).id
    ledger.add_advised_decision(note, on(NPLV, advice_on) if advice_on else NPLV,
                                "Akkoord met de Kamerbrief.")
    ledger.set_paraph_route(note, on(NPLV, "2026-04-21"), [{"role": "head", "unit": "NPLV"}])
    ledger.start_review(note, on(NPLV, "2026-04-21"))
    ledger.initial(note, on(NPLV, "2026-04-22"), 0)
    ledger.submit_note(note, on(NPLV, "2026-04-23"))
    ledger.record_outcome(note, on(MVRO, "2026-06-10"), 1, "approved")
    ledger.decide_note(note, on(MVRO, "2026-06-10"))
    return note


def test_an_advised_decision_may_be_effective_in_the_past_with_its_reason(ledger):
    note = decided_on_10_june(ledger)
    added = ledger.history(note)[1]
    assert added["type"] == "AdvisedDecisionAdded"
    assert (added["effective"], added["effective_reason"]) == ("2026-04-20", WHY)
    assert ledger.verify(note).ok


def test_a_backdated_advised_decision_needs_a_reason(ledger):
    note = ledger.draft_note(NPLV, reference="2026-ADV-2", **FIELDS).id
    with pytest.raises(InvalidInput, match="needs a reason"):
        ledger.add_advised_decision(note, NPLV.at("2026-04-20"), "Akkoord.")


def test_revising_and_removing_advice_may_be_dated_too(ledger):
    note = ledger.draft_note(on(NPLV, "2026-04-20"), reference="2026-ADV-3", **FIELDS).id
    ledger.add_advised_decision(note, on(NPLV, "2026-04-20"), "Akkoord.")
    ledger.add_advised_decision(note, on(NPLV, "2026-04-20"), "Te schrappen.")
    ledger.revise_advised_decision(note, on(NPLV, "2026-04-21"), 1, "Akkoord met de brief.")
    ledger.remove_advised_decision(note, on(NPLV, "2026-04-21"), 2)
    assert [e["effective"] for e in ledger.history(note)] == [
        "2026-04-20", "2026-04-20", "2026-04-20", "2026-04-21", "2026-04-21"]
    assert [(a["number"], a["text"]) for a in ledger.note(note)["advised"]] == [
        (1, "Akkoord met de brief.")]


def test_a_consultation_reopened_by_dated_advice_is_reopened_on_that_day(ledger):
    note = ledger.draft_note(on(NPLV, "2026-04-20"), reference="2026-ADV-4", **FIELDS).id
    ledger.request_consultation(note, on(NPLV, "2026-04-20"), "SZW", "consulted")
    szw = NPLV.__class__("SZW", "consultee", key_id="k-szw")
    ledger.answer_consultation(note, on(szw, "2026-04-22"), "SZW", "agreed")
    ledger.add_advised_decision(note, on(NPLV, "2026-04-23"), "Akkoord.")
    reopened = ledger.history(note)[-1]
    assert reopened["type"] == "ConsultationReopened"
    assert (reopened["effective"], reopened["effective_reason"]) == ("2026-04-23", WHY)


def test_a_replay_of_15_june_reaches_the_decision_when_the_advice_is_dated(ledger):
    note = decided_on_10_june(ledger)
    then = ledger.note(note, effective_at=as_moment(date(2026, 6, 15)))
    assert (then["status"], then["advised"][0]["outcome"]) == ("decided", "approved")
    before = ledger.note(note, effective_at=as_moment(date(2026, 4, 22)))
    assert (before["status"], before["version"]) == ("in_review", 5)


def test_advice_recorded_as_of_today_still_stops_the_replay_before_it(ledger):
    note = decided_on_10_june(ledger, advice_on=None)
    then = ledger.note(note, effective_at=as_moment(date(2026, 6, 15)))
    assert (then["status"], then["version"], then["advised"]) == ("draft", 1, [])
