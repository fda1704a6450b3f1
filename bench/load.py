"""A realistic mix under ``notaledger up``'s processes: throughput and p50/p99 per operation.

Drafting, consultation answers, decisions, register and inbox reads (bench/mix.py) and
SSE subscribers, for ``--seconds`` (120 is the CI-sized run; the default is ten minutes).
Baseline, in the same run: the same kinds of request sent alone by one client before the
mix starts. Runs on a throwaway PostgreSQL cluster and redis-server unless ``--pg`` and
``--redis-url`` name others (their database is used as is: give an empty schema).

    python -m bench.load [--seconds 600] [--drafters 3] [--subscribers 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

from bench.common import machine, percentile, record
from bench.mix import CONSULTEES, Mix
from bench.servers import PrivatePostgres, PrivateRedis
from bench.stack import Stack
from bench.traffic import Answer, Client, Subscriber
from projections.log import EventLog


def _ms(samples: list[float], share: float) -> float:
    return percentile(samples, share) * 1000 if samples else float("nan")


def alone(stack: Stack, count: int) -> dict[str, list[float]]:
    """Latencies of one client sending each kind of request with nothing else running."""
    client = Client(stack.api_url, stack.token("VRO", "drafter"))
    ref = f"2026-B{uuid.uuid4().hex[:10]}"
    client.post("draft", "/v1/notes", {"reference": ref, "title": "Baseline", "kind": "decision",
                                    "date": "2026-06-05", "fromUnit": "NPLV",
                                    "toOfficial": "MVRO", "activelyPublic": False})
    kinds = {"command": lambda i: client.post("command", f"/v1/notes/{ref}/revise-title",
                                              {"title": f"Baseline {i}"}),
             "view read": lambda i: client.get("view read", f"/v1/notes/{ref}"),
             "register read": lambda i: client.get("register read", "/v1/notes?limit=20")}
    found: dict[str, list[float]] = {}
    for kind, send in kinds.items():
        answers = [send(i) for i in range(count)]
        assert all(a.ok for a in answers), [a.describe() for a in answers if not a.ok][:3]
        found[kind] = [a.seconds for a in answers]
    client.close()
    return found


KIND_OF = {"read note": "view read", "list own notes": "register read",
           "read inbox": "register read", "list submitted notes": "register read",
           "read commitments register": "register read", "read motions register":
           "register read", "read dashboard": "register read"}


def table(answers: list[Answer], seconds: float, baseline: dict[str, list[float]]) -> str:
    by_op: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_op[answer.op].append(answer)
    lines = ["| operation | count | per second | p50 ms | p99 ms | refused (4xx) | errors "
             "(5xx, no answer) | alone p50 / p99 ms |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for op, done in sorted(by_op.items(), key=lambda item: -len(item[1])):
        times = [a.seconds for a in done]
        refused = sum(1 for a in done if a.status is not None and 400 <= a.status < 500)
        errors = sum(1 for a in done if a.status is None or a.status >= 500)
        kind = KIND_OF.get(op, "command")
        base = baseline[kind]
        lines.append(f"| {op} | {len(done)} | {len(done) / seconds:.1f} | {_ms(times, 50):.1f} "
                     f"| {_ms(times, 99):.1f} | {refused} | {errors} | {kind}: "
                     f"{_ms(base, 50):.1f} / {_ms(base, 99):.1f} |")
    everything = [a.seconds for a in answers]
    lines.append(f"| all | {len(answers)} | {len(answers) / seconds:.1f} | "
                 f"{_ms(everything, 50):.1f} | {_ms(everything, 99):.1f} | | | |")
    return "\n".join(lines)


def _record(answers: list[Answer], baseline: dict[str, list[float]]) -> None:
    """The mix's tail and its failures, for the summary of ``python -m bench``."""
    failed = sum(1 for a in answers if a.status is None or a.status >= 500)
    record("load: every request of the mix, p99", _ms([a.seconds for a in answers], 99), "ms",
           "a command alone, p99", _ms(baseline["command"], 99))
    record("load: requests failed (5xx or no answer)", failed, "requests", "sent", len(answers),
           "none", met=failed == 0)


