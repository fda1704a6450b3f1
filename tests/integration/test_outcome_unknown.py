"""A save whose connection is cut: landed or not, the ledger never reports the wrong one.

A relay in front of the real PostgreSQL (tests/integration/pgproxy.py) cuts the
connection at the server's COMMIT confirmation (stored, answer lost) or at the client's
INSERT (nothing stored), and refuses the connection the ledger would ask on.
"""

from __future__ import annotations

import time

import pytest
from eventsourcing.persistence import OperationalError

from domain.actor import Actor
from domain.errors import OutcomeUnknown
from tests.conftest import PG, make_ledger
from tests.integration.pgproxy import PgProxy

pytestmark = pytest.mark.postgres

DRAFTER = Actor("VRO", "drafter")


@pytest.fixture
def proxied(pg_schema):
    proxy = PgProxy((PG["NOTALEDGER_PG_HOST"], int(PG["NOTALEDGER_PG_PORT"])))
    settings = {"NOTALEDGER_STORE": "postgres", **PG, "NOTALEDGER_PG_SCHEMA": pg_schema,
                "NOTALEDGER_PG_PORT": str(proxy.port), "NOTALEDGER_PG_CONNECT_TIMEOUT": "1",
                "NOTALEDGER_AGGREGATE_CACHE": "0"}
    ledger = make_ledger(settings)
    yield ledger, proxy
    proxy.disarm()
    ledger.close()
    proxy.close()


def draft(ledger, reference: str):
    return ledger.draft_note(DRAFTER, reference=reference, title="Cut", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id


def when_back(call, seconds: float = 15.0):
    """The call's result once the pool has a connection again (it reconnects by itself)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return call()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize(("cut", "landed"), [("answer", True), ("request", False)])
def test_a_cut_save_is_unknown_until_the_store_can_say_whether_it_landed(proxied, cut, landed):
    """'answer': the commit happened, its confirmation was lost; 'request': it never left."""
    ledger, proxy = proxied
    note = draft(ledger, f"2026-CUT-{cut}")
    proxy.arm(cut)
    with pytest.raises(OutcomeUnknown) as caught:
        ledger.revise_title(note, DRAFTER, "Cut off")
    assert proxy.cuts == 1
    receipt = caught.value.receipt
    assert (receipt.aggregate_id, receipt.version) == (note, 2)

    proxy.disarm()
    assert when_back(lambda: ledger.landed(receipt)) is landed
    state = ledger.note(note)
    assert state["version"] == (2 if landed else 1)
    assert (state["title"] == "Cut off") is landed


def test_a_cut_commit_is_reported_saved_when_the_store_can_be_asked(proxied):
    ledger, proxy = proxied
    note = draft(ledger, "2026-CUT-3")
    proxy.arm("answer", answer_questions=True)  # the ledger's question gets through
    saved = ledger.revise_title(note, DRAFTER, "Stored, confirmed by asking")
    assert proxy.cuts == 1
    assert saved.version == 2
    proxy.disarm()
    assert ledger.note(note)["title"] == "Stored, confirmed by asking"
    # the answer names the write's log position, read back, for reading one's own write
    assert saved.position == ledger.recorder.select_notifications(None, 100)[-1].id


def test_no_connection_at_all_is_a_plain_outage_not_an_unknown_outcome(proxied):
    ledger, proxy = proxied
    note = draft(ledger, "2026-CUT-4")
    proxy.down()
    with pytest.raises(OperationalError) as caught:
        ledger.revise_title(note, DRAFTER, "Never connected")
    assert not isinstance(caught.value, OutcomeUnknown)
    proxy.disarm()
    assert when_back(lambda: ledger.note(note))["version"] == 1
