"""Two times on every event: when it was recorded, and when it happened (``effective``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.actor import Actor
from domain.effective import Effective, as_moment
from domain.errors import InvalidInput, NotFound
from projections.log import EventLog
from tests.integration.test_seed_story import CLERK, NPLV

DAY = dict(title="Effectief", kind="information", date="2026-06-05", from_unit="NPLV",
           to_official="MVRO", ministry="VRO", actively_public=False)


def draft(ledger, reference="2026-EFF-1", actor=NPLV):
    return ledger.draft_note(actor, reference=reference, **DAY).id


def test_an_event_is_effective_when_recorded_unless_the_command_says_otherwise(ledger):
    note = draft(ledger)
    drafted = ledger.history(note)[0]
    assert drafted["effective"] == drafted["timestamp"].isoformat()
    assert drafted["effective_reason"] == ""


def test_a_backdated_event_carries_its_effective_date_and_reason_beside_the_actor(ledger):
    actor = NPLV.at("2026-06-05", "drafted on paper before the ledger was used")
    note = draft(ledger, actor=actor)
    drafted = ledger.history(note)[0]
    assert (drafted["effective"], drafted["effective_reason"]) == (
        "2026-06-05", "drafted on paper before the ledger was used")
    assert "effective" not in drafted["actor"]
    assert ledger.verify(note).ok


def test_an_effective_time_in_the_future_is_refused(ledger):
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    with pytest.raises(InvalidInput, match="after now"):
        draft(ledger, actor=NPLV.at(tomorrow, "planned"))


def test_a_past_effective_time_needs_a_reason(ledger):
    with pytest.raises(InvalidInput, match="needs a reason"):
        draft(ledger, actor=NPLV.at("2026-06-05"))


def test_a_past_effective_time_only_where_the_command_allows_it(ledger):
    note = draft(ledger)
    with pytest.raises(InvalidInput, match="SectionRevised cannot be recorded as effective in "
                                           "the past"):
        ledger.revise_section(note, NPLV.at("2026-06-05", "late"), "kern", "tekst")


def test_a_week_is_a_valid_effective_value():
    week = Effective.parse("2026-W27")
    assert (week.first_day(), week.last_day()) == (date(2026, 6, 29), date(2026, 7, 5))
    assert not week.certainly_by(as_moment(date(2026, 7, 1)))
    assert week.certainly_by(as_moment(date(2026, 7, 5)))


@pytest.mark.parametrize("text", ["29 juni", "2026-13-01", "2026-W60", "2026-06-05T10:00:00"])
def test_an_effective_value_is_a_date_a_week_or_a_moment_with_offset(text):
    with pytest.raises(InvalidInput):
        Effective.parse(text)


def stored_as_version_1(ledger, aggregate):
    """The aggregate's first stored event as it was written before ``effective`` existed."""
    record = ledger.recorder.select_events(aggregate)[0]
    state = json.loads(record.state)
    for key in ("effective", "effective_reason", "class_version"):
        state.pop(key, None)
    return replace(record, state=json.dumps(state).encode()), state


def test_an_event_from_before_effective_time_reads_as_effective_when_recorded(ledger):
    note = draft(ledger)
    old, state = stored_as_version_1(ledger, note)
    event = ledger.mapper.to_domain_event(old)
    recorded = state["timestamp"]["_data_"]
    assert event.effective == recorded and event.effective_reason == ""


def test_the_views_read_an_old_event_as_effective_when_recorded(ledger):
    note = draft(ledger)
    old, state = stored_as_version_1(ledger, note)
    notification = replace(ledger.recorder.select_notifications(None, 1)[0], state=old.state)
    fact = EventLog(ledger).decode(notification)
    assert fact.effective == fact.at == state["timestamp"]["_data_"]


def test_as_of_reads_what_the_ledger_knew_and_effective_at_the_state_of_affairs(ledger):
    commitment = ledger.register_commitment(
        CLERK.at("2026-04-08", "made in the debate"), text="informeert de Kamer",
        minister="de minister van VRO", ministry="VRO", recipients=[], to_several_members=True,
        debate_kind="commissiedebat", debate_date="2026-04-08", deadline="voor zomer 2026").id
    ledger.set_commitment_status(commitment, CLERK.at("2026-06-30", "letter of 30 June"),
                                 "fulfilled", "fulfilled by the letter of 30 June")
    recorded = ledger.history(commitment)[0]["timestamp"]

    assert ledger.commitment(commitment, as_of=recorded)["status"] == "open"
    assert ledger.commitment(commitment, effective_at=as_moment(date(2026, 5, 1))
                             )["status"] == "open"
    assert ledger.commitment(commitment, effective_at=as_moment(date(2026, 7, 1))
                             )["status"] == "fulfilled"
    with pytest.raises(NotFound, match="effective at"):
        ledger.commitment(commitment, effective_at=as_moment(date(2026, 4, 7)))
    # known at the moment of registration, but effective in July: not yet fulfilled then
    assert ledger.commitment(commitment, as_of=recorded,
                             effective_at=as_moment(date(2026, 7, 1)))["status"] == "open"


def test_the_importer_may_place_any_event_on_the_notas_own_dates(ledger):
    importer = Actor("VRO", "importer").at("2026-06-05", "the nota's date")
    note = draft(ledger, actor=importer)
    ledger.revise_section(note, importer, "kern", "tekst")
    assert [e["effective"] for e in ledger.history(note)] == ["2026-06-05"] * 2


def test_a_commitment_fulfilled_after_its_deadline_is_fulfilled_late(ledger):
    commitment = ledger.register_commitment(
        CLERK.at("2026-04-08", "made in the debate"), text="informeert de Kamer",
        minister="de minister van VRO", ministry="VRO", recipients=[], to_several_members=True,
        debate_kind="commissiedebat", debate_date="2026-04-08", deadline="voor zomer 2026").id
    ledger.set_commitment_status(commitment, CLERK.at("2026-12-01", "late letter"),
                                 "fulfilled", "fulfilled by the letter of 1 December")
    settlement = ledger.commitment(commitment)["settlements"][-1]
    assert settlement["effective"] == "2026-12-01" and settlement["late"] is True
