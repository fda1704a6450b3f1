"""With PostgreSQL gone, the ledger and the stores beside it fail within seconds and
resume by themselves once it is back (adapters/pg.py).

The library's recorders would retry each call ten times, each attempt waiting for a
connection, so a command hung for about a minute; the bound asserted here is the
difference between an answer and a client timeout, not a speed figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from eventsourcing.persistence import InterfaceError, OperationalError

from adapters.eventstore import event_store_env
from adapters.keys import PostgresKeyStore
from adapters.pg import conninfo
from adapters.signing import Ed25519Signer, write_key
from bench.servers import PrivatePostgres, Unavailable
from domain.actor import Actor
from tests.conftest import _unavailable, make_ledger

pytestmark = pytest.mark.postgres

DRAFTER = Actor("VRO", "drafter")
ROOT = Path(__file__).resolve().parents[2]
OUTAGE = (OperationalError, InterfaceError, psycopg.OperationalError)
BOUND = 12.0  # seconds: the 2 s connect timeout below, with room for a loaded machine
RESUME = 30.0  # seconds after the restart until the same process saves again


@pytest.fixture
def private_pg():
    try:
        server = PrivatePostgres().create()
    except (Unavailable, OSError) as error:
        _unavailable("a private PostgreSQL cluster", error)
    yield server
    server.destroy()


def settings(server: PrivatePostgres) -> dict[str, str]:
    return {"NOTALEDGER_STORE": "postgres", "NOTALEDGER_PG_PORT": str(server.port),
            "NOTALEDGER_PG_DBNAME": "notaledger", "NOTALEDGER_PG_USER": "postgres",
            "NOTALEDGER_PG_CONNECT_TIMEOUT": "2"}


def timed(call):
    began = time.monotonic()
    try:
        call()
    except Exception as error:  # noqa: BLE001 - returned for the test to inspect
        return error, time.monotonic() - began
    return None, time.monotonic() - began


def eventually(call) -> float:
    """Call until it succeeds (the same process: no restart); the seconds it took."""
    began = time.monotonic()
    while True:
        error, _ = timed(call)
        if error is None:
            return time.monotonic() - began
        assert isinstance(error, OUTAGE), error
        assert time.monotonic() - began < RESUME, f"still failing: {error}"


def test_commands_fail_fast_while_postgres_is_down_and_resume_after(private_pg):
    env = settings(private_pg)
    ledger = make_ledger(env)
    note = ledger.draft_note(DRAFTER, reference="2026-PGDOWN-1", title="Outage", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id
    ledger.revise_title(note, DRAFTER, "Before")
    version = ledger.note(note)["version"]

    private_pg.stop()
    error, seconds = timed(lambda: ledger.revise_title(note, DRAFTER, "During"))
    assert isinstance(error, OUTAGE), error
    assert seconds < BOUND, f"a command waited {seconds:.1f}s for a stopped database"
    error, seconds = timed(lambda: ledger.note(note))
    assert isinstance(error, OUTAGE), error
    assert seconds < BOUND, f"a read waited {seconds:.1f}s for a stopped database"

    private_pg.start()
    resumed = eventually(lambda: ledger.revise_title(note, DRAFTER, "After"))
    assert resumed < RESUME, f"commands failed for {resumed:.1f}s after the database was back"
    state = ledger.note(note)
    assert state["title"] == "After"
    assert state["version"] == version + 1, "the command during the outage left an event"
    assert ledger.verify().ok
    ledger.close()


def test_the_key_store_fails_fast_too(private_pg):
    store = PostgresKeyStore(conninfo(event_store_env(settings(private_pg))))
    assert store.get("nl_missing") is None
    private_pg.stop()
    error, seconds = timed(lambda: store.get("nl_missing"))
    assert isinstance(error, OUTAGE), error
    assert seconds < BOUND, f"a key lookup waited {seconds:.1f}s for a stopped database"
    private_pg.start()
    eventually(lambda: store.get("nl_missing"))
    assert store.get("nl_missing") is None
    store.close()


def test_the_checkpoint_service_waits_an_outage_out_instead_of_exiting(private_pg, tmp_path):
    key = tmp_path / "audit-key.pem"
    write_key(Ed25519Signer.generate(), key)
    env = {**os.environ, **settings(private_pg), "NOTALEDGER_AUDIT_KEY_FILE": str(key),
           "PYTHONPATH": str(ROOT)}
    ledger = make_ledger(settings(private_pg))
    note = ledger.draft_note(DRAFTER, reference="2026-PGDOWN-3", title="Signed", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id
    service = subprocess.Popen([sys.executable, "-m", "api.cli", "audit", "checkpoint",
                                "--every", "0.5"], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "checkpoint 1: 1 events" in service.stdout.readline()
        private_pg.stop()
        time.sleep(4)  # several rounds against a stopped database
        assert service.poll() is None, "the checkpoint service exited during the outage"
        private_pg.start()
        eventually(lambda: ledger.revise_title(note, DRAFTER, "Signed again"))
        assert "checkpoint 2: 2 events" in service.stdout.readline()
    finally:
        service.terminate()
        _, errors = service.communicate(timeout=10)
        ledger.close()
    assert "cannot checkpoint now" in errors
