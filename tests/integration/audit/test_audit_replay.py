"""Replaying a note as of any moment equals what was shown at that moment."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from eventsourcing.utils import get_topic

from domain.errors import NotFound
from projections.facts import fact_from_event
from projections.notes import fold_note
from tests.integration.test_seed_story import record_seed_story


class Watching:
    """The ledger, with the note's current state captured after every command."""

    def __init__(self, ledger, reference: str) -> None:
        self._ledger, self._note = ledger, ledger.note_id(reference, "VRO")
        self.seen: dict[int, dict] = {}

    def __getattr__(self, name: str):
        command = getattr(self._ledger, name)

        def watched(*args, **kwargs):
            result = command(*args, **kwargs)
            try:
                state = self._ledger.note(self._note)
            except NotFound:
                return result
            self.seen[state["version"]] = state
            return result

        return watched


@pytest.fixture
def watched(ledger):
    watching = Watching(ledger, "2026-0000261701")
    ids = record_seed_story(watching)
    return ledger, ids["note"], watching.seen


def test_a_replay_as_of_each_moment_equals_the_state_shown_then(watched):
    ledger, note, seen = watched
    assert len(seen) == 40
    for version, shown in seen.items():
        moment = shown["modified_on"]
        assert ledger.note(note, as_of=datetime.fromisoformat(moment)) == shown, version
        assert ledger.note(note, version=version) == shown


def test_a_replay_between_two_events_shows_the_earlier_state(watched):
    ledger, note, seen = watched
    tenth = datetime.fromisoformat(seen[10]["modified_on"])
    eleventh = datetime.fromisoformat(seen[11]["modified_on"])
    between = tenth + (eleventh - tenth) / 2
    assert ledger.note(note, as_of=between) == seen[10]


def test_there_is_nothing_to_replay_before_the_note_was_drafted(watched):
    ledger, note, seen = watched
    before = datetime.fromisoformat(seen[1]["created_on"]) - timedelta(seconds=1)
    with pytest.raises(NotFound, match="existed as of"):
        ledger.note(note, as_of=before)


class Projecting:
    """The ledger, with the notes view folded forward after every command, as it stood then."""

    def __init__(self, ledger, reference: str) -> None:
        self._ledger, self._note = ledger, ledger.note_id(reference, "VRO")
        self.shown: list[dict] = []
        self._doc, self._version = None, 0

    def __getattr__(self, name: str):
        command = getattr(self._ledger, name)

        def projected(*args, **kwargs):
            result = command(*args, **kwargs)
            for event in self._ledger.events.get(self._note, gt=self._version):
                self._doc = fold_note(self._doc, fact_from_event(event, 0,
                                                                 get_topic(type(event))))
                self._version = event.originator_version
            if self._doc is not None and (not self.shown or self.shown[-1] != self._doc):
                self.shown.append(self._doc)
            return result

        return projected


def test_a_replay_as_of_each_moment_equals_the_notes_view_shown_then(ledger):
    projecting = Projecting(ledger, "2026-0000261701")
    ids = record_seed_story(projecting)
    assert len(projecting.shown) == 40
    for shown in projecting.shown:
        replay = ledger.note(ids["note"], as_of=datetime.fromisoformat(shown["modified_on"]))
        assert _shared(replay, shown) == _shared(shown, replay), shown["version"]


def _shared(value, other):
    """``value`` restricted, at every depth, to the keys that ``other`` also has."""
    if isinstance(value, dict) and isinstance(other, dict):
        return {k: _shared(v, other[k]) for k, v in value.items() if k in other}
    if isinstance(value, list) and isinstance(other, list) and len(value) == len(other):
        return [_shared(v, o) for v, o in zip(value, other, strict=True)]
    return value
