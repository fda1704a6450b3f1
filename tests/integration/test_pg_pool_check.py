"""Pooled connections the server has ended are found out before use, without a ping for
every checkout (adapters/pg.py ``check_spoken``)."""

from __future__ import annotations

import time

import psycopg

from adapters.eventstore import event_store_env
from adapters.pg import check_spoken, conninfo
from domain.actor import Actor
from tests.conftest import make_ledger, pg_connect, store_settings

DRAFTER = Actor("VRO", "drafter")


def _pooled_pids(pool, count: int) -> list[int]:
    """The backends of ``count`` pooled connections, all taken at once and put back."""
    taken = [pool.getconn() for _ in range(count)]
    pids = [connection.info.backend_pid for connection in taken]
    for connection in taken:
        pool.putconn(connection)
    return pids


def _ended(pids: list[int]) -> None:
    with pg_connect() as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 10
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)",
                            (pids,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the backends did not end"
            time.sleep(0.05)


def test_commands_after_the_server_ended_every_pooled_connection_succeed(request, tmp_path):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    note = ledger.draft_note(DRAFTER, reference="2026-POOL-1", title="Pool", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id
    pool = ledger.recorder.datastore.pool
    ended = _pooled_pids(pool, 3)
    _ended(ended)

    for n in range(4):  # loads and commits each check a connection out
        ledger.revise_title(note, DRAFTER, f"After {n}")
    assert ledger.note(note)["title"] == "After 3"
    assert not set(_pooled_pids(pool, 3)) & set(ended)  # the ended ones were let go
    ledger.close()


def test_a_live_idle_connection_passes_without_a_round_trip_an_ended_one_fails(request,
                                                                             tmp_path):
    settings = store_settings("postgres", tmp_path, request)
    trace = tmp_path / "protocol.trace"
    with psycopg.connect(conninfo(event_store_env(settings)), autocommit=True) as connection:
        connection.execute("SELECT 1")
        with trace.open("w") as traced:
            connection.pgconn.trace(traced.fileno())
            check_spoken(connection)  # nothing has arrived: nothing is sent
            connection.execute("SELECT 2")  # what the trace shows of a round trip
            connection.pgconn.untrace()
        sent = [line.split("\t")[3:] for line in trace.read_text().splitlines()
                if line.split("\t")[1] == "F"]  # time, F(rontend), length, message, ...
        assert sent == [["Query", ' "SELECT 2"']]

        _ended([connection.info.backend_pid])
        try:
            check_spoken(connection)
        except psycopg.OperationalError:
            pass
        else:
            raise AssertionError("an ended connection passed the check")
