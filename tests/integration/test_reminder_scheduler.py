"""The reminder scheduler in the projection runner: each reminder recorded once, with two
runners at work and a restart in between, on SQLite and on PostgreSQL."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date

import pytest

from domain.actor import Actor
from domain.reminders import DEFAULTS, SYSTEM
from projections.queries import InboxQuery
from projections.reminders import Scheduler
from projections.runner import Runner
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import make_view_store

DRAFTER = Actor("VRO", "drafter", person_id="p-1")
REGISTRAR = Actor("VRO", "registrar")
NOTE = dict(reference="2026-REMIND-1", title="Nota", kind="decision", date="2026-11-30",
            from_unit="NPLV", to_official="MVRO", ministry="VRO", actively_public=False)
REMINDERS = ("ConsultationReplyDue", "ConsultationOverdue", "CommitmentDueSoon",
             "CommitmentOverdue")


class Clock:
    """The day the schedulers believe it is, moved by the test."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def views(durable_store, tmp_path):
    """As installed: SQLite views beside a SQLite log, Redis views beside PostgreSQL."""
    kind = "sqlite" if durable_store["NOTALEDGER_STORE"] == "sqlite" else "redis"
    store, dispose = make_view_store(kind, tmp_path)
    yield store
    dispose()


def recorded(ledger, *ids) -> Counter:
    return Counter(e["type"] for i in ids for e in ledger.history(i) if e["type"] in REMINDERS)


def runners(settings: dict, views, clock: Clock) -> list[tuple]:
    """Two runners, each with a ledger of its own (two workers), following the same log."""
    made = []
    for _ in range(2):
        ledger = make_ledger(settings)
        scheduler = Scheduler(ledger.remind, views, DEFAULTS, today=clock, interval=0.02)
        made.append((ledger, Runner(ledger, views, poll_interval=0.01,
                                    scheduler=scheduler).start()))
    return made


def stop(made: list[tuple]) -> None:
    for ledger, runner in made:
        runner.stop()
        runner.join(timeout=10)
        ledger.close()


def wait_for(expected: Counter, ledger, *ids, timeout: float = 15.0) -> Counter:
    deadline = time.monotonic() + timeout
    while (found := recorded(ledger, *ids)) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_each_reminder_is_recorded_once_by_two_runners_across_a_restart(durable_store, views):
    ledger = make_ledger(durable_store)
    note = ledger.draft_note(DRAFTER, **NOTE).id
    ledger.request_consultation(note, DRAFTER, "SZW", "co_responsible", "2027-01-20")
    ledger.request_consultation(note, DRAFTER, "OCW", "consulted", "2027-01-20")
    ledger.answer_consultation(note, Actor("OCW", "consultee"), "OCW", "agreed")
    commitment = ledger.register_commitment(
        REGISTRAR, text="De minister stuurt de Kamer een brief", minister="MVRO",
        ministry="VRO", recipients=[{"name": "Lid", "party": "X"}],
        debate_kind="commissiedebat", debate_date="2026-11-01",
        deadline="voor 1 februari 2027").id
    clock = Clock(date(2027, 1, 18))  # reply due (Wed 20th, two working days) and due soon
    first = runners(durable_store, views, clock)
    try:
        once = Counter({"ConsultationReplyDue": 1, "CommitmentDueSoon": 1})
        assert wait_for(once, ledger, note, commitment) == once
        time.sleep(0.3)  # both schedulers look again, more than once
        assert recorded(ledger, note, commitment) == once
    finally:
        stop(first)

    second = runners(durable_store, views, clock)  # restarted, on the same day
    try:
        time.sleep(0.3)
        assert recorded(ledger, note, commitment) == once
        clock.day = date(2027, 2, 1)  # both deadlines have passed
        every = Counter(dict.fromkeys(REMINDERS, 1))
        assert wait_for(every, ledger, note, commitment) == every
        time.sleep(0.3)
        assert recorded(ledger, note, commitment) == every
        state = ledger.note(note)
        assert state["status"] == "draft"
        assert state["consultations"]["SZW"]["status"] == "requested"
        assert "reminders" not in state["consultations"]["OCW"]  # answered: not reminded
        assert ledger.commitment(commitment)["status"] == "open"
        runner = second[0][1]
        assert runner.wait_until(ledger.recorder.max_notification_id(), timeout=10)
        shown = views.note(str(note))["consultations"]["SZW"]["reminders"]
        assert [r["kind"] for r in shown] == ["ConsultationReplyDue", "ConsultationOverdue"]
        (awaited,) = views.inbox(InboxQuery("SZW"), clock.day).items
        assert (awaited["reply_by"], awaited["reminders"]) == ("2027-01-20", shown)
        assert [r["kind"] for r in views.commitment(str(commitment))["reminders"]] == [
            "CommitmentDueSoon", "CommitmentOverdue"]
    finally:
        stop(second)
        ledger.close()


def test_of_two_schedulers_that_read_the_same_version_only_one_records(durable_store):
    first, second = make_ledger(durable_store), make_ledger(durable_store)
    note = first.draft_note(DRAFTER, **NOTE).id
    first.request_consultation(note, DRAFTER, "SZW", "co_responsible", "2027-01-20")
    load = second.repository.get

    def load_then_lose_the_race(aggregate_id, **kwargs):
        aggregate = load(aggregate_id, **kwargs)
        assert first.remind(note, date(2027, 1, 18)) is not None  # the other one saves first
        return aggregate

    second.repository.get = load_then_lose_the_race
    try:
        assert second.remind(note, date(2027, 1, 18)) is None
        assert recorded(first, note) == Counter({"ConsultationReplyDue": 1})
        assert [e["actor"] for e in first.history(note)][-1] == SYSTEM.to_dict()
    finally:
        first.close()
        second.close()
