"""The notes view, its inbox and its public rows, folded from real Note events."""

from __future__ import annotations

from domain.actor import Actor
from domain.note import Note
from domain.state import aggregate_state
from projections.inbox import inbox_rows
from projections.notes import NOTES
from projections.public import public_doc
from tests.unit.projection_log import Log, fold, table

DRAFTER = Actor("VRO", "drafter", key_id="k1", person_id="p-drafter")
MINISTER = Actor("VRO", "decider", person_id="p-minister")
# The aggregate stamps these with the previous event's time (modified_on is set after an
# event's body runs); the view uses each event's own time. Compared separately below.
STAMPS = {"requested_at", "answered_at", "initialled_at", "signed_at", "sent_at",
          "published_at", "modified_on"}
VIEW_ONLY = {"created_position", "modified_position", "published_position",
             "awaiting_since", "awaiting_position"}


def draft(reference: str = "2026-0000000001", **overrides) -> Note:
    fields = dict(reference=reference, title="Kamerbrief over wonen", kind="decision",
                  date="2026-06-05", from_unit="NPLV", to_official="MVRO", ministry="VRO",
                  actively_public=True, drafted_by=["p-drafter", "p-other"],
                  collaborating=["SZW"])
    return Note.draft(DRAFTER, **{**fields, **overrides})


