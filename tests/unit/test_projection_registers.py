"""The commitments and motions registers, folded from real events, and their questions."""

from __future__ import annotations

from datetime import date

import pytest

from domain.actor import Actor
from domain.commitment import Commitment
from domain.errors import InvalidInput
from domain.motion import Motion
from domain.state import aggregate_state
from projections.commitments import COMMITMENTS, NO_DEADLINE
from projections.motions import MOTIONS
from projections.queries import CommitmentQuery, MotionQuery, Paging, is_overdue
from tests.unit.projection_log import Log, fold, table

CLERK = Actor("VRO", "registrar", person_id="p-clerk")


def commitment(text: str = "informeert de Kamer", deadline: str = "voor zomer 2026",
               ministry: str = "VRO") -> Commitment:
    return Commitment.register(
        CLERK, text=text, minister="de minister van VRO", ministry=ministry,
        recipients=[{"name": "Van Asten", "party": "D66"}], debate_kind="commissiedebat",
        debate_date="2026-04-08", debate_title="Leefbaarheid", deadline=deadline)


def motion(case: str, held: bool = False) -> Motion:
    made = Motion.submit(CLERK, text=f"verzoekt de regering {case}",
                         submitters=[{"name": "Grinwis", "party": "CU"}],
                         debate_kind="tweeminutendebat", debate_date="2026-06-03",
                         case_number=case, ministry="VRO")
    if held:
        made.hold(CLERK)
    return made


def test_the_commitment_view_holds_what_the_aggregate_holds():
    made = commitment()
    made.change_deadline(CLERK, "Q3 2026", "meer tijd nodig")
    made.fulfil_partially(CLERK, "eerste deel in brief")
    made.set_status(CLERK, "open", "toch niet voldaan")
    made.lapse(CLERK, "kabinet gevallen")
    view = table(fold(Log().record(made), "commitments"), "commitments")[str(made.id)]
    state = aggregate_state(made)

    for field in ("text", "minister", "ministry", "recipients", "debate", "deadline",
                  "status", "settlements", "version", "chain_head", "note_ids"):
        assert view[field] == state[field], field


def test_a_commitment_is_indexed_by_status_ministry_member_party_and_as_unsettled():
    made = commitment()
    view = table(fold(Log().record(made), "commitments"), "commitments")[str(made.id)]
    terms, score = COMMITMENTS.index(view)

    assert {"status:open", "ministry:VRO", "member:van asten", "party:d66", "unsettled",
            "unsettled_in:VRO"} <= set(terms)
    assert score == date.fromisoformat(view["deadline"]["end"]).toordinal()


def test_a_commitment_without_a_readable_deadline_sorts_after_every_dated_one():
    made = commitment(deadline="zo snel mogelijk")
    view = table(fold(Log().record(made), "commitments"), "commitments")[str(made.id)]

    assert COMMITMENTS.index(view)[1] == NO_DEADLINE


def test_overdue_means_the_interval_has_ended_and_the_commitment_is_unsettled():
    made = commitment(deadline="voor zomer 2026")
    view = table(fold(Log().record(made), "commitments"), "commitments")[str(made.id)]
    last_day = date.fromisoformat(view["deadline"]["end"])
    after = date.fromordinal(last_day.toordinal() + 1)

    assert not is_overdue(view, last_day)
    assert is_overdue(view, after)
    assert is_overdue({**view, "status": "partially_fulfilled"}, after)
    assert not is_overdue({**view, "status": "fulfilled"}, after)
    assert not is_overdue({**view, "status": "lapsed"}, after)
    assert not is_overdue({**view, "deadline": {"text": "ooit", "start": None, "end": None}},
                          date(2030, 1, 1))


def test_settled_commitments_leave_the_unsettled_index():
    made = commitment()
    made.lapse(CLERK, "vervallen")
    view = table(fold(Log().record(made), "commitments"), "commitments")[str(made.id)]

    assert "unsettled" not in COMMITMENTS.index(view)[0]


def test_the_overdue_question_asks_for_unsettled_commitments_ending_before_today():
    plan = CommitmentQuery(ministry="vro", overdue=True).plan(date(2026, 6, 1))

    assert set(plan.terms) == {"ministry:VRO", "unsettled"}
    assert plan.low is None and plan.high == date(2026, 5, 31).toordinal()


def test_due_within_days_asks_for_unsettled_commitments_ending_from_today_on():
    plan = CommitmentQuery(due_within_days=30).plan(date(2026, 6, 1))

    assert plan.terms == ("unsettled",)
    assert (plan.low, plan.high) == (date(2026, 6, 1).toordinal(),
                                     date(2026, 7, 1).toordinal())


def test_a_debate_question_matches_kind_title_or_date_in_any_case():
    plan = CommitmentQuery(debate="leefbaar").plan(date(2026, 6, 1))
    doc = {"debate": {"kind": "commissiedebat", "title": "Leefbaarheid", "date": "2026-04-08"},
           "status": "open", "deadline": {"end": None}}

    assert plan.where(doc)
    assert not plan.where({**doc, "debate": {**doc["debate"], "title": "Zorg"}})


@pytest.mark.parametrize("query", [
    lambda: CommitmentQuery(status="done").plan(date(2026, 1, 1)),
    lambda: CommitmentQuery(due_within_days=-1).plan(date(2026, 1, 1)),
    lambda: MotionQuery(status="aangenomen").plan(),
    lambda: Paging(limit=0),
    lambda: Paging(offset=-5),
    lambda: CommitmentQuery(ministry="not a ministry!").plan(date(2026, 1, 1)),
])
def test_bad_questions_are_refused_with_a_clear_reason(query):
    with pytest.raises(InvalidInput):
        query()


def test_held_motions_come_first_then_the_newest():
    log = Log()
    first, held, last = motion("36000-1"), motion("36000-2", held=True), motion("36000-3")
    log.record(first, held, last)
    rows = table(fold(log.facts, "motions"), "motions")
    order = sorted(rows, key=lambda key: (MOTIONS.index(rows[key])[1], key))

    assert order == [str(held.id), str(last.id), str(first.id)]


def test_the_motion_view_follows_appraisal_take_over_and_execution_report():
    made = motion("36000-9")
    made.appraise(CLERK, "overgenomen", "past in beleid")
    made.take_over(CLERK, "de minister van VRO")
    made.report_execution(CLERK, made.id, "2026-0000000001", "TK")
    view = table(fold(Log().record(made), "motions"), "motions")[str(made.id)]

    assert (view["status"], view["appraisal"], view["taken_over_by"]) == (
        "taken_over", "overgenomen", "de minister van VRO")
    assert view["history"] == ["submitted", "taken_over"]
    assert view["execution_reports"] == [{"note_id": str(made.id),
                                          "reference": "2026-0000000001", "chamber": "TK"}]
    assert {"status:taken_over", "member:grinwis", "party:cu",
            "ministry:VRO"} <= set(MOTIONS.index(view)[0])


def test_a_vote_records_its_date():
    made = motion("36000-10")
    made.record_vote(CLERK, adopted=True, vote_date="2026-06-10")
    view = table(fold(Log().record(made), "motions"), "motions")[str(made.id)]

    assert (view["status"], view["vote_date"]) == ("adopted", "2026-06-10")
