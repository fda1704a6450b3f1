"""Projections: rebuild rate, peak memory, lag from commit to visibility, kill -9 at scale.

- rebuild: all views (notes with inbox and public, trail, commitments, motions) rebuilt
  PostgreSQL -> Redis and SQLite -> SQLite, beside the bare rate of reading the same
  notification log and decoding it with the library's own mapper, in the same run, and
  per CPU-second also beside reading it as a rebuild does (plain rows) with that mapper.
- memory: peak RSS of a process rebuilding all views up to 1/10 of the log and up to all
  of it (100,000 and 1,000,000 events at full size), beside a process that only reads
  and decodes the same events.
- lag: commit to visibility, p50 and p99, under a steady 200 commands/s on PostgreSQL,
  the runner in its own process writing to Redis; beside the same runner projecting
  nothing (the library's LISTEN/NOTIFY subscription and decoding alone).
- crash: kill -9 the runner at random points of a catch-up, five times, then compare
  every view with a clean build (50,000 events at full size).
- reminders: the same lag with the reminder scheduler looking over 2,000 notes' and
  commitments' deadlines every second (60 times as often as in production), beside the
  same runner without it.
- growth: the rebuild rate (SQLite -> Redis and SQLite -> SQLite) and peak RSS over the
  first 100,000 and 1,000,000 events of one SQLite log (5,000,000 more with ``--full``).

    python -m bench.projections [--events 1000000] [--rate 200] [--seconds 30]
                                [--crash-events 50000] [--reminder-notes 2000]
                                [--parts rebuild,memory,lag,crash,reminders,growth]
                                [--growth 100000,1000000] [--full] [--log events.sqlite]
                                [--baseline REF [--rounds N]]

``--baseline REF [--rounds N]`` runs the same parts at the commit REF (its files taken
with ``git archive``, run by this Python) and here, alternately N times each, and prints
each figure of this version (the best of its runs) beside the same figure at REF, aiming
within 10 %; the CPU time per event of each rebuild counts as a figure of its own, as it
suffers less than wall time from others' load.

The full run (the defaults) writes a million events twice and takes about an hour on
two cores; ``--events 20000`` takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from eventsourcing.persistence import StoredEvent

from adapters.eventstore import event_store_env
from adapters.views_redis import RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from api.cli.projections import rebuild_in_processes
from bench.common import machine, percentile, report, store
from domain.actor import Actor
from domain.ledger import Ledger
from projections.catalogue import PROJECTORS, projectors
from projections.log import EventLog
from projections.rebuild import rebuild
from projections.reminders import Scheduler
from projections.runner import Runner

REDIS_URL = os.environ.get("NOTALEDGER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
ROOT = Path(__file__).resolve().parents[1]
PARTS = ("rebuild", "memory", "lag", "crash", "reminders", "growth")
BATCH = 2000
DRAFTER = Actor("VRO", "drafter", key_id="k-bench", person_id="p-bench")


def write_log(settings: dict, events: int) -> int:
    """Varied note lives, saved in bulk by the domain's own aggregates."""
    from tests.integration.projection_workload import write_stories

    ledger = Ledger(env=event_store_env(settings))
    try:
        return write_stories(ledger, events, seed=42, per_save=100)
    finally:
        ledger.close()


def views_for(kind: str, folder: str, prefix: str):
    if kind == "redis":
        return RedisViewStore(redis.Redis.from_url(REDIS_URL, socket_timeout=60),
                              prefix=prefix, grace=0)
    return SQLiteViewStore(os.path.join(folder, f"views-{prefix.strip(':')}.sqlite"))


