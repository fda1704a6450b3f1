"""A note's version stands for its place in the log: its commitments and motions are read as
the log had them at that position, with what the same save wrote to them, never as a window
of time, so two commands within the same second replay apart (domain/recorded.py)."""

from __future__ import annotations

from uuid import UUID

import pytest

from adapters.positions import PostgresPositions, SQLitePositions
from adapters.views_sqlite import SQLiteViewStore
from api.cli.demo import EXAMPLE
from api.replay import replay
from domain.errors import NotFound
from domain.positions import ScannedPositions
from projections.reader import ViewReader
from tests.integration.test_import import import_file
from tests.integration.test_seed_story import CLERK, MVRO, NPLV, record_seed_story

FIELDS = dict(title="Plaats", kind="information", date="2026-06-05", from_unit="NPLV",
              to_official="MVRO", ministry="VRO", actively_public=False)


@pytest.fixture
def views(tmp_path):
    """Empty views: a replay reads the event store, never the views."""
    store = SQLiteViewStore(tmp_path / "views.sqlite")
    yield store
    store.close()


@pytest.fixture
def replayed(ledger, views):
    def replayed(note: UUID, **when) -> dict:
        return replay(ledger, ViewReader(views, None), note, **when)
    return replayed


def commitment_states(replayed, note, **when) -> dict:
    return {c["id"]: (c["status"], c["deadline"]["text"])
            for c in replayed(note, **when)["commitments"]}


def linked_note(ledger, reference="2026-POS-1"):
    note = ledger.draft_note(NPLV, reference=reference, **FIELDS).id
    commitment = ledger.register_commitment(
        CLERK, text="informeert de Kamer over de voortgang", minister="de minister van VRO",
        ministry="VRO", recipients=[], to_several_members=True, debate_kind="commissiedebat",
        debate_date="2026-04-08", deadline="voor zomer 2026").id
    linked = ledger.link_commitment(note, NPLV, commitment)
    return note, commitment, linked


def test_a_change_right_after_a_version_is_not_part_of_it(ledger, replayed):
    note, commitment, linked = linked_note(ledger)
    changed = ledger.change_commitment_deadline(commitment, CLERK, "1 oktober 2026", "uitgesteld")
    times = [e["timestamp"] for e in ledger.history(commitment)]
    assert (times[-1] - times[0]).total_seconds() < 1  # within the same second
    assert changed.position > linked.position
    assert commitment_states(replayed, note, version=linked.version) == {
        str(commitment): ("open", "voor zomer 2026")}
    assert ledger.commitment(commitment)["deadline"]["text"] == "1 oktober 2026"


def test_what_a_version_saved_with_it_is_part_of_it_and_the_version_before_not(ledger, replayed):
    note, commitment, linked = linked_note(ledger)
    assert commitment_states(replayed, note, version=linked.version - 1) == {}
    recorded = ledger.recorded(note, linked.version)
    assert recorded.position == linked.position  # the save's last event: the link's other half
    assert recorded.versions == {str(commitment): 2}


def test_the_letter_and_the_version_before_it_replay_apart_within_one_second(ledger, replayed):
    ids = record_seed_story(ledger)
    note = ids["note"]
    history = ledger.history(note)
    sent = next(e["version"] for e in history if e["type"] == "LetterSent")
    before, at = (replayed(note, version=v) for v in (sent - 1, sent))
    assert {c["status"] for c in before["commitments"]} == {"open"}
    assert {c["status"] for c in at["commitments"]} == {"fulfilled"}
    taken = str(ids["taken"])  # the taken-over motion: its execution is reported in that save
    reported = ledger.recorded(note, sent).versions[taken]
    assert ledger.history(ids["taken"])[reported - 1]["type"] == "ExecutionReported"
    assert ledger.recorded(note, sent - 1).versions[taken] == reported - 1


def test_the_moment_a_version_was_recorded_replays_as_the_version(ledger, replayed):
    note, commitment, linked = linked_note(ledger)
    ledger.change_commitment_deadline(commitment, CLERK, "1 oktober 2026", "uitgesteld")
    at = ledger.history(note)[linked.version - 1]["timestamp"]
    assert replayed(note, as_of=at)["commitments"] == replayed(
        note, version=linked.version)["commitments"]


def test_every_version_an_import_recorded_stands_for_the_whole_import(ledger, replayed):
    _, imported = import_file(ledger, EXAMPLE)
    whole = replayed(imported.note_id, version=imported.version)
    assert len(whole["commitments"]) == len(imported.commitments) > 0
    first_link = next(e["version"] for e in ledger.history(imported.note_id)
                      if e["type"] == "CommitmentLinked")
    early = replayed(imported.note_id, version=first_link)
    assert [c["id"] for c in early["commitments"]] == [c["id"] for c in whole["commitments"]][:1]
    assert early["commitments"] == whole["commitments"][:1]


def test_a_command_after_the_import_is_not_part_of_it(ledger, replayed):
    _, imported = import_file(ledger, EXAMPLE)
    commitment = imported.commitments[0]
    before = ledger.commitment(commitment)["status"]
    ledger.set_commitment_status(commitment, CLERK, "lapsed", "vervallen")
    whole = replayed(imported.note_id, version=imported.version)
    (shown,) = [c for c in whole["commitments"] if c["id"] == str(commitment)]
    assert shown["status"] == before != "lapsed"


def test_the_store_reads_positions_from_its_index_as_a_scan_of_the_log_would(ledger, store):
    ids = record_seed_story(ledger)
    expected = {"sqlite": SQLitePositions, "postgres": PostgresPositions}.get(
        store["NOTALEDGER_STORE"], ScannedPositions)
    assert type(ledger.positions) is expected
    scan = ScannedPositions(ledger.recorder)
    for aggregate in (ids["note"], *ids["commitments"]):
        positions = ledger.positions.of(aggregate)
        assert positions == scan.of(aggregate)
        assert sorted(positions) == list(range(1, len(ledger.history(aggregate)) + 1))
    assert ledger.positions.of(UUID(int=0)) == {}


def test_a_version_the_note_does_not_have_is_not_found(ledger):
    note, _, linked = linked_note(ledger)
    with pytest.raises(NotFound):
        ledger.recorded(note, linked.version + 1)


def test_the_minister_decides_within_the_same_second_and_each_version_replays_its_own(
        ledger, replayed):
    note, commitment, _ = linked_note(ledger, "2026-POS-2")
    ledger.add_advised_decision(note, NPLV, "Akkoord.")
    ledger.set_paraph_route(note, NPLV, [{"role": "head", "unit": "NPLV"}])
    ledger.start_review(note, NPLV)
    ledger.initial(note, NPLV, 0)
    ledger.submit_note(note, NPLV)
    ledger.record_outcome(note, MVRO, 1, "approved")
    decided = ledger.decide_note(note, MVRO)
    ledger.sign_letter(note, MVRO)
    sent = ledger.send_letter(note, NPLV, "TK")
    statuses = {v: replayed(note, version=v)["commitments"][0]["status"]
                for v in (decided.version, sent.version - 1, sent.version)}
    assert statuses == {decided.version: "open", sent.version - 1: "open",
                        sent.version: "fulfilled"}
