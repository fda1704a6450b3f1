"""Group commit and commands without the copy, each figure beside the bare library's.

Per store, in one run:
- one client: commands/s of ``Ledger.revise_section`` on a note of 21 events, beside the
  bare ``eventsourcing`` Application saving one event of the same size per command (and
  beside ``Ledger`` with the library's deep-copying cache, what commands cost before);
- ``--clients`` threads on ``--aggregates`` notes, as many commands as they can: ours
  (group commit) beside the bare library's single-event commands with as many threads;
- p50/p99 at 70 % of each one's own most, open loop (latency counted from when a
  command was due), ``--latency-rounds`` windows of each in turn, the median of them;
- the soak, ``--soak-clients`` × ``--soak-commands`` on ``--aggregates`` notes: every
  command answered exactly once, versions and log positions gap-free, chains intact.

    python -m bench.groupcommit [--stores sqlite,postgres] [--clients 16] [--seconds 6]
        [--aggregates 100] [--soak-clients 64] [--soak-commands 500] [--latency-rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from adapters.eventstore import event_store_env
from bench.common import bare_env, machine, percentile, report, store
from bench.ledger import TEXT, Dossier
from domain.actor import Actor
from domain.ledger import Ledger

DRAFTER = Actor("VRO", "drafter", key_id="k-bench", person_id="p-bench")
NOTE = dict(title="Kamerbrief", kind="decision", date="2026-06-05", from_unit="NPLV",
            to_official="MVRO", ministry="VRO", actively_public=False)


class CopyingLedger(Ledger):
    """Ledger with the library's cache, which deep-copies a cached aggregate per load."""

    def construct_repository(self):
        return Application.construct_repository(self)

    def _record(self, processing_event):
        return Application._record(self, processing_event)


def _notes(ledger: Ledger, count: int, events: int = 1) -> list:
    ids, first = [], random.randrange(10**8)
    for n in range(count):
        note = ledger.draft_note(DRAFTER, reference=f"2026-GC{first + n:09d}", **NOTE).id
        for k in range(events - 1):
            ledger.revise_section(note, DRAFTER, f"deel {k}", TEXT)
        ids.append(note)
    return ids


def _dossiers(app: Application, count: int) -> list:
    ids = []
    for _ in range(count):
        dossier = Dossier(text=TEXT)
        app.save(dossier)
        ids.append(dossier.id)
    return ids


def ours_command(ledger: Ledger) -> Callable:
    return lambda note, k: ledger.revise_section(note, DRAFTER, "kern", f"{TEXT[:100]} {k}")


def bare_command(app: Application) -> Callable:
    actor = DRAFTER.to_dict()

    def change(dossier, k) -> None:
        while True:  # reload and retry on a race, as the ledger does
            loaded = app.repository.get(dossier)
            loaded.change(actor, f"{TEXT[:100]} {k}")
            try:
                app.save(loaded)
                return
            except IntegrityError:
                continue
    return change


def cpu_rate(command: Callable, ids: list, seconds: float) -> float:
    """Commands per CPU-second of the one thread that sends them (and, alone, commits
    them): the command's own cost, without the waits for the disk that dominate the
    wall clock on a shared machine."""
    ends, done = time.perf_counter() + seconds, 0
    started = time.thread_time()
    while time.perf_counter() < ends:
        command(ids[0], done)
        done += 1
    return done / (time.thread_time() - started)


