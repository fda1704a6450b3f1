"""The Note's rules, each refusal with a message a user can act on."""

from __future__ import annotations

import pytest

from domain.actor import Actor
from domain.errors import IllegalTransition, InvalidInput, NotFound, OtherOrganisation
from domain.note import Note

DRAFTER = Actor("VRO", "drafter", person_id="p-1")
DECIDER = Actor("VRO", "decider")


def draft(**overrides) -> Note:
    fields = dict(reference="2026-0000261701", title="Kamerbrief", kind="decision",
                  date="2026-06-05", from_unit="NPLV", to_official="MVRO", ministry="VRO",
                  actively_public=True)
    return Note.draft(DRAFTER, **{**fields, **overrides})


def reviewed(note: Note) -> Note:
    note.set_paraph_route(DRAFTER, [{"role": "head of unit", "unit": "NPLV"}])
    note.start_review(DRAFTER)
    note.initial(DRAFTER, 0)
    return note


def test_submitting_with_an_unanswered_co_responsible_consultation_names_it():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    note.request_consultation(DRAFTER, "VWS", "co_responsible")
    reviewed(note)
    with pytest.raises(IllegalTransition) as refused:
        note.submit(DRAFTER)
    assert str(refused.value) == ("cannot submit note 2026-0000261701: consultation with VWS "
                                  "(co_responsible) is unanswered")


def test_an_unanswered_consulted_party_does_not_block_submission():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    note.request_consultation(DRAFTER, "gebieden", "consulted")
    reviewed(note).submit(DRAFTER)
    assert note.status == "submitted"


def test_submitting_before_the_paraph_route_is_complete_is_refused():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    note.set_paraph_route(DRAFTER, [{"role": "head", "unit": "NPLV"},
                                    {"role": "director", "unit": "DGVRO"}])
    note.start_review(DRAFTER)
    note.initial(DRAFTER, 0)
    with pytest.raises(IllegalTransition, match="step 1 of the paraph route"):
        note.submit(DRAFTER)


def test_initials_follow_the_order_of_the_route():
    note = draft()
    note.set_paraph_route(DRAFTER, [{"role": "head", "unit": "NPLV"},
                                    {"role": "director", "unit": "DGVRO"}])
    note.start_review(DRAFTER)
    with pytest.raises(IllegalTransition, match="step 0 \\(head\\) comes first"):
        note.initial(DRAFTER, 1)


def test_a_refused_initial_returns_the_note_to_draft_and_it_can_change_again():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    note.set_paraph_route(DRAFTER, [{"role": "head", "unit": "NPLV"}])
    note.start_review(DRAFTER)
    with pytest.raises(IllegalTransition, match="only a draft can change"):
        note.revise_section(DRAFTER, "kern", "nieuw")
    note.refuse_initial(DRAFTER, 0, "kern onduidelijk")
    assert (note.status, note.return_reason) == ("returned", "kern onduidelijk")
    note.revise_section(DRAFTER, "kern", "verduidelijkt")
    note.start_review(DRAFTER)
    assert note.next_step == 0


def test_a_text_change_after_an_answer_reopens_that_consultation_only():
    note = draft()
    note.request_consultation(DRAFTER, "SZW", "co_responsible")
    note.request_consultation(DRAFTER, "OCW", "consulted")
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    note.revise_section(DRAFTER, "kern", "gewijzigde kern")
    assert note.consultations["SZW"]["status"] == "reopened"
    assert note.consultations["SZW"]["round"] == 2
    assert note.consultations["OCW"]["status"] == "requested"
    assert type(note.pending_events[-1]).__name__ == "ConsultationReopened"


def test_a_consultee_cannot_answer_for_another_ministry():
    note = draft()
    note.request_consultation(DRAFTER, "SZW", "co_responsible")
    note.request_consultation(DRAFTER, "OCW", "consulted")
    with pytest.raises(OtherOrganisation, match="OCW cannot answer for SZW"):
        note.answer_consultation(Actor("OCW", "consultee"), "SZW", "agreed")


def test_an_organisation_that_is_no_party_does_not_learn_the_note_exists():
    note = draft()
    note.request_consultation(DRAFTER, "SZW", "co_responsible")
    for command in (lambda n, a: n.answer_consultation(a, "SZW", "agreed"),
                    lambda n, a: n.revise_title(a, "Andere titel")):
        with pytest.raises(NotFound, match="no note 2026-0000261701"):
            command(note, Actor("OCW", "consultee"))


def test_a_party_other_than_the_owner_may_not_change_the_note():
    note = draft(collaborating=["OCW"])
    note.request_consultation(DRAFTER, "SZW", "consulted")
    for party in ("SZW", "OCW"):
        with pytest.raises(OtherOrganisation, match="only VRO, which owns note "
                                                    "2026-0000261701, can revise its title"):
            note.revise_title(Actor(party, "drafter"), "Andere titel")
    assert note.title == "Kamerbrief"