def drop_prefix(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*", count=5000))
    for start in range(0, len(keys), 5000):
        client.unlink(*keys[start:start + 5000])
    client.close()


# --- rebuild rate -----------------------------------------------------------------------

def bare_read(ledger: Ledger, until: int | None = None) -> int:
    """Read the log in batches and decode each event with the library's mapper."""
    log, start, count = EventLog(ledger), 0, 0
    while notifications := log.notifications(start, BATCH, until):
        for notification in notifications:
            ledger.mapper.to_domain_event(notification)
        count += len(notifications)
        start = notifications[-1].id
    return count


def rows_read(ledger: Ledger, until: int | None = None) -> int:
    """Read the log as a rebuild now reads it (plain rows, each aggregate's id made once)
    and decode each event with the library's mapper: the floor of reading beside the
    library's own reading, so that a rebuild is not measured only against a slower read."""
    log, start, count, ids = EventLog(ledger), 0, 0, {}
    convert = getattr(ledger.recorder, "convert_originator_id", None)
    to_domain_event = ledger.mapper.to_domain_event
    while rows := log.rows(start, BATCH, until):
        for _, stored_id, version, topic, state in rows:
            read = ids.get(stored_id)
            if read is None:
                read = ids[stored_id] = stored_id if convert is None else convert(stored_id)
            to_domain_event(StoredEvent(originator_id=read, originator_version=version,
                                        topic=topic, state=state))
        count += len(rows)
        start = rows[-1][0]
    return count


def timed(run) -> tuple[float, float, object]:
    """Wall seconds, this process's CPU seconds, and the result of ``run``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def rebuild_rates(settings: dict, views: str, folder: str, label: str,
                  until: int | None = None, jobs: bool = True) -> None:
    """One process rebuilding every view, then two sharing them, beside reading alone."""
    ledger = Ledger(env=event_store_env(settings))
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    target = views_for(views, folder, prefix)
    try:
        wall, cpu, count = timed(lambda: bare_read(ledger, until))
        base = count / wall
        wall, cpu_ours, _ = timed(lambda: rebuild(ledger, target, projectors(),
                                                  until=until))  # the store's batch size
        report(f"rebuild all views {label}", count / wall, "events/s",
               "read+decode (library mapper)", base, aim="ratio ≥ 0.5", at_least=0.5)
        report(f"rebuild all views {label}, per CPU-s", count / cpu_ours, "events/s",
               "read+decode per CPU-s", count / cpu, aim="ratio ≥ 0.5", at_least=0.5)
        _, cpu_rows, _ = timed(lambda: rows_read(ledger, until))
        report(f"rebuild all views {label}, per CPU-s", count / cpu_ours, "events/s",
               "plain rows + mapper per CPU-s", count / cpu_rows)
        if jobs:
            environ = {**settings, **views_env(views, folder, prefix)}
            two, _, parts = timed(lambda: rebuild_in_processes(environ, list(PROJECTORS), 2,
                                                               None))
            report(f"rebuild all views {label}, 2 processes", count / two, "events/s",
                   "one process", count / wall, aim="ratio > 1", met=wall > two)
            # the same work on both sides: ``projections rebuild --jobs 1`` against
            # ``--jobs 2``, each opening its stores, rebuilding and closing them (the
            # one-process figure above starts with the stores open and stops before the
            # views file is closed, which on SQLite copies its write-ahead log back)
            one, _, _ = timed(lambda: rebuild_in_processes(environ, list(PROJECTORS), 1,
                                                           None))
            two, _, _ = timed(lambda: rebuild_in_processes(environ, list(PROJECTORS), 2,
                                                           None))
            report(f"rebuild all views {label}, --jobs 2 against --jobs 1, opened to "
                   "closed", count / two, "events/s", "--jobs 1", count / one,
                   aim="ratio > 1", met=one > two)
            # what two free cores give: the busier part's CPU time against one process's
            # (wall-clock time shows it only when no one else wants the cores)
            report(f"rebuild all views {label}, 2 processes, by the busier part's CPU",
                   count / max(parts), "events/s", "one process per CPU-s",
                   count / cpu_ours, aim="ratio > 1", met=max(parts) < cpu_ours)
    finally:
        target.close()
        ledger.close()
        if views == "redis":
            drop_prefix(prefix)


def growth(settings: dict, folder: str, sizes: list[int]) -> None:
    """Rebuild rates and peak memory as the log grows: the first ``size`` events of one log."""
    for size in sizes:
        rebuild_rates(settings, "redis", folder, f"SQLite -> Redis, {size:,} events", size,
                      jobs=False)
        rebuild_rates(settings, "sqlite", folder, f"SQLite -> SQLite, {size:,} events", size,
                      jobs=False)
        report(f"peak RSS, rebuild SQLite -> Redis, {size:,} events",
               child_peak("rebuild", settings, "redis", folder, size), "MiB",
               "read+decode only", child_peak("read", settings, "redis", folder, size),
               aim="flat")


def views_env(views: str, folder: str, prefix: str) -> dict[str, str]:
    """The settings under which the CLI's processes find the same views as views_for()."""
    if views == "redis":
        return {"NOTALEDGER_VIEWS": "redis", "NOTALEDGER_REDIS_URL": REDIS_URL,
                "NOTALEDGER_REDIS_PREFIX": prefix, "NOTALEDGER_REDIS_SWAP_GRACE": "0"}
    return {"NOTALEDGER_VIEWS": "sqlite", "NOTALEDGER_VIEWS_PATH":
            os.path.join(folder, f"views-{prefix.strip(':')}.sqlite")}


# --- peak memory -------------------------------------------------------------------------

def child_peak(mode: str, settings: dict, views: str, folder: str, until: int) -> float:
    """Peak RSS (MiB) of a fresh process that rebuilds (or only reads) up to ``until``."""
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    command = [sys.executable, "-m", "bench.projections", "--child", mode,
               "--settings", json.dumps(settings), "--views", views, "--folder", folder,
               "--prefix", prefix, "--until", str(until)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if views == "redis":
        drop_prefix(prefix)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} child failed with {done.returncode}: {done.stderr[-2000:]}")
    return int(done.stdout.split("peak_kib")[-1].split()[0]) / 1024


def peak_kib() -> int:
    """This process's peak resident set since exec (VmHWM; ru_maxrss counts the fork too)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def memory(settings: dict, views: str, folder: str, events: int, label: str) -> None:
    for size in (events // 10, events):
        ours = child_peak("rebuild", settings, views, folder, size)
        bare = child_peak("read", settings, views, folder, size)
        report(f"peak RSS, rebuild {label} at {size:,} events", ours, "MiB",
               "read+decode only", bare, aim="flat")


def run_child(arguments) -> None:
    settings = json.loads(arguments.settings)
    ledger = Ledger(env=event_store_env(settings))
    if arguments.child == "read":
        bare_read(ledger, arguments.until)
    elif arguments.child == "rebuild":
        target = views_for(arguments.views, arguments.folder, arguments.prefix)
        rebuild(ledger, target, projectors(), until=arguments.until)
    else:
        follow_child(ledger, arguments)
    ledger.close()
    print(f"peak_kib {peak_kib()}", flush=True)


# --- lag -----------------------------------------------------------------------------------

class TimingFeed:
    """A feed that notes when each event became visible (system-wide monotonic clock)."""

    capacity = 10**12

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}

    def last_id(self) -> int | None:
        return max(self.seen, default=None)

    def append(self, entries: list[dict]) -> None:
        now = time.monotonic()
        for entry in entries:
            self.seen.setdefault(entry["id"], now)


def follow_child(ledger: Ledger, arguments) -> None:
    target = views_for(arguments.views, arguments.folder, arguments.prefix)
    selected = [] if arguments.nothing else projectors()
    feed = TimingFeed()
    scheduler = (Scheduler(ledger.remind, target, interval=arguments.remind_every)
                 if arguments.remind_every else None)
    runner = Runner(ledger, target, selected, feed=feed, poll_interval=0.005,
                    scheduler=scheduler)
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    thread = threading.Thread(target=runner.run)
    thread.start()
    runner.following.wait(60)
    print("ready", flush=True)
    thread.join()
    Path(arguments.out).write_text(json.dumps(feed.seen))


def commands(settings: dict, rate: float, seconds: float) -> dict[int, float]:
    """A steady stream of nota commands; when each committed, by position."""
    ledger = Ledger(env=event_store_env(settings))
    committed: dict[int, float] = {}
    lock = threading.Lock()
    workers = 4

    def work(worker: int) -> None:
        note, step, started = None, 0, time.monotonic()
        for n in range(int(rate * seconds / workers)):
            time.sleep(max(0.0, started + n * workers / rate - time.monotonic()))
            if note is None or step % 12 == 0:
                saved = ledger.draft_note(
                    DRAFTER, reference=f"2026-LAG-{uuid.uuid4().hex[:10]}", title="Nota",
                    kind="decision", date="2026-06-05", from_unit="NPLV",
                    to_official="MVRO", ministry="VRO", actively_public=True)
                note = saved.id
            else:
                saved = ledger.revise_section(note, DRAFTER, "kern", f"Versie {step}.")
            step += 1
            with lock:
                committed[saved.position] = time.monotonic()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ledger.close()
    return committed


def lag_run(settings: dict, folder: str, rate: float, seconds: float,
            nothing: bool, remind_every: float = 0.0) -> list[float]:
    prefix = f"bench:{uuid.uuid4().hex[:8]}:"
    out = os.path.join(folder, f"lag-{prefix.strip(':')}.json")
    command = [sys.executable, "-m", "bench.projections", "--child", "follow",
               "--settings", json.dumps(settings), "--views", "redis", "--folder", folder,
               "--prefix", prefix, "--out", out] + (["--nothing"] if nothing else []) + (
                   ["--remind-every", str(remind_every)] if remind_every else [])
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        committed = commands(settings, rate, seconds)
        time.sleep(1.0)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        drop_prefix(prefix)
    visible = {int(k): v for k, v in json.loads(Path(out).read_text()).items()}
    return [(visible[p] - t) * 1000 for p, t in committed.items() if p in visible]


def lag(settings: dict, folder: str, rate: float, seconds: float) -> None:
    bare = lag_run(settings, folder, rate, seconds, nothing=True)
    ours = lag_run(settings, folder, rate, seconds, nothing=False)
    for share in (50, 99):
        report(f"lag commit->visible p{share} at {rate:.0f} cmd/s", percentile(ours, share),
               "ms", "subscription only", percentile(bare, share))
    print(f"    {len(ours):,} commands measured over {seconds:.0f} s", flush=True)


# --- reminders -----------------------------------------------------------------------------

def awaiting(settings: dict, notes: int) -> None:
    """Deadlines for the scheduler to look at: notes awaiting two answers each (reply-by a
    year ahead, so that nothing falls due and each look is a whole scan) and an open
    commitment per note, due in half a year."""
    ledger = Ledger(env=event_store_env(settings))
    far = (datetime.now(UTC) + timedelta(days=365)).date().isoformat()
    for n in range(notes):
        note = ledger.draft_note(DRAFTER, reference=f"2026-REM-{n:06d}", title="Nota",
                                 kind="decision", date="2026-06-05", from_unit="NPLV",
                                 to_official="MVRO", ministry="VRO", actively_public=False).id
        ledger.request_consultation(note, DRAFTER, "SZW", "co_responsible", far)
        ledger.request_consultation(note, DRAFTER, "OCW", "consulted", far)
        ledger.register_commitment(
            Actor("VRO", "registrar"), text=f"De minister stuurt brief {n}", minister="MVRO",
            ministry="VRO", recipients=[{"name": "Lid", "party": "X"}],
            debate_kind="commissiedebat", debate_date="2026-06-01",
            deadline=(datetime.now(UTC) + timedelta(days=180)).date().isoformat())
    ledger.close()


def reminders(settings: dict, folder: str, rate: float, seconds: float, notes: int,
              every: float) -> None:
    """The runner's lag with the reminder scheduler looking every ``every`` seconds (60 in
    production) over ``notes`` notes' deadlines, beside the same runner without it."""
    awaiting(settings, notes)
    without = lag_run(settings, folder, rate, seconds, nothing=False)
    scheduled = lag_run(settings, folder, rate, seconds, nothing=False, remind_every=every)
    for share in (50, 99):
        report(f"lag commit->visible p{share} at {rate:.0f} cmd/s, reminders every {every:g} s "
               f"over {notes:,} notes", percentile(scheduled, share), "ms",
               "no scheduler", percentile(without, share))
    print(f"    {len(scheduled):,} and {len(without):,} commands measured over {seconds:.0f} s",
          flush=True)