class Commits:
    """How long each commit took, how many saves it carried and, given ``queued``, how
    many saves had queued behind it by its end (a backlog shows there), by wrapping the
    call."""

    def __init__(self, owner: Any, name: str, size: Callable[[Any], int],
                 queued: Callable[[], int] | None = None) -> None:
        self.samples: list[tuple[int, float]] = []
        self.behind: list[int] = []
        self.owner, self.name, real = owner, name, getattr(owner, name)

        def timed(batch: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return real(batch, *args, **kwargs)
            finally:
                self.samples.append((size(batch), time.perf_counter() - started))
                if queued is not None:
                    self.behind.append(queued())
        setattr(owner, name, timed)

    def line(self) -> str:
        times = [seconds * 1000 for _, seconds in self.samples]
        saves = sum(size for size, _ in self.samples)
        queue = (f", queued behind one {percentile(self.behind, 50):.0f} / "
                 f"{percentile(self.behind, 99):.0f}" if self.behind else "")
        return (f"{len(self.samples):,} commits of {saves / max(1, len(self.samples)):.1f} "
                f"saves, {percentile(times, 50):.1f} / {percentile(times, 99):.1f} ms{queue}")


class Phases:
    """Where each command of an open loop spent its time, by wrapping the recorder's
    ``insert_events`` (the save: for ours the queue, the commit and the wake-up; for the
    bare library its own insert): started late (due until it started), the load and the
    command (until the save), the save, and what followed it; with the collector's pauses
    in the same minutes (a full collection stops every thread)."""

    def __init__(self, recorder: Any) -> None:
        self.late: list[float] = []
        self.before: list[float] = []
        self.save: list[float] = []
        self.after: list[float] = []
        self.pauses: list[tuple[int, float]] = []
        self._local, self._started = threading.local(), 0.0
        real = recorder.insert_events

        def timed(*args: Any, **kwargs: Any) -> Any:
            self._local.saving = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                self._local.saved = time.perf_counter()
        recorder.insert_events = timed

    def command(self, command: Callable) -> Callable:
        def timed(due: float, *args: Any) -> None:
            local, started = self._local, time.perf_counter()
            local.saving = local.saved = None
            command(*args)
            ended = time.perf_counter()
            if local.saving is not None and local.saved is not None:
                self.late.append((started - due) * 1000)
                self.before.append((local.saving - started) * 1000)
                self.save.append((local.saved - local.saving) * 1000)
                self.after.append((ended - local.saved) * 1000)
        return timed

    def _collected(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], (time.perf_counter() - self._started) * 1000))

    def __enter__(self) -> Phases:
        gc.callbacks.append(self._collected)
        return self

    def __exit__(self, *exc: Any) -> None:
        gc.callbacks.remove(self._collected)

    def line(self) -> str:
        def parts(samples: list[float]) -> str:
            return f"{percentile(samples, 50):.1f} / {percentile(samples, 99):.1f}"
        full = [ms for generation, ms in self.pauses if generation == 2]
        return (f"late {parts(self.late)}, load and command {parts(self.before)}, save "
                f"{parts(self.save)}, after {parts(self.after)} ms; {len(self.pauses)} "
                f"collections, {len(full)} full ({max(full, default=0):.0f} ms at most)")


def closed(command: Callable, ids: list, clients: int, seconds: float) -> float:
    """Commands/s with ``clients`` threads each sending one after another on random ids."""
    ends = time.perf_counter() + seconds

    def client(lane: int) -> int:
        rng, done = random.Random(lane), 0
        while time.perf_counter() < ends:
            command(ids[rng.randrange(len(ids))], done)
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        done = sum(pool.map(client, range(clients)))
    return done / (time.perf_counter() - started)


def opened(command: Callable, ids: list, clients: int, per_second: float,
           seconds: float, phases: Phases | None = None) -> list[float]:
    """Latencies (ms) of commands due on a fixed schedule, counted from when each was due;
    ``phases``, if given, times each command's parts."""
    timed = phases.command(command) if phases is not None else None
    count, start = int(per_second * seconds), time.perf_counter() + 0.2
    lanes: list[list[float]] = [[] for _ in range(clients)]

    def lane(number: int) -> None:
        rng = random.Random(number)
        for k in range(number, count, clients):
            due = start + k / per_second
            time.sleep(max(0.0, due - time.perf_counter()))
            if timed is not None:
                timed(due, ids[rng.randrange(len(ids))], k)
            else:
                command(ids[rng.randrange(len(ids))], k)
            lanes[number].append((time.perf_counter() - due) * 1000)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lane, range(clients)))
    return [latency for each in lanes for latency in each]


def soak(ledger: Ledger, clients: int, commands: int, aggregates: int) -> tuple[float, str]:
    """Commands/s of the soak and what its checks found ('ok' or the first failure)."""
    notes = _notes(ledger, aggregates)
    answers: dict[str, tuple] = {}
    failures: list[BaseException] = []

    def client(number: int) -> None:
        rng = random.Random(number)
        try:
            for i in range(commands):
                request = f"c{number}-{i}"
                actor = Actor("VRO", "drafter", person_id=f"p-{number}", request=request)
                note = notes[rng.randrange(aggregates)]
                saved = ledger.revise_section(note, actor, f"deel {number}", request)
                answers[request] = (note, saved.version, saved.position)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return clients * commands / elapsed, _checked(ledger, notes, answers, failures,
                                                  clients * commands)


def _checked(ledger: Ledger, notes: list, answers: dict, failures: list, sent: int) -> str:
    if failures:
        return f"{len(failures)} commands failed, first: {failures[0]!r}"
    log = ledger.recorder.select_notifications(None, 10**8)
    if [n.id for n in log] != list(range(log[0].id, log[0].id + len(log))):
        return "the log positions have a gap"
    position = {(n.originator_id, n.originator_version): n.id for n in log}
    recorded: dict[str, tuple] = {}
    for note in notes:
        history = ledger.history(note)
        if [e["version"] for e in history] != list(range(1, len(history) + 1)):
            return f"note {note}: the versions have a gap"
        for event in history[1:]:
            request = event["actor"]["request"]
            if request in recorded:
                return f"{request} recorded twice"
            recorded[request] = (note, event["version"], position[(note, event["version"])])
    if len(answers) != sent or recorded != answers:
        return "an answer does not name its own event"
    return "ok" if ledger.verify().ok else "a chain is broken"


