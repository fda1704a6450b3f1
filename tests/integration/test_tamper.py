"""Tampering with stored rows, in SQLite and PostgreSQL, is detected from the raw records."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from domain.audit.chain import canonical_bytes, link_hash
from tests.conftest import make_ledger, pg_connect
from tests.integration.test_seed_story import record_seed_story


class Rows:
    """Direct SQL on the stored events table, bypassing the ledger."""

    def __init__(self, settings: dict[str, str]) -> None:
        if settings["NOTALEDGER_STORE"] == "sqlite":
            self.db = sqlite3.connect(settings["NOTALEDGER_SQLITE_PATH"], isolation_level=None)
            self.table, self.mark = "stored_events", "?"
            self.key = lambda aggregate: uuid.UUID(aggregate).hex
        else:
            self.db = pg_connect()
            self.table, self.mark = f'"{settings["NOTALEDGER_PG_SCHEMA"]}".notaledger_events', "%s"
            self.key = uuid.UUID

    def sql(self, statement: str, *params):
        return self.db.execute(statement.format(t=self.table, m=self.mark), params)

    def state(self, aggregate: str, version: int) -> bytes:
        row = self.sql("SELECT state FROM {t} WHERE originator_id = {m} "
                       "AND originator_version = {m}", self.key(aggregate), version).fetchone()
        return bytes(row[0])

    def set_state(self, aggregate: str, version: int, state: bytes) -> None:
        self.sql("UPDATE {t} SET state = {m} WHERE originator_id = {m} "
                 "AND originator_version = {m}", state, self.key(aggregate), version)

    def delete(self, aggregate: str, version: int) -> None:
        self.sql("DELETE FROM {t} WHERE originator_id = {m} AND originator_version = {m}",
                 self.key(aggregate), version)


@pytest.fixture
def seeded(durable_store):
    ledger = make_ledger(durable_store)
    ids = record_seed_story(ledger)
    rows = Rows(durable_store)
    yield ledger, str(ids["note"]), rows
    rows.db.close()
    ledger.close()


def only_break(ledger, note: str):
    report = ledger.verify()
    assert len(report.breaks) == 1, report.breaks
    assert report.breaks[0].aggregate_id == note
    return report.breaks[0]


def test_an_untouched_store_verifies(seeded):
    ledger, _, _ = seeded
    assert ledger.verify().ok


def test_changing_one_byte_of_a_payload_is_detected_as_modified(seeded):
    ledger, note, rows = seeded
    state = rows.state(note, 5)
    tampered = state.replace(b"BRIEF:", b"BRIEG:", 1)
    assert tampered != state
    rows.set_state(note, 5, tampered)
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (5, "modified")


def test_deleting_an_event_is_detected_as_missing(seeded):
    ledger, note, rows = seeded
    rows.delete(note, 4)
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (5, "missing")
    assert "version 4 is absent" in broken.detail


def test_swapping_two_events_is_detected_as_reordered(seeded):
    ledger, note, rows = seeded
    third, fourth = rows.state(note, 3), rows.state(note, 4)
    rows.set_state(note, 3, fourth)
    rows.set_state(note, 4, third)
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (3, "reordered")


def forge(rows, note: str, version: int, prev_hash: str | None = None) -> None:
    """Rewrite one attachment event with a hash that is right for its own content."""
    forged = {**json.loads(rows.state(note, version)), "name": "BIJLAGE X: vervalst stuk"}
    forged.pop("hash")
    if prev_hash is not None:
        forged["prev_hash"] = prev_hash
    topic = "notaledger.note:AttachmentAdded"
    forged["hash"] = link_hash(forged["prev_hash"],
                               canonical_bytes(note, version, topic, forged))
    rows.set_state(note, version, json.dumps(forged).encode())


def test_a_forged_event_that_links_to_nothing_is_detected_as_inserted(seeded):
    ledger, note, rows = seeded
    forge(rows, note, 6, prev_hash="ab" * 32)  # the forger cannot know the right link
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (6, "inserted")


def test_a_forged_replacement_breaks_the_link_of_the_next_event(seeded):
    ledger, note, rows = seeded
    forge(rows, note, 6)
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (7, "inserted")
    assert "does not link to version 6" in broken.detail


def test_a_garbled_record_is_reported_not_raised(seeded):
    ledger, note, rows = seeded
    rows.set_state(note, 2, b"\x00not json")
    broken = only_break(ledger, note)
    assert (broken.version, broken.kind) == (2, "modified")
    assert ledger.verify(ledger.note_id("2026-0000261701")).breaks[0].version == 2
