"""Faults under load, short: each scenario of bench/faults.py in well under a minute.

Every scenario runs `notaledger up`'s processes on a PostgreSQL cluster and a
redis-server of its own (the machine's shared servers are never stopped), and checks
what the clients saw against the event log, the hash chains and a clean rebuild.

Where the service does not yet do what issue 7 asks, and only in the exact way recorded
below, the test is marked xfail at run time after every invariant that must hold has
been asserted; any other surprise fails it.
"""

from __future__ import annotations

import pytest

from bench.faults import run_scenario
from bench.servers import Unavailable
from bench.tally import Result, Surprise, table
from bench.workload import COMMANDS, Plan
from tests.conftest import _unavailable

pytestmark = [pytest.mark.postgres, pytest.mark.redis]  # servers of its own

PLAN = Plan(warm=3.0, outage=8.0, after=5.0, kills=3, writers=3, subscribers=2)


def run(name: str, tmp_path) -> Result:
    try:
        result, _ = run_scenario(name, PLAN, tmp_path)
    except Unavailable as error:
        _unavailable("a private PostgreSQL cluster or redis-server", error)
    print(table([result]))
    print(result.details())
    return result


def assert_nothing_lost(result: Result) -> list[str]:
    """The invariants; returns the known shortfalls seen (see the module docstring)."""
    assert result.succeeded > 0, result.details()
    assert result.events_lost == 0, result.details()
    assert result.views_diverging == 0, result.details()
    assert result.chain_breaks == 0, result.details()
    # an SSE client may only miss what never reached the stream (projections/runner.py
    # appends to the stream after the views commit; a kill between the two skips entries)
    assert set(result.missed_positions) <= set(result.never_in_feed), result.details()
    if result.missed_positions:
        return [f"log positions {result.never_in_feed[:5]} never reached the event stream"]
    return []


def command_answered(surprise: Surprise, *statuses: int | None) -> bool:
    return surprise.answer.op in COMMANDS and surprise.answer.status in statuses


def settle(known: list[str]) -> None:
    if known:
        pytest.xfail("; ".join(known) + " (see the report of issue 7)")


def test_killing_api_workers_mid_command_loses_nothing_and_answers_each_request_once(tmp_path):
    result = run("kill-api", tmp_path)
    known = assert_nothing_lost(result)
    assert result.failed_unexpected == 0, result.details()
    assert result.recorded_twice == 0, result.details()
    settle(known)


def test_killed_projection_worker_is_restarted_and_its_views_equal_a_rebuild(tmp_path):
    result = run("kill-projections", tmp_path)
    known = assert_nothing_lost(result)
    assert result.failed_unexpected == 0, result.details()
    assert result.recorded_twice == 0, result.details()
    assert result.restarts["projections"] >= PLAN.kills
    settle(known)


def test_redis_outage_keeps_accepting_commands_and_answers_reads_503(tmp_path):
    result = run("stop-redis", tmp_path)
    known = assert_nothing_lost(result)
    assert result.recorded_twice == 0, result.details()
    assert result.during["command 200"] > 0, "commands without Idempotency-Key were refused"
    assert result.during["read 503"] > 0, "view reads did not answer 503 while Redis was down"
    assert result.sse_reconnects > 0, "no SSE client had to reconnect: was Redis stopped?"
    # keep() in api/idempotency.py raises when Redis goes away after the command was saved
    answered_500 = [s for s in result.surprises if command_answered(s, 500)]
    assert [s for s in result.surprises if s not in answered_500] == [], result.details()
    if answered_500:
        known.append(f"{len(answered_500)} surprise(s) from commands answered 500 although "
                     "recorded: the idempotency record could not be kept in Redis")
    settle(known)


def test_postgres_outage_answers_503_problems_and_resumes_by_itself(tmp_path):
    result = run("stop-postgres", tmp_path)
    known = assert_nothing_lost(result)
    assert result.resumed_after is not None and result.resumed_after < 30, result.details()
    # requests wait out the outage in the library's insert retries instead of answering
    # 503 (clients time out), and an insert that committed as its connection died is run
    # again by Ledger._change (recorded twice) or refused as a duplicate (despite-error)
    hung = [s for s in result.surprises if s.kind in ("twice", "despite-error")
            or (s.kind == "answer" and s.answer.status in (None, 500))]
    assert [s for s in result.surprises if s not in hung] == [], result.details()
    if hung:
        known.append(f"{len(hung)} surprise(s): {[s.detail for s in hung[:3]]}")
    if not result.during["command 503"]:
        known.append("no command was answered 503 while PostgreSQL was down")
    settle(known)