def sse_line(subscribers: list[Subscriber], committed: dict[int, float],
             auditors: list[Subscriber], positions: set[int]) -> str:
    """Events delivered, missed (by auditors, who see all), and how long they took."""
    delays = [arrived - committed[event] for s in subscribers
              for event, arrived in zip(s.ids, s.arrived, strict=True) if event in committed]
    received = sum(len(s.ids) for s in subscribers)
    reconnects = sum(s.reconnects for s in subscribers)
    missed = sum(len(s.missed(positions)) for s in auditors)
    return (f"SSE: {len(subscribers)} subscribers received {received} events "
            f"({reconnects} reconnects; the {len(auditors)} auditors, who see every event, "
            f"missed {missed}); from a command's answer to its event on the stream: "
            f"p50 {_ms(delays, 50):.0f} ms, p99 {_ms(delays, 99):.0f} ms")


def log_positions(stack: Stack) -> set[int]:
    ledger = stack.ledger()
    try:
        log, positions, after = EventLog(ledger), set(), 0
        while notifications := log.notifications(after, 5000):
            positions.update(n.id for n in notifications)
            after = notifications[-1].id
        return positions
    finally:
        ledger.close()


def run(arguments, workdir: Path, pg_url: str, redis_url: str) -> None:
    with Stack(workdir, pg_url, redis_url, workers=arguments.workers,
               threads=arguments.threads, sse_connections=max(1000, arguments.subscribers + 8),
               checkpoint_every=30.0) as stack:
        baseline = alone(stack, arguments.samples)
        tokens = [stack.token("ADR", "auditor")] + [stack.token(org, "consultee")
                                                   for org in CONSULTEES]
        subscribers = [Subscriber(stack.sse_url, tokens[n % len(tokens)], after=0)
                       for n in range(arguments.subscribers)]
        for subscriber in subscribers:
            subscriber.start()
        mix = Mix(stack, drafters=arguments.drafters, think=arguments.think).start()
        started = time.monotonic()
        time.sleep(arguments.seconds)
        mix.stop()
        elapsed = time.monotonic() - started
        stack.wait_caught_up(timeout=120)
        time.sleep(1.0)
        for subscriber in subscribers:
            subscriber.stop()
        print(table(mix.answers, elapsed, baseline))
        _record(mix.answers, baseline)
        auditors = subscribers[::len(tokens)]  # the first token is the auditor's
        print(sse_line(subscribers, mix.committed, auditors, log_positions(stack)))
        restarts = {n: p.restarts for n, p in stack.supervisor.processes.items()}
        print(f"# {elapsed:.0f} s of load; process restarts {restarts}; load average "
              f"{os.getloadavg()[0]:.1f} at the end (2 cores shared by clients and servers)",
              flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0,
                        help="length of the mix (120: the CI-sized run)")
    parser.add_argument("--drafters", type=int, default=3)
    parser.add_argument("--subscribers", type=int, default=20, help="SSE clients")
    parser.add_argument("--think", type=float, default=0.05,
                        help="seconds each actor pauses between steps (on average)")
    parser.add_argument("--workers", type=int, default=2, help="granian workers of the API")
    parser.add_argument("--threads", type=int, default=4, help="threads per API worker")
    parser.add_argument("--samples", type=int, default=200, help="baseline requests per kind")
    parser.add_argument("--pg", help="PostgreSQL URL (default: a throwaway cluster)")
    parser.add_argument("--redis-url", help="Redis URL (default: a throwaway redis-server)")
    arguments = parser.parse_args(argv)
    print(f"# bench.load on {machine()} · load average {os.getloadavg()[0]:.1f} at start · "
          f"{arguments.seconds:g} s, {arguments.drafters} drafters, {len(CONSULTEES)} "
          f"consultees, 1 decider, 1 registrar, {arguments.subscribers} SSE subscribers, "
          f"API {arguments.workers}×{arguments.threads} granian", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="notaledger-load-"))
    pg = None if arguments.pg else PrivatePostgres().create()
    redis = None if arguments.redis_url else PrivateRedis().start()
    try:
        run(arguments, workdir, arguments.pg or pg.url, arguments.redis_url or redis.url)
    finally:
        for server in (pg, redis):
            if server is not None:
                server.destroy()
    print(f"# logs in {workdir / 'log'}")


if __name__ == "__main__":
    main()
