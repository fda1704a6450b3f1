"""Consultation requests stored before reply-by dates read with one (version 2 → 3)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from domain.note import note_id
from projections.log import EventLog
from tests.conftest import make_ledger
from tests.unit.test_note_rules import DRAFTER

FIELDS = dict(reference="2026-0000261701", title="Kamerbrief", kind="decision",
              date="2026-04-20", from_unit="NPLV", to_official="MVRO", ministry="VRO",
              actively_public=True)


def stored_as_version_2(path, due: str | None) -> None:
    """Rewrite the stored request as the ledger wrote it before: ``due``, no ``reply_by``."""
    with sqlite3.connect(path) as db:
        rowid, state = db.execute("SELECT rowid, state FROM stored_events WHERE topic = ?",
                                  ("notaledger.note:ConsultationRequested",)).fetchone()
        old = json.loads(state)
        assert old["class_version"] == 3
        old.pop("reply_by")
        old.update(class_version=2, due=due)
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?",
                   (json.dumps(old).encode(), rowid))


@pytest.mark.parametrize(("due", "reply_by"), [
    (None, "2026-05-08"),  # ten working days after 22 April, Koningsdag and 5 May skipped
    ("2026-05-01", "2026-05-01"),  # a due date given then is the reply-by date
])
def test_an_old_request_reads_with_its_reply_by_in_the_aggregate_and_the_views(
        tmp_path, due, reply_by):
    settings = {"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_SQLITE_PATH": str(tmp_path / "e.db")}
    ledger = make_ledger(settings)
    ledger.draft_note(DRAFTER.at("2026-04-20", "drafted on paper"), **FIELDS)
    ledger.request_consultation(note_id("VRO", FIELDS["reference"]),
                                DRAFTER.at("2026-04-22", "asked by letter"), "SZW", "consulted")
    ledger.close()
    stored_as_version_2(tmp_path / "e.db", due)

    ledger = make_ledger(settings)
    try:
        note = ledger.note(note_id("VRO", FIELDS["reference"]))
        assert note["consultations"]["SZW"]["reply_by"] == reply_by
        facts = EventLog(ledger).read(0, 10)
        (request,) = [f for f in facts if f.type == "ConsultationRequested"]
        assert request.data["reply_by"] == reply_by and "due" not in request.data
    finally:
        ledger.close()
