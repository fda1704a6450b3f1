"""Proof that the service survives faults under load, on loopback, with servers of its own.

Each scenario starts ``notaledger up``'s processes on a throwaway PostgreSQL cluster and
redis-server, puts drafters, a reader and SSE subscribers on it, does its harm, lets the
load run on, waits until the views have caught up, and checks what every client saw
against the event log, the hash chains and a clean rebuild of every view:

- ``kill-api``: kill -9 an API worker (granian starts another; a worker killed again within
  5.5 s of its restart makes granian stop, a crash loop to it, and ``up`` starts the API
  again) in the middle of commands;
- ``kill-projections``: kill -9 the projection worker (``up`` starts it again);
- ``stop-redis``: stop Redis for ``--outage`` seconds, then start it again;
- ``stop-postgres``: stop PostgreSQL (immediate: a crash) for ``--outage`` seconds.

    python -m bench.faults [SCENARIO ...] [--outage 30] [--after 20] [--writers 4]

Each run ends with a table: requests sent, succeeded, failed as expected, failed
unexpectedly, events lost (must be 0), views diverging from a rebuild (must be 0).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from api.cli.supervisor import children
from bench.common import machine
from bench.servers import PrivatePostgres, PrivateRedis
from bench.stack import Stack
from bench.tally import (
    Expected,
    Result,
    any_of,
    check_store,
    count_answers,
    dropped,
    in_flight,
    table,
    unavailable,
    views_behind,
)
from bench.workload import Load, Plan, settle_time


@dataclass
class Servers:
    pg: PrivatePostgres
    redis: PrivateRedis


def kill_api(stack: Stack, servers: Servers, plan: Plan) -> None:
    """kill -9 one of the API's granian workers, ``kills`` times across the outage span."""
    for _ in range(plan.kills):
        time.sleep(plan.outage / plan.kills)
        workers = children(stack.process("api").pid)
        if workers:
            os.kill(random.choice(workers), signal.SIGKILL)


def kill_projections(stack: Stack, servers: Servers, plan: Plan) -> None:
    """kill -9 the projection worker, ``kills`` times; the supervisor starts it again."""
    for _ in range(plan.kills):
        time.sleep(plan.outage / plan.kills)
        stack.process("projections").signal(signal.SIGKILL)


def stop_redis(stack: Stack, servers: Servers, plan: Plan) -> None:
    servers.redis.stop()
    time.sleep(plan.outage)
    servers.redis.start()


def stop_postgres(stack: Stack, servers: Servers, plan: Plan) -> None:
    servers.pg.stop("immediate")
    time.sleep(plan.outage)
    servers.pg.start()


SCENARIOS: dict[str, tuple[str, object, Expected]] = {
    "kill-api": ("kill -9 an API worker mid-commands", kill_api, any_of(dropped, in_flight)),
    "kill-projections": ("kill -9 the projection worker under load", kill_projections,
                         views_behind),
    "stop-redis": ("stop Redis under load", stop_redis, any_of(unavailable, in_flight)),
    "stop-postgres": ("stop PostgreSQL under load", stop_postgres, unavailable),
}


def run_scenario(name: str, plan: Plan, workdir: Path) -> tuple[Result, Stack]:
    """One scenario from start to verdict; the stack is stopped when it returns."""
    _, harm, expected = SCENARIOS[name]
    servers = Servers(PrivatePostgres().create(), PrivateRedis().start())
    stack = Stack(workdir, servers.pg.url, servers.redis.url, checkpoint_every=2.0)
    result = Result(name)
    try:
        with stack:
            load = Load(stack, plan, head=0).start()
            time.sleep(plan.warm)
            began = time.monotonic()
            harm(stack, servers, plan)
            ended = time.monotonic()
            time.sleep(plan.after)
            load.stop()
            stack.wait_ready(timeout=120)
            stack.wait_caught_up(timeout=120)
            time.sleep(1.0)  # the last entries reach the stream and the subscribers
            load.stop_subscribers()
            count_answers(result, load.answers, expected, (began, ended))
            result.resumed_after = settle_time(load.answers, ended)
            check_store(result, stack, load.answers, load.subscribers, expected)
            result.restarts = {n: p.restarts for n, p in stack.supervisor.processes.items()}
    finally:
        servers.pg.destroy()
        servers.redis.destroy()
    return result, stack


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.faults",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                        help=f"which of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--outage", type=float, default=30.0,
                        help="seconds a server stays down (the span of the kills)")
    parser.add_argument("--warm", type=float, default=5.0, help="seconds of load before")
    parser.add_argument("--after", type=float, default=20.0, help="seconds of load after")
    parser.add_argument("--writers", type=int, default=4, help="drafting clients")
    parser.add_argument("--kills", type=int, default=3)
    arguments = parser.parse_args(argv)
    unknown = set(arguments.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"no scenario named {', '.join(sorted(unknown))}")
    plan = Plan(warm=arguments.warm, outage=arguments.outage, after=arguments.after,
                kills=arguments.kills, writers=arguments.writers)
    print(f"# bench.faults on {machine()}", flush=True)
    results = []
    for name in arguments.scenarios or SCENARIOS:
        workdir = Path(tempfile.mkdtemp(prefix=f"notaledger-{name}-"))
        print(f"\n## {name}: {SCENARIOS[name][0]} (outage {plan.outage:g} s)", flush=True)
        result, stack = run_scenario(name, plan, workdir)
        results.append(result)
        print(table([result]))
        print(result.details())
        print(f"restarts: {result.restarts}; logs in {stack.options.log_dir}", flush=True)
    print("\n" + table(results))
    for result in results:
        print(f"{result.scenario}: " + ("nothing lost, doubled, broken or unexpected"
                                        if result.ok else "see its details above"))


if __name__ == "__main__":
    main()
