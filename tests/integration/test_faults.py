"""Faults under load, short: each scenario of bench/faults.py in well under a minute.

Every scenario runs `notaledger up`'s processes on a PostgreSQL cluster and a
redis-server of its own (the machine's shared servers are never stopped), and checks
what the clients saw against the event log, the hash chains and a clean rebuild.

Every scenario ends with no event lost, none recorded twice or despite an error answer,
no chain broken, no view diverging from a rebuild and no event missed by a subscriber.
"""

from __future__ import annotations

import pytest

from bench.faults import run_scenario
from bench.servers import Unavailable
from bench.tally import Result, table
from bench.workload import Plan
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


def assert_nothing_lost(result: Result) -> None:
    """What every scenario must end with, whatever was harmed."""
    assert result.succeeded > 0, result.details()
    assert result.events_lost == 0, result.details()
    assert result.views_diverging == 0, result.details()
    assert result.chain_breaks == 0, result.details()
    assert result.recorded_twice == 0, result.details()
    assert result.recorded_despite_error == 0, result.details()
    # every applied event reaches the SSE subscribers, even across a worker's kill
    assert result.missed_positions == [], result.details()
    assert result.failed_unexpected == 0, result.details()
    assert result.surprises == [], result.details()


def test_killing_api_workers_mid_command_loses_nothing_and_answers_each_request_once(tmp_path):
    result = run("kill-api", tmp_path)
    assert_nothing_lost(result)


def test_killed_projection_worker_is_restarted_and_its_views_equal_a_rebuild(tmp_path):
    result = run("kill-projections", tmp_path)
    assert_nothing_lost(result)
    assert result.restarts["projections"] >= PLAN.kills


def test_redis_outage_keeps_accepting_commands_and_answers_reads_503(tmp_path):
    result = run("stop-redis", tmp_path)
    assert_nothing_lost(result)
    assert result.during["command 200"] > 0, "no command was accepted while Redis was down"
    assert result.during["command 503"] == 0, "commands were refused while Redis was down"
    assert result.during["read 503"] > 0, "view reads did not answer 503 while Redis was down"
    assert result.sse_reconnects > 0, "no SSE client had to reconnect: was Redis stopped?"


def test_postgres_outage_answers_503_problems_and_resumes_by_itself(tmp_path):
    result = run("stop-postgres", tmp_path)
    assert_nothing_lost(result)
    assert result.during["command 503"] > 0, "no command was answered 503 while PostgreSQL was down"
    assert result.resumed_after is not None and result.resumed_after < 30, result.details()