# --- kill -9 -------------------------------------------------------------------------------

def crash(events: int, kills: int, folder: str) -> None:
    """The crash test at scale, in SQLite and in Redis."""
    from tests.integration import test_projection_runner_crash as crash_test

    for kind in ("sqlite", "redis"):
        with tempfile.TemporaryDirectory(dir=folder) as place:
            tmp = Path(place)
            settings = {"NOTALEDGER_STORE": "sqlite",
                        "NOTALEDGER_SQLITE_PATH": str(tmp / "events.sqlite")}
            write_log(settings, events)
            ledger = Ledger(env=event_store_env(settings))
            head = EventLog(ledger).head()
            prefix = f"bench:{uuid.uuid4().hex[:8]}:"
            env = crash_test.runner_env(kind, tmp, prefix)
            if kind == "redis":
                env["NOTALEDGER_REDIS_URL"] = REDIS_URL
                live = views_for("redis", place, prefix)
            else:
                live = SQLiteViewStore(tmp / "views.sqlite")
            clean = SQLiteViewStore(tmp / "clean.sqlite")
            builders = {name: Runner(ledger, clean, projectors(name), batch_size=BATCH)
                        for name in PROJECTORS}
            rng, started = random.Random(kind), time.perf_counter()
            for target in sorted(rng.sample(range(head // 10, head * 9 // 10), kills)):
                died = crash_test.kill_when_past(crash_test.start(env, tmp), live, target, rng)
                crash_test.assert_same_views(live, clean, builders)
                print(f"    {kind}: killed at {died:,} of {head:,}; every view equals a "
                      "clean build to its position", flush=True)
            final = crash_test.start(env, tmp)
            assert all(live.wait_for(name, head, timeout=3600) for name in PROJECTORS)
            final.send_signal(signal.SIGTERM)
            final.wait(timeout=60)
            crash_test.assert_same_views(live, clean, builders)
            print(f"crash {kind}: {kills} kills during a {head:,}-event catch-up; final views "
                  f"equal a clean build ({time.perf_counter() - started:.0f} s)", flush=True)
            ledger.close()
            live.close()
            clean.close()
            if kind == "redis":
                drop_prefix(prefix)


# --- the run ---------------------------------------------------------------------------------

def parse(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="python -m bench.projections",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--crash-events", type=int, default=None)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--growth", default="100000,1000000",
                        help="log sizes for the growth part (5,000,000 more with --full)")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--log", help="an existing SQLite event store for the growth part "
                                      "(else one of the largest size is written first)")
    for hidden in ("--child", "--settings", "--views", "--folder", "--prefix", "--out"):
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--until", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--nothing", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--remind-every", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--reminder-notes", type=int, default=2000)
    parser.add_argument("--remind-seconds", type=float, default=1.0)
    parser.add_argument("--baseline", metavar="REF", help="measure at this commit too, back "
                        "to back, and print each figure beside it (e.g. 62d21df)")
    parser.add_argument("--rounds", type=int, default=1, help="with --baseline: alternate "
                        "runs of each, the best of them counting")
    return parser.parse_args(argv)


FIGURE = re.compile(r"^(?P<name>\S.*?)\s+(?P<value>[\d,]+(?:\.\d+)?) (?P<unit>\S+)\s+baseline ")
CPU = re.compile(r"^\s+CPU in this process: (?P<value>\d+) µs/event rebuilding")
HIGHER_IS_BETTER = ("events/s", "cmd/s")


def against(ref: str, argv: list[str], rounds: int) -> None:
    """This benchmark at ``ref`` and here, alternately ``rounds`` times each; each figure
    (the best of its rounds, as load on a shared machine only ever slows a run) beside
    ref's."""
    theirs: dict[str, list] = {}
    ours: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "baseline"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        for round_ in range(1, rounds + 1):
            figures(tree, argv, f"[{ref} #{round_}] ", theirs)
            figures(ROOT, argv, f"[this version #{round_}] ", ours)
    print(f"== projections: this version beside {ref}, best of {rounds} alternate runs ==",
          flush=True)
    for name, (values, unit) in ours.items():
        if name in theirs:
            higher = unit in HIGHER_IS_BETTER
            best = max if higher else min
            value = best(values)
            report(name, value, unit, ref, best(theirs[name][0]), aim="within 10 %",
                   at_least=0.9 if higher else None, at_most=None if higher else 1.1,
                   digits=0 if value > 100 else 1)


def figures(tree: Path, argv: list[str], label: str, found: dict) -> None:
    """Run the benchmark in ``tree``, echoing it; add the figures it reports to ``found``
    (name: ([values], unit)), the CPU per event of each rebuild as a figure of its own."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    last = ""
    with subprocess.Popen([sys.executable, "-m", "bench.projections", *argv], cwd=tree,
                          env=env, stdout=subprocess.PIPE, text=True) as child:
        for line in child.stdout:
            print(label + line, end="", flush=True)
            if match := FIGURE.match(line):
                last, value = match["name"], float(match["value"].replace(",", ""))
                found.setdefault(last, ([], match["unit"]))[0].append(value)
                if last.endswith(", per CPU-s") and value:  # the same, as CPU per event
                    last = last.removesuffix(", per CPU-s")
                    found.setdefault(f"CPU per event, {last}", ([], "µs/event"))[0].append(
                        round(1e6 / value))
            elif (match := CPU.match(line)) and last:
                found.setdefault(f"CPU per event, {last}", ([], "µs/event"))[0].append(
                    float(match["value"]))
    if child.returncode:
        raise SystemExit(f"{label}the benchmark failed ({child.returncode})")


def main(argv: list[str] | None = None) -> None:
    arguments = parse(argv)
    if arguments.child:
        run_child(arguments)
        return
    if arguments.baseline:
        given = list(sys.argv[1:] if argv is None else argv)
        kept = [a for i, a in enumerate(given) if not a.startswith("--baseline")
                and not (i and given[i - 1] == "--baseline")]
        kept = [a for i, a in enumerate(kept) if not a.startswith("--rounds")
                and not (i and kept[i - 1] == "--rounds")]
        against(arguments.baseline, kept, arguments.rounds)
        return
    parts = set(arguments.parts.split(","))
    print(f"== projections ({machine()}), {arguments.events:,} events, load average "
          f"{os.getloadavg()[0]:.1f} ==", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        if parts & {"rebuild", "memory"}:
            with store("postgres") as pg, store("sqlite") as lite:
                logs = ((pg, "PostgreSQL"), (lite, "SQLite")) if "rebuild" in parts else (
                    (pg, "PostgreSQL"),)
                for settings, label in logs:
                    started = time.perf_counter()
                    written = write_log(settings, arguments.events)
                    print(f"wrote {written:,} events to {label} in "
                          f"{time.perf_counter() - started:.0f} s", flush=True)
                if "rebuild" in parts:
                    rebuild_rates(pg, "redis", folder, "PostgreSQL -> Redis")
                    rebuild_rates(lite, "sqlite", folder, "SQLite -> SQLite")
                if "memory" in parts:
                    memory(pg, "redis", folder, arguments.events, "PostgreSQL -> Redis")
        if "lag" in parts:
            with store("postgres") as pg:
                lag(pg, folder, arguments.rate, arguments.seconds)
        if "reminders" in parts:
            with store("postgres") as pg:
                reminders(pg, folder, arguments.rate, arguments.seconds,
                          arguments.reminder_notes, arguments.remind_seconds)
        if "growth" in parts:
            sizes = [int(n) for n in arguments.growth.split(",") if n]
            sizes += [5_000_000] if arguments.full else []
            with store("sqlite") as lite:
                if arguments.log:
                    lite = {**lite, "NOTALEDGER_SQLITE_PATH": arguments.log}
                else:
                    write_log(lite, max(sizes))
                growth(lite, folder, sizes)
        if "crash" in parts:
            crash(arguments.crash_events or min(50_000, arguments.events), arguments.kills,
                  folder)


if __name__ == "__main__":
    main()
