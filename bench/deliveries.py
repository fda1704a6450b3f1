"""Deliveries to a local webhook receiver at a steady command rate, beside the projection lag.

Each command asks SZW for consultation on a note drafted beforehand; SZW has three webhook
subscriptions, so each command makes three deliveries. The views' runner, the outbox's
runner and the sender run as they do in the embedded default (threads of one process, on
SQLite files); the receiver is a threaded HTTP server on loopback that verifies every
signature. Figures, from one run:

- commands/s offered and achieved; deliveries/s received (unique webhook-ids);
- commit → delivery delay p50/p99, beside commit → views applied (the projection lag, the
  baseline) and commit → outbox derived;
- with ``--outage S``: the receiver is down for S seconds from half-way through, and
  the time from its return until everything has arrived.

With ``--outbox postgres`` the outbox is PostgreSQL (a fresh schema in the database the
NOTALEDGER_PG_* settings name, dropped afterwards), as in production; the event log and
the views stay SQLite files, so the difference is the outbox's alone.

    python -m bench.deliveries [--rate 200] [--seconds 10] [--outage 0] [--base 1]
                               [--outbox sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time

from adapters.eventstore import event_store_env
from adapters.outbox import PostgresOutbox, SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.pg import conninfo
from adapters.sender import Sender, SenderSettings
from adapters.subscriptions import Subscriptions
from adapters.views_sqlite import SQLiteViewStore
from adapters.webhooks import WebhookPoster
from bench.common import machine, percentile
from bench.common import report as figure
from domain.actor import Actor
from domain.delivery import Backoff
from domain.ledger import Ledger
from projections.outbox_runner import OutboxRunner
from projections.runner import Runner
from tests.webhook_receiver import Receiver

DRAFTER = Actor("VRO", "drafter")
SUBSCRIBERS = 3


class Timed:
    """Wraps a runner's apply: when each position was applied."""

    def __init__(self, runner) -> None:
        self.at: dict[int, float] = {}
        original = runner.apply

        def apply(facts):
            original(facts)
            now = time.time()
            for fact in facts:
                self.at[fact.position] = now

        runner.apply = apply


