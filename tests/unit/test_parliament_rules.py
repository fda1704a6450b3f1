"""Commitments and motions: their lifecycles and refusals."""

from __future__ import annotations

import pytest

from domain.actor import Actor
from domain.commitment import Commitment
from domain.errors import IllegalTransition, InvalidInput
from domain.motion import Motion

CLERK = Actor("VRO", "registrar")


def commitment(**overrides) -> Commitment:
    fields = dict(text="informeert de Kamer", minister="de minister van VRO", ministry="VRO",
                  recipients=[{"name": "Moorman", "party": "PRO"}],
                  debate_kind="commissiedebat", debate_date="2026-04-08",
                  debate_title="Leefbaarheid en Veiligheid", deadline="voor zomer 2026")
    return Commitment.register(CLERK, **{**fields, **overrides})


def motion(**overrides) -> Motion:
    fields = dict(text="verzoekt de regering", submitters=[{"name": "Grinwis", "party": "CU"}],
                  debate_kind="tweeminutendebat", debate_date="2026-06-03",
                  case_number="36600-VII-42")
    return Motion.submit(CLERK, **{**fields, **overrides})


def test_a_commitment_keeps_the_literal_deadline_and_its_interval():
    made = commitment()
    assert made.deadline["text"] == "voor zomer 2026"
    assert made.deadline["start"] == "2026-04-08" and made.deadline["end"] < "2026-07-10"


def test_an_unparseable_deadline_is_kept_and_never_fails_the_command():
    made = commitment(deadline="zodra de evaluatie er is")
    assert made.deadline == {"text": "zodra de evaluatie er is", "start": None, "end": None}


def test_the_same_commitment_gets_the_same_id_so_a_retry_cannot_duplicate_it():
    assert commitment().id == commitment().id
    assert commitment().id != commitment(text="iets anders").id


def test_a_fulfilled_commitment_cannot_lapse_but_the_clerk_can_correct_it():
    made = commitment()
    made.fulfil_partially(CLERK, "deels beantwoord")
    made.lapse(CLERK, "vervallen na verkiezingen")
    with pytest.raises(IllegalTransition, match="it is lapsed"):
        made.fulfil_partially(CLERK, "alsnog")
    made.set_status(CLERK, "open", "ten onrechte vervallen verklaard")
    assert made.status == "open"


def test_a_member_needs_a_name_or_a_party_and_an_unknown_one_stays_empty():
    with pytest.raises(InvalidInput, match="member party"):
        commitment(recipients=[{"name": "", "party": None}])
    made = commitment(recipients=[{"name": "Moorman"}, {"party": "JA21"}])
    assert made.recipients == [{"name": "Moorman", "party": ""}, {"name": "", "party": "JA21"}]


def test_a_held_motion_can_be_resubmitted_and_adopted_then_executed():
    held = motion()
    held.hold(CLERK)
    with pytest.raises(IllegalTransition, match="it is held, not submitted"):
        held.record_vote(CLERK, adopted=True)
    held.resubmit(CLERK)
    held.record_vote(CLERK, adopted=True, vote_date="2026-06-10")
    assert held.status == "adopted"
    assert held.history == ["submitted", "held", "submitted", "adopted"]


def test_only_adopted_or_taken_over_motions_get_an_execution_report():
    rejected = motion()
    rejected.record_vote(CLERK, adopted=False)
    with pytest.raises(IllegalTransition, match="report its execution"):
        rejected.report_execution(CLERK, rejected.id, "2026-0000261701", "TK")


def test_a_motion_needs_a_submitter():
    with pytest.raises(InvalidInput, match="at least one submitter"):
        motion(submitters=[])


def test_motion_ids_follow_the_case_number():
    assert motion().id == motion(text="andere tekst").id