def rate_of_bare(kind: str, arguments) -> float:
    """The bare library's commands/s with the soak's clients and aggregates."""
    with store(kind) as settings:
        bare = Application(env=bare_env(settings))
        dossiers = _dossiers(bare, arguments.aggregates)
        rate = closed(bare_command(bare), dossiers, arguments.soak_clients, arguments.seconds)
        bare.close()
    return rate


def with_cpu(into: list[float], run: Callable[[], float]) -> float:
    """``run``'s commands/s; appends its commands per CPU-second of this whole process
    (every client thread and the commits they lead): with the interpreter's lock, one
    process's Python runs on one core at a time, so this caps what its clients reach."""
    wall, cpu = time.perf_counter(), time.process_time()
    rate = run()
    into.append(rate * (time.perf_counter() - wall) / (time.process_time() - cpu))
    return rate


def _alternating(first: Callable[[], float], second: Callable[[], float],
                 rounds: int = 2) -> tuple[float, float]:
    """Both rates measured in turns, each the mean of its rounds (the load moves)."""
    a, b = [], []
    for _ in range(rounds):
        a.append(first())
        b.append(second())
    return sum(a) / rounds, sum(b) / rounds


def measure(kind: str, arguments) -> list[str]:
    lines, seconds, clients = [], arguments.seconds, arguments.clients
    with store(kind) as ours_settings, store(kind) as bare_settings, \
            store(kind) as copy_settings:
        ledger = Ledger(env=event_store_env(ours_settings))
        copying = CopyingLedger(env=event_store_env(copy_settings))
        bare = Application(env=bare_env(bare_settings))
        one = _notes(ledger, 1, 21)
        one_copied = _notes(copying, 1, 21)
        dossier = _dossiers(bare, 1)
        for command, ids in ((ours_command(ledger), one), (bare_command(bare), dossier)):
            closed(command, ids, 1, 0.5)  # warm up
        ours, base = _alternating(lambda: closed(ours_command(ledger), one, 1, seconds / 2),
                                  lambda: closed(bare_command(bare), dossier, 1, seconds / 2))
        lines.append(report(f"single command/s, one client, {kind}", ours, "cmd/s",
                            "bare eventsourcing", base, "≥ 0.9 of bare", at_least=0.9))
        ours_cpu, base_cpu = _alternating(
            lambda: cpu_rate(ours_command(ledger), one, seconds / 2),
            lambda: cpu_rate(bare_command(bare), dossier, seconds / 2))
        lines.append(report(f"single command per CPU-second, {kind}", ours_cpu, "cmd/s",
                            "bare eventsourcing", base_cpu, "≥ 0.9 of bare", at_least=0.9))
        copied = closed(ours_command(copying), one_copied, 1, seconds / 2)
        lines.append(report(f"single command/s, deep-copying cache, {kind}", copied,
                            "cmd/s", "bare eventsourcing", base))

        notes = _notes(ledger, arguments.aggregates)
        dossiers = _dossiers(bare, arguments.aggregates)
        cpu: dict[str, list[float]] = {"ours": [], "bare": []}
        ours, base = _alternating(
            lambda: with_cpu(cpu["ours"], lambda: closed(ours_command(ledger), notes,
                                                         clients, seconds)),
            lambda: with_cpu(cpu["bare"], lambda: closed(bare_command(bare), dossiers,
                                                         clients, seconds)))
        lines.append(report(f"commands/s, {clients} clients, {kind}", ours, "cmd/s",
                            "bare eventsourcing, same clients", base,
                            *(("≥ 2× bare", None, 2.0) if kind == "postgres" else ())))
        lines.append(report(f"{clients} clients, commands per CPU-second, {kind}",
                            sum(cpu["ours"]) / len(cpu["ours"]), "cmd/s",
                            "bare eventsourcing, same clients",
                            sum(cpu["bare"]) / len(cpu["bare"])))
        committer = ledger.recorder.committer
        ours_commits = Commits(committer, "_commit", len, lambda: len(committer._queue))
        base_commits = Commits(bare.recorder, "insert_events", lambda _: 1)
        ours_phases, base_phases = Phases(ledger.recorder), Phases(bare.recorder)
        # rounds in turn, each figure the median of its rounds: one stall of the disk or
        # the machine in a window of a few seconds sets that window's p99, whichever side
        # happens to run then
        ours_ms: list[list[float]] = []
        base_ms: list[list[float]] = []
        for _ in range(arguments.latency_rounds):
            with ours_phases:
                ours_ms.append(opened(ours_command(ledger), notes, clients, 0.7 * ours,
                                      seconds, ours_phases))
            with base_phases:
                base_ms.append(opened(bare_command(bare), dossiers, clients, 0.7 * base,
                                      seconds, base_phases))

        def median_of(rounds: list[list[float]], share: float) -> float:
            return statistics.median(percentile(one, share) for one in rounds)

        lines.append(report(f"p50 at 70 % of its own most, {kind}", median_of(ours_ms, 50),
                            "ms", f"bare at 70 % of its own ({0.7 * base:,.0f}/s)",
                            median_of(base_ms, 50), digits=1))
        lines.append(report(f"p99 at 70 % of its own most, {kind}", median_of(ours_ms, 99),
                            "ms", f"bare at 70 % of its own ({0.7 * base:,.0f}/s)",
                            median_of(base_ms, 99), "below bare's", at_most=1.0, digits=1))
        line = (f"{'  p99 of each round, ' + kind:<46} ours "
                f"{', '.join(f'{percentile(one, 99):.1f}' for one in ours_ms)}; bare "
                f"{', '.join(f'{percentile(one, 99):.1f}' for one in base_ms)} ms (median above)")
        print(line, flush=True)
        lines.append(line)
        line = (f"{'  where the time goes, ' + kind:<46} ours {ours_commits.line()}; bare "
                f"{base_commits.line()} (p50 / p99 of a commit, lock wait and fsync included; of "
                f"the saves queued by a commit's end)")
        print(line, flush=True)
        lines.append(line)
        line = (f"{'  a command at 70 %, ' + kind:<46} ours {ours_phases.line()}; bare "
                f"{base_phases.line()} (p50 / p99 of each part)")
        print(line, flush=True)
        lines.append(line)
        copying.close()
        bare.close()
        ledger.close()
    with store(kind) as soak_settings:
        ledger = Ledger(env=event_store_env(soak_settings))
        rate, verdict = soak(ledger, arguments.soak_clients, arguments.soak_commands,
                             arguments.aggregates)
        base = rate_of_bare(kind, arguments)
        lines.append(report(f"soak {arguments.soak_clients} × {arguments.soak_commands} "
                            f"on {arguments.aggregates}, {kind}", rate, "cmd/s",
                            "bare eventsourcing, same clients", base,
                            f"exactly once, no gaps, chains intact ({verdict})",
                            met=verdict == "ok"))
        ledger.close()
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(prog="bench.groupcommit")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--aggregates", type=int, default=100)
    parser.add_argument("--latency-rounds", type=int, default=3,
                        help="70 %% windows of each side, in turn; p50 and p99 are their median")
    parser.add_argument("--soak-clients", type=int, default=64)
    parser.add_argument("--soak-commands", type=int, default=500)
    parser.add_argument("--profile", action="store_true",
                        help="print pyinstrument's profile of one client's and of sixteen "
                             "clients' commands through Ledger, per store")
    arguments = parser.parse_args(argv)
    print(f"# groupcommit: {machine()}; load average {os.getloadavg()[0]:.1f}; "
          f"{arguments.clients} clients on {arguments.aggregates} notes", flush=True)
    lines = []
    for kind in arguments.stores.split(","):
        lines += measure(kind, arguments)
        if arguments.profile:
            profile(kind, arguments)
    return lines


def profile(kind: str, arguments) -> None:
    """Where one client's wall time goes, alone and as one of ``--clients``."""
    from pyinstrument import Profiler

    with store(kind) as settings:
        ledger = Ledger(env=event_store_env(settings))
        notes = _notes(ledger, arguments.aggregates, 21)
        for clients in (1, arguments.clients):
            profiler = Profiler(interval=0.0005, async_mode="disabled")
            command, ends = ours_command(ledger), time.perf_counter() + arguments.seconds

            def client(lane: int, profiler: Profiler = profiler, ends: float = ends,
                       command: Callable = command) -> None:
                rng, done = random.Random(lane), 0
                if lane == 0:
                    profiler.start()
                while time.perf_counter() < ends:
                    command(notes[rng.randrange(len(notes))], done)
                    done += 1
                if lane == 0:
                    profiler.stop()

            with ThreadPoolExecutor(clients) as pool:
                list(pool.map(client, range(clients)))
            print(f"# profile of one client of {clients}, {kind}", flush=True)
            print(profiler.output_text(color=False, unicode=True, time="percent_of_total"),
                  flush=True)
        ledger.close()


if __name__ == "__main__":
    main()
