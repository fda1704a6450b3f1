"""Processes that start at once on a fresh PostgreSQL schema make the event store's tables
once between them: none fails on the catalogue ("duplicate key value violates unique
constraint pg_type_typname_nsp_index", "tuple concurrently updated"), and every one of
them can write."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from tests.conftest import PG

PROCESSES = 4


def _start(schema: str, start, answers) -> None:
    """One process's first use of the store: open the ledger (which makes the tables), draft
    a note, and say how it went."""
    from adapters.eventstore import event_store_env
    from domain.actor import Actor
    from domain.ledger import Ledger

    start.wait()
    try:
        ledger = Ledger(env=event_store_env({"NOTALEDGER_STORE": "postgres",
                                             "NOTALEDGER_PG_SCHEMA": schema, **PG}))
        try:
            ledger.draft_note(Actor("VRO", "drafter"), reference=f"2026-R-{os.getpid()}",
                              title="Nota", kind="decision", date="2026-06-05",
                              from_unit="NPLV", to_official="MVRO", ministry="VRO",
                              actively_public=False)
        finally:
            ledger.close()
        answers.put("ok")
    except Exception as error:  # noqa: BLE001 - the test reports it
        answers.put(repr(error))


@pytest.mark.parametrize("attempt", range(5))
def test_processes_starting_at_once_on_a_fresh_schema_make_its_tables_once(attempt,
                                                                           pg_schema):
    spawn = multiprocessing.get_context("spawn")
    start, answers = spawn.Barrier(PROCESSES), spawn.Queue()
    processes = [spawn.Process(target=_start, args=(pg_schema, start, answers))
                 for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    said = [answers.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert said == ["ok"] * PROCESSES

    from tests.conftest import pg_connect

    with pg_connect() as connection:
        notes = connection.execute(
            f'SELECT count(DISTINCT originator_id) FROM "{pg_schema}".notaledger_events'
        ).fetchone()[0]
    assert notes == PROCESSES