def without(value, names: set[str]):
    """The value with every dict key in ``names`` left out, at any depth."""
    if isinstance(value, dict):
        return {k: without(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [without(v, names) for v in value]
    return value


def full_life(note: Note) -> None:
    note.revise_section(DRAFTER, "kern", "Eerste versie.")
    note.revise_section(DRAFTER, "kern", "Tweede versie.")
    note.add_advised_decision(DRAFTER, "Akkoord met de brief.")
    note.add_advised_decision(DRAFTER, "Akkoord met verzending.")
    note.add_advised_decision(DRAFTER, "Te schrappen.")
    note.remove_advised_decision(DRAFTER, 3)
    note.revise_advised_decision(DRAFTER, 2, "Akkoord met verzending in week 27.")
    note.add_attachment(DRAFTER, 2, "BRIEF")
    note.add_attachment(DRAFTER, 3, "BIJLAGE 1", "ter informatie")
    note.remove_attachment(DRAFTER, 3)
    note.request_consultation(DRAFTER, "SZW", "co_responsible", reply_by="2026-06-19")
    note.request_consultation(DRAFTER, "OCW", "consulted")
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    note.revise_title(DRAFTER, "Kamerbrief over wonen en zorg")  # reopens SZW
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed_with_remarks", "Goed.")
    note.withdraw_consultation(DRAFTER, "OCW")
    note.set_paraph_route(DRAFTER, [{"role": "head", "unit": "NPLV"},
                                    {"role": "director", "unit": "DG"}])
    note.start_review(DRAFTER)
    note.initial(Actor("VRO", "drafter", person_id="p-head"), 0)
    note.refuse_initial(Actor("VRO", "drafter", person_id="p-dir"), 1, "Eerst de cijfers.")
    note.start_review(DRAFTER)
    note.initial(Actor("VRO", "drafter", person_id="p-head"), 0)
    note.initial(Actor("VRO", "drafter"), 1)
    note.add_co_sender(DRAFTER, "de minister van SZW")
    note.add_co_sender(DRAFTER, "de staatssecretaris van OCW")
    note.remove_co_sender(DRAFTER, "de staatssecretaris van OCW")
    note.plan_letter(DRAFTER, "in de week van 29 juni")
    note.submit(DRAFTER)
    note.record_outcome(MINISTER, 1, "approved")
    note.record_outcome(MINISTER, 2, "approved_with_changes", "Week 28.")
    note.annotate(MINISTER, "Graag snel.")
    note.decide(MINISTER)
    note.sign_letter(MINISTER)
    note.send_letter(DRAFTER, "TK")
    note.register_letter(DRAFTER, "32847-1300")
    note.publish(DRAFTER)


def test_the_note_view_holds_what_the_aggregate_holds_after_a_whole_life():
    log, note = Log(), draft()
    full_life(note)
    log.record(note)
    view = table(fold(log.facts, "notes"), "notes")[str(note.id)]

    assert without(view, STAMPS | VIEW_ONLY) == without(aggregate_state(note), STAMPS)


def test_times_in_the_note_view_are_each_events_own_time():
    log, note = Log(), draft()
    full_life(note)
    facts = log.record(note)
    view = table(fold(facts, "notes"), "notes")[str(note.id)]
    at = {f.type: f.at for f in facts}

    assert view["letter"]["signed_at"] == at["LetterSigned"]
    assert view["letter"]["sent_at"] == at["LetterSent"]
    assert view["published_at"] == at["Published"]
    assert view["modified_on"] == facts[-1].at and view["version"] == note.version
    assert view["route"][1]["initialled_at"] == [f.at for f in facts
                                                 if f.type == "Initialled"][-1]


def test_returning_a_note_clears_every_outcome_and_records_why():
    log, note = Log(), draft()
    note.add_advised_decision(DRAFTER, "Akkoord.")
    note.set_paraph_route(DRAFTER, [{"role": "head", "unit": "NPLV"}])
    note.start_review(DRAFTER)
    note.initial(DRAFTER, 0)
    note.submit(DRAFTER)
    note.record_outcome(MINISTER, 1, "rejected")
    note.return_to_draft(MINISTER, "Herschrijven.")
    view = table(fold(log.record(note), "notes"), "notes")[str(note.id)]

    assert view["status"] == "returned" and view["return_reason"] == "Herschrijven."
    assert view["advised"] == [{"number": 1, "text": "Akkoord.", "outcome": None,
                                "remarks": ""}]


def test_a_note_is_listed_under_its_status_owner_and_every_organisation_it_consults():
    log, note = Log(), draft(collaborating=["FIN"])
    note.request_consultation(DRAFTER, "SZW", "consulted")
    note.request_consultation(DRAFTER, "OCW", "consulted")
    note.withdraw_consultation(DRAFTER, "OCW")
    view = table(fold(log.record(note), "notes"), "notes")[str(note.id)]
    terms, score = NOTES.index(view)

    assert {"all", "status:draft", "owner:VRO", "consulted:SZW"} <= set(terms)
    assert "consulted:OCW" not in terms
    assert {"visible:VRO", "visible:FIN", "visible:SZW"} <= set(terms)
    assert "visible:OCW" not in terms
    assert score == view["created_position"] == 1


def test_the_inbox_holds_awaited_answers_from_request_until_answer():
    log, note = Log(), draft()
    note.request_consultation(DRAFTER, "SZW", "co_responsible", reply_by="2026-06-19")
    note.request_consultation(DRAFTER, "OCW", "consulted")
    rows = fold(log.record(note), "notes")
    assert sorted(table(rows, "inbox")) == [f"OCW|{note.id}", f"SZW|{note.id}"]
    szw = table(rows, "inbox")[f"SZW|{note.id}"]
    assert (szw["due"], szw["status"], szw["round"], szw["role"]) == (
        "2026-06-19", "requested", 1, "co_responsible")

    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    rows = fold(log.record(note), "notes", rows)
    assert sorted(table(rows, "inbox")) == [f"OCW|{note.id}"]


def test_a_reopened_consultation_returns_to_the_inbox_as_waiting_since_the_change():
    log, note = Log(), draft()
    note.request_consultation(DRAFTER, "SZW", "consulted")
    note.answer_consultation(Actor("SZW", "consultee"), "SZW", "agreed")
    log.record(note)
    note.revise_section(DRAFTER, "kern", "Nieuwe tekst.")
    facts = log.record(note)
    row = table(fold(log.facts, "notes"), "inbox")[f"SZW|{note.id}"]

    reopened = [f for f in facts if f.type == "ConsultationReopened"][0]
    assert (row["status"], row["round"]) == ("reopened", 2)
    assert (row["awaiting_since"], row["awaiting_position"]) == (reopened.at, reopened.position)


def test_nothing_waits_in_an_inbox_once_the_note_is_decided_or_withdrawn():
    note = draft()
    note.request_consultation(DRAFTER, "OCW", "consulted")
    state = table(fold(Log().record(note), "notes"), "notes")[str(note.id)]

    assert inbox_rows(state) != {}
    assert inbox_rows({**state, "status": "decided"}) == {}
    assert inbox_rows({**state, "status": "withdrawn"}) == {}


def test_only_a_published_note_has_a_public_row_and_it_leaves_internal_matters_out():
    log, note = Log(), draft()
    full_life(note)
    facts = log.record(note)
    before_publication = fold(facts[:-1], "notes")
    rows = fold(facts, "notes")

    assert table(before_publication, "public") == {}
    public = table(rows, "public")[str(note.id)]
    assert public["sections"] == {"kern": "Tweede versie."}
    assert public["advised"][1] == {"number": 2, "text": "Akkoord met verzending in week 27.",
                                    "outcome": "approved_with_changes"}
    assert public["consultations"] == [{"organisation": "SZW", "role": "co_responsible",
                                        "outcome": "agreed_with_remarks"}]
    assert "annotations" not in public and "remarks" not in str(public["advised"])
    assert public["decided_by"] == "p-minister" and public["drafted_by"] == ["p-drafter",
                                                                              "p-other"]


def test_the_public_row_follows_the_note_after_publication():
    note = draft()
    state = table(fold(Log().record(note), "notes"), "notes")[str(note.id)]
    published = {**state, "status": "published", "published_at": "2026-07-01T10:00:00+00:00",
                 "published_position": 9, "letter": {"parliament_number": "32847-1"}}

    assert public_doc(state) is None
    assert public_doc(published)["letter"] == {"parliament_number": "32847-1"}
