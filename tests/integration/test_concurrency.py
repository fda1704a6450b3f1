"""Independent sign-offs that race on one note all land, exactly once."""

from __future__ import annotations

import threading

import pytest

from domain.actor import Actor
from domain.errors import StaleVersion
from tests.conftest import make_ledger

DRAFTER = Actor("VRO", "drafter")
MINISTRIES = ("SZW", "OCW", "JenV", "VWS")
ROUNDS = 200


def _note_with_consultations(ledger, reference: str):
    note = ledger.draft_note(DRAFTER, reference=reference, title="Race", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id
    for ministry in MINISTRIES:
        ledger.request_consultation(note, DRAFTER, ministry, "consulted")
    return note


def test_four_ministries_answering_at_once_all_land_exactly_once(durable_store):
    ledger = make_ledger(durable_store)
    notes = [_note_with_consultations(ledger, f"2026-RACE-{n:04d}") for n in range(ROUNDS)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(MINISTRIES))

    workers = {ministry: make_ledger(durable_store) for ministry in MINISTRIES}

    def answer_all(ministry: str) -> None:
        worker = workers[ministry]
        try:
            start.wait()
            for note in notes:
                worker.answer_consultation(note, Actor(ministry, "consultee"), ministry, "agreed")
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            worker.close()

    threads = [threading.Thread(target=answer_all, args=(m,)) for m in MINISTRIES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    for note in notes:
        answers = [e["organisation"] for e in ledger.history(note)
                   if e["type"] == "ConsultationAnswered"]
        assert sorted(answers) == sorted(MINISTRIES)
        assert ledger.note(note)["version"] == 1 + len(MINISTRIES) * 2
    assert ledger.verify().ok
    ledger.close()


def test_a_stale_expected_version_is_refused_and_records_nothing(ledger):
    note = _note_with_consultations(ledger, "2026-STALE-1")
    version = ledger.note(note)["version"]
    ledger.answer_consultation(note, Actor("SZW", "consultee"), "SZW", "agreed",
                               expected_version=version)
    with pytest.raises(StaleVersion, match=f"not {version}"):
        ledger.answer_consultation(note, Actor("OCW", "consultee"), "OCW", "agreed",
                                   expected_version=version)
    assert ledger.note(note)["consultations"]["OCW"]["status"] == "requested"


def test_a_save_that_landed_before_its_connection_died_is_not_run_again(ledger, monkeypatch):
    note = _note_with_consultations(ledger, "2026-LANDED-1")
    real_save = ledger.save
    calls = []

    def save_then_lose_the_answer(*aggregates):
        calls.append(1)
        real_save(*aggregates)
        if len(calls) == 1:  # committed, but the retry of the insert collides with itself
            from eventsourcing.persistence import IntegrityError

            raise IntegrityError("duplicate key value violates unique constraint")
        return []

    monkeypatch.setattr(ledger, "save", save_then_lose_the_answer)
    saved = ledger.revise_section(note, DRAFTER, "kern", "eenmaal")
    assert len(calls) == 1
    assert ledger.note(note)["sections"]["kern"] == ["eenmaal"]
    assert saved.version == ledger.note(note)["version"]


def test_a_concurrent_writers_event_is_not_mistaken_for_ours(ledger):
    note = _note_with_consultations(ledger, "2026-LANDED-2")
    ours, theirs = ledger.repository.get(note), ledger.repository.get(note)
    theirs.revise_section(DRAFTER, "kern", "hun tekst")
    ledger.save(theirs)
    ours.revise_section(DRAFTER, "kern", "onze tekst")
    assert ledger._landed(theirs) is True
    assert ledger._landed(ours) is False