def open_outbox(kind: str, folder: str):
    """The outbox of the run, and what removes it afterwards."""
    if kind == "sqlite":
        outbox = SQLiteOutbox(f"{folder}/outbox.sqlite")
        return outbox, outbox.close
    dsn = conninfo(event_store_env({**os.environ, "NOTALEDGER_STORE": "postgres"}))
    schema = f"bench_outbox_{os.getpid()}"
    outbox = PostgresOutbox(dsn, schema)

    def drop() -> None:
        import psycopg

        outbox.close()
        with psycopg.connect(dsn, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {schema} CASCADE")
    return outbox, drop


def run(rate: float, seconds: float, outage: float, base: float,
        kind: str = "sqlite") -> None:
    folder = tempfile.mkdtemp(prefix="bench-deliveries-")
    ledger = Ledger(env=event_store_env({"NOTALEDGER_STORE": "sqlite",
                                         "NOTALEDGER_SQLITE_PATH": f"{folder}/events.sqlite"}))
    views = SQLiteViewStore(f"{folder}/views.sqlite")
    outbox, remove = open_outbox(kind, folder)
    try:
        measure(ledger, views, outbox, folder, rate, seconds, outage, base, kind)
    finally:
        remove()
        ledger.close()


def measure(ledger, views, outbox, folder, rate, seconds, outage, base, kind) -> None:
    receiver = Receiver().reserve()
    subscriptions = Subscriptions(outbox, SQLitePersonRegistry(f"{folder}/persons.sqlite"),
                                  True, 60)
    for n in range(SUBSCRIBERS):
        path = f"/szw-{n}"
        receiver.secrets[path] = subscriptions.create(
            "SZW", "webhook", receiver.url + path, wanted=["consultation.requested"])[1]
    count = int(rate * seconds)
    notes = [ledger.draft_note(DRAFTER, reference=f"2026-BENCH-{n:06d}", title="Bench",
                               kind="decision", date="2026-06-05", from_unit="NPLV",
                               to_official="MVRO", ministry="VRO", actively_public=False).id
             for n in range(count)]
    view_runner = Runner(ledger, views, poll_interval=0.01)
    outbox_runner = OutboxRunner(ledger, outbox, poll_interval=0.01)
    view_runner.catch_up()
    outbox_runner.catch_up()
    view_times, outbox_times = Timed(view_runner), Timed(outbox_runner)
    view_runner.start()
    outbox_runner.start()
    sender = Sender(outbox, WebhookPoster(5, allow_private=True),
                    Backoff(base, max(base, 10 * base), 1000),
                    SenderSettings(workers=16, batch=200, poll=0.01)).start()
    receiver.start()
    committed: dict[int, float] = {}
    started = time.time()
    for n, note in enumerate(notes):
        if outage and n == count // 2:  # half-way through the commands, for ``outage`` s
            receiver.stop()
            threading.Timer(outage, receiver.start).start()
        pause = started + n / rate - time.time()
        if pause > 0:
            time.sleep(pause)
        saved = ledger.request_consultation(note, DRAFTER, "SZW", "consulted")
        committed[saved.position] = time.time()
    offered_for = time.time() - started
    deadline = time.time() + 120 + outage
    while len(receiver.unique()) < SUBSCRIBERS * count and time.time() < deadline:
        time.sleep(0.05)
    finished = time.time()
    for part in (sender, outbox_runner, view_runner):
        part.stop()
    receiver.stop()
    report(rate, count, offered_for, committed, receiver, view_times.at, outbox_times.at,
           started, finished, outage and receiver.started_at, kind)
    for part in (sender, outbox_runner, view_runner):
        part.join(5)


def report(rate, count, offered_for, committed, receiver, views_at, outbox_at, started,
           finished, back, kind) -> None:
    unique = receiver.unique()
    delays = [(a.at - committed[int(a.message_id.split("_")[1])]) * 1000
              for a in unique.values()]
    lag = [(views_at[p] - t) * 1000 for p, t in committed.items() if p in views_at]
    derived = [(outbox_at[p] - t) * 1000 for p, t in committed.items() if p in outbox_at]
    verified = sum(a.verified for a in unique.values())
    print(f"bench.deliveries · outbox in {kind} · {machine()} · load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  commands: {count} offered at {rate:.0f}/s, achieved {count / offered_for:.0f}/s; "
          f"{SUBSCRIBERS} subscribers each")
    print(f"  deliveries: {len(unique)} of {SUBSCRIBERS * count} arrived "
          f"({len(receiver.arrivals) - len(unique)} duplicates), {verified} verified, "
          f"{len(unique) / (finished - started):.0f}/s over the run")
    print(f"  {'commit →':<22}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, samples in (("views (baseline)", lag), ("outbox derived", derived),
                          ("webhook delivered", delays)):
        print(f"  {name:<22}{percentile(samples, 50):>10.1f}{percentile(samples, 99):>10.1f}"
              f"{max(samples, default=float('nan')):>10.1f}")
    achieved = count / offered_for
    last = max((a.at for a in unique.values()), default=finished)
    label = f"at {achieved:.0f} commands/s × {SUBSCRIBERS}" + (" with an outage" if back else "")
    label += "" if kind == "sqlite" else f" ({kind} outbox)"
    figure(f"deliveries/s {label}", len(unique) / (last - started), "/s",
           "deliveries needed/s", SUBSCRIBERS * achieved,
           "" if back else "keeps up (ratio ≥ 0.95)", at_least=None if back else 0.95)
    figure(f"commit→delivery p50 {label}", percentile(delays, 50), "ms",
           "commit→views p50", percentile(lag, 50), digits=1)
    p99 = percentile(delays, 99)
    figure(f"commit→delivery p99 {label}", p99, "ms", "commit→views p99",
           percentile(lag, 99), "p99 < 1 s" if not back else "", met=p99 < 1000 if not back
           else None, digits=1)
    if back:
        print(f"  the receiver came back at {back - started:.1f} s into the run; everything "
              f"had arrived {last - back:.1f} s later")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.deliveries", description=__doc__)
    parser.add_argument("--rate", type=float, default=200.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--outage", type=float, default=0.0,
                        help="seconds the receiver is down in the middle of the run")
    parser.add_argument("--base", type=float, default=1.0, help="backoff base in seconds")
    parser.add_argument("--outbox", choices=("sqlite", "postgres"), default="sqlite",
                        help="where the outbox is (postgres: NOTALEDGER_PG_* name the server)")
    arguments = parser.parse_args(argv)
    run(arguments.rate, arguments.seconds, arguments.outage, arguments.base, arguments.outbox)


if __name__ == "__main__":
    main()