def test_a_withdrawn_consultation_makes_no_party():
    note = draft()
    note.request_consultation(DRAFTER, "SZW", "consulted")
    note.withdraw_consultation(DRAFTER, "SZW")
    with pytest.raises(NotFound):
        note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")


def test_a_note_is_drafted_for_the_drafters_own_ministry_only():
    with pytest.raises(OtherOrganisation, match="VRO cannot act for OCW"):
        draft(ministry="OCW")


def test_j_and_v_is_accepted_as_jenv():
    note = draft()
    note.request_consultation(DRAFTER, "J&V", "consulted")
    note.answer_consultation(Actor("JenV", "consultee"), "J&V", "agreed")
    assert note.consultations["JenV"]["status"] == "answered"


def test_agreeing_with_remarks_needs_remarks():
    note = draft()
    note.request_consultation(DRAFTER, "SZW", "consulted")
    with pytest.raises(InvalidInput, match="needs remarks"):
        note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed_with_remarks")


def test_deciding_needs_an_outcome_on_every_advised_decision():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord met de brief.")
    note.add_advised_decision(DRAFTER, "Akkoord met verzending.")
    reviewed(note).submit(DRAFTER)
    note.record_outcome(DECIDER, 1, "approved")
    with pytest.raises(IllegalTransition, match="advised decision 2 has no outcome"):
        note.decide(DECIDER)
    note.record_outcome(DECIDER, 2, "approved_with_changes", "week later")
    note.decide(DECIDER)
    assert note.status == "decided"


def test_the_letter_cannot_be_sent_before_the_decision_nor_unsigned():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    with pytest.raises(IllegalTransition, match="it is draft, not decided"):
        note.send_letter(DRAFTER, "TK")
    reviewed(note).submit(DRAFTER)
    note.record_outcome(DECIDER, 1, "approved")
    note.decide(DECIDER)
    with pytest.raises(IllegalTransition, match="not signed"):
        note.send_letter(DRAFTER, "TK")


def test_a_note_that_is_not_actively_public_cannot_be_published():
    note = draft(actively_public=False)
    with pytest.raises(IllegalTransition, match="not marked actively public"):
        note.publish(DRAFTER)


def test_attachment_numbers_are_unique_per_note():
    note = draft()
    note.add_attachment(DRAFTER, 2, "BRIEF")
    with pytest.raises(InvalidInput, match="already has attachment 2"):
        note.add_attachment(DRAFTER, 2, "BIJLAGE 1")


def test_unknown_items_are_not_found():
    note = draft()
    with pytest.raises(NotFound, match="no advised decision 9"):
        note.revise_advised_decision(DRAFTER, 9, "x")
    co_author = draft(collaborating=["SZW"])  # a party, but never consulted
    with pytest.raises(NotFound, match="no consultation with SZW"):
        co_author.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")


@pytest.mark.parametrize("field, value, message", [
    ("reference", "", "is not a note reference"),
    ("kind", "gossip", "kind 'gossip' must be one of"),
    ("date", "5 juni", "is not a date as YYYY-MM-DD"),
    ("title", "   ", "title must be a non-empty text"),
    ("ministry", "not a ministry!", "is not an organisation code"),
])
def test_bad_drafting_input_is_refused_with_the_field_named(field, value, message):
    with pytest.raises(InvalidInput, match=message):
        draft(**{field: value})


def test_withdrawn_notes_refuse_further_work():
    note = draft()
    note.withdraw(DRAFTER, "vervallen")
    with pytest.raises(IllegalTransition, match="it is withdrawn"):
        note.withdraw(DRAFTER, "nogmaals")
    with pytest.raises(IllegalTransition, match="only a draft can change"):
        note.add_advised_decision(DRAFTER, "x")


def test_every_event_records_its_actor_and_links_to_the_previous_hash():
    note = draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    first, second = note.pending_events
    assert first.actor == {"organisation": "VRO", "role": "drafter", "key_id": None,
                           "person_id": "p-1"}
    assert second.prev_hash == first.hash != second.hash
    assert first.prev_hash == "0" * 64
    assert first.timestamp.utcoffset().total_seconds() == 0


def test_a_refusal_names_what_was_refused_and_why_apart():
    with pytest.raises(IllegalTransition) as refused:
        draft().submit(DRAFTER)
    assert refused.value.action == "submit note 2026-0000261701 for decision"
    assert refused.value.why == "it is draft, not through its paraph route"
    assert str(refused.value) == f"cannot {refused.value.action}: {refused.value.why}"
