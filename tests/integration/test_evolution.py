"""Stable topics, upcasting, snapshots and point-in-time reads."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from eventsourcing.domain import event
from eventsourcing.utils import resolve_topic

from domain.actor import Actor
from domain.base import ChainedAggregate
from domain.commitment import Commitment
from domain.errors import NotFound
from domain.motion import Motion
from domain.note import Note
from tests.integration.test_seed_story import NPLV, record_seed_story


def event_classes(aggregate: type):
    """The event classes an aggregate triggers (its abstract base ``Event`` is never stored)."""
    return {value for name, value in vars(aggregate).items()
            if isinstance(value, type) and issubclass(value, ChainedAggregate.Event)
            and name != "Event"}


@pytest.mark.parametrize("aggregate", [Note, Commitment, Motion])
def test_every_event_class_has_a_registered_stable_topic_and_a_class_version(aggregate):
    classes = event_classes(aggregate)
    assert len(classes) > 5
    for cls in classes:
        assert cls.TOPIC.startswith("notaledger.")
        assert resolve_topic(cls.TOPIC) is cls
        assert cls.class_version >= 1


class Memo(ChainedAggregate):
    TOPIC = "notaledger.test.memo:Memo"

    class Event(ChainedAggregate.Event):
        TOPIC = "notaledger.test.memo:Event"

    class Created(Event, ChainedAggregate.Created):
        TOPIC = "notaledger.test.memo:Created"

    @staticmethod
    def create_id() -> uuid.UUID:
        return uuid.uuid4()

    @event("Written", topic="notaledger.test.memo:Written")
    def __init__(self, actor: dict, text: str) -> None:
        self.text = text

    @event("Amended", topic="notaledger.test.memo:Amended")
    def amend(self, actor: dict, text: str) -> None:
        self.text = text


def test_a_newer_event_class_reads_older_events_through_its_upcaster(ledger):
    memo = Memo(actor={}, text="eerste")
    memo.amend({}, "tweede")
    ledger.save(memo)
    amended = Memo.Amended
    original_apply, stored = amended.apply, amended.class_version
    upcaster = f"upcast_v{stored}_v{stored + 1}"
    amended.class_version = stored + 1

    def upcast(state: dict) -> None:
        state["language"] = "nl"

    def apply_newer(self, aggregate) -> None:
        aggregate.text = self.text
        aggregate.language = self.language

    setattr(amended, upcaster, staticmethod(upcast))
    amended.apply = apply_newer
    try:
        loaded = ledger.repository.get(memo.id)
        assert (loaded.text, loaded.language) == ("tweede", "nl")
        assert ledger.verify(memo.id).ok, "upcasting must not touch the stored bytes"
    finally:
        amended.class_version = stored
        amended.apply = original_apply
        delattr(amended, upcaster)


def test_long_notes_are_snapshotted_and_still_continue_their_chain(durable_ledger):
    note = durable_ledger.draft_note(NPLV, reference="2026-LONG-1", title="Lang",
                                     kind="information", date="2026-06-05", from_unit="NPLV",
                                     to_official="MVRO", ministry="VRO",
                                     actively_public=False).id
    for revision in range(120):
        durable_ledger.revise_section(note, NPLV, "kern", f"revisie {revision}")
    assert list(durable_ledger.snapshots.get(note))
    state = durable_ledger.note(note)
    assert state["version"] == 121 and state["sections"]["kern"][-1] == "revisie 119"
    durable_ledger.revise_title(note, NPLV, "Langer")
    assert durable_ledger.verify(note).ok
    assert durable_ledger.verify().events == 122


def test_a_note_can_be_read_as_of_any_version_and_any_moment(ledger):
    ids = record_seed_story(ledger)
    history = ledger.history(ids["note"])
    submitted = next(e for e in history if e["type"] == "Submitted")
    at_submission = ledger.note(ids["note"], version=submitted["version"])
    assert at_submission["status"] == "submitted"
    assert at_submission["version"] == submitted["version"]
    as_of = ledger.note(ids["note"], as_of=submitted["timestamp"])
    assert as_of == at_submission
    before = history[0]["timestamp"] - timedelta(seconds=1)
    with pytest.raises(NotFound, match="existed as of"):
        ledger.note(ids["note"], as_of=before)
    assert ledger.note(ids["note"])["status"] == "published"


def test_actor_roles_are_checked():
    with pytest.raises(ValueError, match="unknown role"):
        Actor("VRO", "king")
