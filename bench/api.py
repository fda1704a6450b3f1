"""The HTTP API under its server (granian) on PostgreSQL and Redis, beside the bare library.

Ours: ``POST /notes/{ref}/revise-title`` through the server (keys, Idempotency-Key in
Redis, If-Match-free, problem handling, JSON logs, metrics) on keep-alive connections:
the most it sustains, then p50/p99 at 70 % of that rate (open loop, latency counted from
each request's scheduled time). And ``GET /notes/{ref}`` from the Redis views at a steady
1,000 requests/s, plain and with If-None-Match (304). Baselines, in the same run: the same
command through ``Ledger`` on the same PostgreSQL database, sequentially, with as many
threads and on the 70 % schedule; for reads, ``GET /healthz`` at the same rate (the
server's own floor: the server and Flask, no key, no views).

The load comes from wrk with bench/api_wrk.lua when wrk is installed (a C event loop: the
two cores go to the server, not to the client), else from Python threads; the output says
which, and how much CPU the client and the server's workers spent per request.

    python -m bench.api [--seconds 8] [--clients 16] [--workers 4] [--threads 4]
                        [--get-rate 1000] [--generator auto|wrk|python]
                        [--worker-class gthread|gevent] [--server granian|gunicorn]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis

from bench.common import machine, percentile, report, store
from domain.actor import Actor
from domain.ledger import Ledger

DRAFTER = Actor("VRO", "drafter", key_id="k-bench")
REDIS_URL = os.environ.get("NOTALEDGER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
HOST = "127.0.0.1"
WRK_SCRIPT = Path(__file__).with_name("api_wrk.lua")
NOTES_PER_CLIENT = 4  # wrk cannot tell its connections apart: notes taken in turn instead
TICK = os.sysconf("SC_CLK_TCK")
WARM_SECONDS = 2  # commands sent, and not counted, before the first phase


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _draft(ledger: Ledger, count: int) -> list[str]:
    refs = [f"2026-API-{uuid.uuid4().hex[:10]}" for _ in range(count)]
    for ref in refs:
        ledger.draft_note(DRAFTER, reference=ref, title="Kamerbrief", kind="decision",
                          date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                          ministry="VRO", actively_public=False)
    return refs


def bare_rate(ledger: Ledger, refs: list[str], seconds: float,
              cpu: StackCpu | None = None) -> tuple[float, float, dict[str, float]]:
    """Commands/s through Ledger itself: one thread, then one thread per note; and what a
    command of the threaded run cost each process (CPU s per command)."""
    ids = [ledger.note_id(ref) for ref in refs]

    def revise(note, ends: float) -> int:
        done = 0
        while time.perf_counter() < ends:
            ledger.revise_title(note, DRAFTER, f"Kamerbrief {done}")
            done += 1
        return done

    started = time.perf_counter()
    single = revise(ids[0], started + seconds / 2) / (time.perf_counter() - started)
    before = cpu.sample() if cpu else None
    started = time.perf_counter()
    with ThreadPoolExecutor(len(ids)) as pool:
        done = sum(pool.map(lambda n: revise(n, started + seconds / 2), ids))
    threaded = done / (time.perf_counter() - started)
    spent = StackCpu.spent(before, cpu.sample()) if cpu else {}
    return single, threaded, {part: value / max(done, 1) for part, value in spent.items()}


def bare_open(ledger: Ledger, refs: list[str], per_second: float, seconds: float,
              threads: int) -> list[float]:
    """Latencies (s) of Ledger.revise_title sent on a fixed schedule, from when each was
    due: the event store's own share of the HTTP phase's tail, at the same rate."""
    ids = [ledger.note_id(ref) for ref in refs]
    count, start = int(per_second * seconds), time.perf_counter() + 0.2
    latencies: list[list[float]] = [[] for _ in range(threads)]

    def send(lane: int) -> None:
        for k in range(lane, count, threads):
            due = start + k / per_second
            time.sleep(max(0.0, due - time.perf_counter()))
            ledger.revise_title(ids[k % len(ids)], DRAFTER, f"Kamerbrief {k}")
            latencies[lane].append(time.perf_counter() - due)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, range(threads)))
    return [latency for lane in latencies for latency in lane]


@dataclass
class Phase:
    """What one phase of load gave: answers/s, latencies (s), statuses and client CPU (s)."""

    rate: float
    latencies: list[float]
    statuses: Counter = field(default_factory=Counter)
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    stack_cpu: dict = field(default_factory=dict)  # the other processes' CPU (StackCpu)

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    def failures(self, expected: int) -> dict:
        return {status: n for status, n in self.statuses.items() if status != expected}


class Client:
    """One keep-alive connection that sends the bench's requests (the Python generator)."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.auth = {"Authorization": f"Bearer {token}"}

    def revise(self, ref: str) -> int:
        body = json.dumps({"title": f"Kamerbrief {uuid.uuid4().hex[:8]}"})
        return self._send("POST", f"/v1/notes/{ref}/revise-title", body, {
            "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex})

    def read(self, ref: str, tag: str | None = None) -> int:
        return self._send("GET", f"/v1/notes/{ref}", None, {"If-None-Match": tag} if tag else {})

    def _send(self, method: str, path: str, body, headers: dict) -> int:
        """The status, or 0 when the connection failed (it is reopened for the next one)."""
        try:
            self.connection.request(method, path, body=body, headers={**self.auth, **headers})
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return 0


class PythonLoad:
    """Client threads in this process, one keep-alive connection each (the fallback)."""

    name = "Python client threads (http.client)"

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token

    def _sender(self, mode: str, tags: dict):
        if mode == "revise":
            return lambda client, ref: client.revise(ref)
        if mode == "floor":
            return lambda client, ref: client._send("GET", "/healthz", None, {})
        return lambda client, ref: client.read(ref, tags.get(ref) if mode == "unchanged" else None)

    def closed(self, mode: str, refs: list[str], clients: int, seconds: float) -> Phase:
        """Each client sends to its own note as fast as answers come: the sustained maximum."""
        ends, latencies, statuses = time.perf_counter() + seconds, [], Counter()
        send = self._sender(mode, {})

        def run(ref: str) -> None:
            client = Client(self.port, self.token)
            while time.perf_counter() < ends:
                sent = time.perf_counter()
                status = send(client, ref)
                latencies.append(time.perf_counter() - sent)
                statuses[status] += 1

        cpu, started = time.process_time(), time.perf_counter()
        threads = [threading.Thread(target=run, args=(ref,)) for ref in refs[:clients]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return Phase(len(latencies) / elapsed, latencies, statuses, time.process_time() - cpu)

    def open(self, mode: str, refs: list[str], clients: int, per_second: float,
             seconds: float, tags: dict | None = None) -> Phase:
        """Requests scheduled at a steady rate; latency counts from the scheduled moment."""
        due: queue.Queue = queue.Queue()
        latencies, statuses = [], Counter()
        send = self._sender(mode, tags or {})

        def work(ref: str) -> None:
            client = Client(self.port, self.token)
            while (scheduled := due.get()) is not None:
                pause = scheduled - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                status = send(client, ref)
                latencies.append(time.perf_counter() - scheduled)
                statuses[status] += 1

        cpu = time.process_time()
        workers = [threading.Thread(target=work, args=(refs[n % len(refs)],))
                   for n in range(clients)]
        for worker in workers:
            worker.start()
        start = time.perf_counter() + 0.2
        for number in range(int(per_second * seconds)):
            due.put(start + number / per_second)
        for _ in workers:
            due.put(None)
        for worker in workers:
            worker.join()
        achieved = len(latencies) / (time.perf_counter() - start)
        return Phase(achieved, latencies, statuses, time.process_time() - cpu)


class WrkLoad:
    """wrk with bench/api_wrk.lua: one C thread sends, Lua builds requests and times them."""

    name = "wrk (bench/api_wrk.lua)"

    def __init__(self, port: int, token: str, threads: int = 1) -> None:
        self.port, self.token, self.threads = port, token, threads

    def closed(self, mode: str, refs: list[str], clients: int, seconds: float) -> Phase:
        return self._run(mode, refs, clients, 0, seconds)

    def open(self, mode: str, refs: list[str], clients: int, per_second: float,
             seconds: float, tags: dict | None = None) -> Phase:
        return self._run(mode, refs, clients, per_second, seconds, tags)

    def _run(self, mode: str, refs: list[str], clients: int, per_second: float,
             seconds: float, tags: dict | None = None) -> Phase:
        with tempfile.NamedTemporaryFile("r", suffix=".wrk") as out:
            env = {**os.environ, "BENCH_MODE": mode, "BENCH_TOKEN": self.token,
                   "BENCH_REFS": ",".join(refs), "BENCH_RATE": str(per_second),
                   "BENCH_THREADS": str(self.threads), "BENCH_OUT": out.name,
                   "BENCH_TAGS": ",".join((tags or {}).get(ref, "") for ref in refs)}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            command = ["wrk", f"-t{self.threads}", f"-c{max(clients, self.threads)}",
                       f"-d{max(1, round(seconds))}s", "--timeout", "10s",
                       "-s", str(WRK_SCRIPT), f"http://{HOST}:{self.port}"]
            finished = subprocess.run(command, env=env, capture_output=True, text=True,
                                      check=False)
            if finished.returncode != 0:
                raise RuntimeError(f"wrk failed: {finished.stderr or finished.stdout}")
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return _wrk_phase(out.read(), (after.ru_utime + after.ru_stime)
                              - (before.ru_utime + before.ru_stime))


def _wrk_phase(text: str, cpu: float) -> Phase:
    """The file done() wrote: counts, socket errors (as status 0) and latencies in µs."""
    latencies, statuses, counts = [], Counter(), {"duration_us": 1e6, "idle_us": 0}
    for line in text.splitlines():
        name, value = line.split()
        if name == "latency_us":
            latencies.append(float(value) / 1e6)
        elif name.startswith("status_"):
            statuses[int(name.removeprefix("status_"))] += int(value)
        elif name.startswith("error_") and name != "error_status" and int(value):
            statuses[0] += int(value)
        else:
            counts[name] = int(value)
    seconds = (counts["duration_us"] - counts["idle_us"]) / 1e6
    return Phase(statuses.total() / seconds, latencies, statuses, cpu)


def _proc_cpu(pid: int) -> float:
    """utime + stime (s) of one process, 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


class StackCpu:
    """CPU (s) of the processes a command costs beyond the caller: this database's
    PostgreSQL backends, the Redis server (its own INFO), the projection worker, and this
    process (the bare ledger's threads). PostgreSQL's shared writers (WAL writer,
    checkpointer) serve every database on the machine and are left out."""

    def __init__(self, redis_client, worker: int | None = None) -> None:
        self.redis, self.worker = redis_client, worker

    def _backends(self) -> dict[int, tuple[float, bool]]:
        """Each backend's CPU, and whether it serves the projection worker."""
        import psycopg

        from bench.common import PG

        with psycopg.connect(**PG, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pid, client_port FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid()").fetchall()
        ports = _local_ports(self.worker) if self.worker else set()
        return {pid: (_proc_cpu(pid), port in ports) for pid, port in rows}

    def sample(self) -> dict:
        info = self.redis.info("cpu")
        return {"postgres": self._backends(),
                "redis": info["used_cpu_user"] + info["used_cpu_sys"],
                "redis_commands": self.redis.info("stats")["total_commands_processed"],
                "worker": _proc_cpu(self.worker) if self.worker else 0.0,
                "self": time.process_time()}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        """CPU (s) each part spent between two samples; a backend that started between
        them counts from zero."""
        postgres = {False: 0.0, True: 0.0}
        for pid, (cpu, projecting) in after["postgres"].items():
            postgres[projecting] += cpu - before["postgres"].get(pid, (0.0, False))[0]
        return {"postgres": postgres[False], "postgres_worker": postgres[True],
                "redis": after["redis"] - before["redis"],
                "redis_commands": after["redis_commands"] - before["redis_commands"] - 2,
                "worker": after["worker"] - before["worker"],
                "self": after["self"] - before["self"]}


def _local_ports(pid: int) -> set[int]:
    """The local TCP ports of one process's sockets (its connections' client ports)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class WorkerCpu:
    """CPU time of the server's worker processes, read from /proc (Linux)."""

    def __init__(self, master: int) -> None:
        self.master = master

    def seconds(self) -> float:
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended while we looked
            if int(fields[1]) == self.master:  # ppid; utime and stime follow at 11 and 12
                total += int(fields[11]) + int(fields[12])
        return total / TICK


def serve(env: dict, port: int, workers: int, threads: int, log,
          worker_class: str = "gthread", server: str = "gunicorn") -> subprocess.Popen:
    """gunicorn (or granian) with the app factory, on loopback; waits until /healthz
    answers."""
    if server == "granian":  # HTTP parsed in Rust; the app runs on `threads` per worker
        command = [sys.executable, "-m", "granian", "--interface", "wsgi", "--factory",
                   "--host", HOST, "--port", str(port), "--workers", str(workers),
                   "--blocking-threads", str(threads), "--log-level", "warning",
                   "--no-ws", "api.http.app:create_app"]
    else:
        concurrency = (["--threads", str(threads)] if worker_class == "gthread"
                       else ["--worker-connections", str(threads)])
        command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
                   "--workers", str(workers), "--worker-class", worker_class, *concurrency,
                   "--keep-alive", "30", "--log-level", "warning",
                   "api.http.app:create_app()"]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log,
                              start_new_session=True)
    deadline = time.monotonic() + 60  # four workers importing the app on two busy cores
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.05)
    os.killpg(server.pid, signal.SIGTERM)
    log.seek(0)
    raise RuntimeError(f"{server} did not start:\n" + "".join(log.readlines()[-20:]))


def _ms(samples: list[float], share: float) -> float:
    return percentile(samples, share) * 1000 if samples else float("nan")


def _generator(choice: str, port: int, token: str):
    if choice == "python" or (choice == "auto" and shutil.which("wrk") is None):
        return PythonLoad(port, token)
    if shutil.which("wrk") is None:
        raise SystemExit("--generator wrk: wrk is not installed (apt-get install wrk)")
    return WrkLoad(port, token)


def run(arguments) -> None:
    print(f"# bench.api on {machine()} · load average {os.getloadavg()[0]:.1f} at start",
          flush=True)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with store("postgres") as settings, tempfile.TemporaryFile("w+") as log:
        env = {**os.environ, **settings, "NOTALEDGER_REDIS_URL": REDIS_URL,
               "NOTALEDGER_VIEWS": "redis", "NOTALEDGER_REDIS_PREFIX": "bench:views:",
               "NOTALEDGER_STREAM": "bench:events",
               # one secret for every worker's page sessions (the app refuses several
               # workers without one)
               "NOTALEDGER_SECRET_KEY": secrets.token_hex(32),
               # a connection per request thread: workers x threads stay under max_connections
               "NOTALEDGER_PG_POOL_SIZE": str(arguments.threads if arguments.worker_class
                                              == "gthread" else 4),
               "NOTALEDGER_PG_MAX_OVERFLOW": "2"}
        from api.bootstrap import build_ledger

        ledger = build_ledger(settings)  # with the same aggregate cache the API has
        refs = _draft(ledger, arguments.clients * NOTES_PER_CLIENT)
        stack = StackCpu(client)
        single, threaded, bare_cpu = bare_rate(ledger, refs[:arguments.clients],
                                               arguments.seconds, stack)
        from api.bootstrap import build_keys

        keys = build_keys(env)
        token = keys.create("VRO", "drafter", "bench").token
        keys.close()
        port = _free_port()
        worker = subprocess.Popen([sys.executable, "-m", "bench.api", "--projection-worker"],
                                  env=env, stdout=log, stderr=log, start_new_session=True)
        server = serve(env, port, arguments.workers, arguments.threads, log,
                       arguments.worker_class, arguments.server)
        stack.worker = worker.pid
        try:
            load = _generator(arguments.generator, port, token)
            _measure(arguments, load, WorkerCpu(server.pid), refs, single, threaded, ledger,
                     stack, bare_cpu)
        except Exception:
            log.seek(0)
            print("".join(log.readlines()[-20:]), file=sys.stderr)
            raise
        finally:
            for process in (server, worker):
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            ledger.close()
            client.flushdb()


def projection_worker() -> None:
    """The projection worker as its own process, as in production, until SIGTERM."""
    from api.bootstrap import bootstrap
    from projections.runner import Runner

    found = bootstrap({**os.environ, "NOTALEDGER_IDEMPOTENCY_TTL": "60"})
    runner = Runner(found.ledger, found.views, feed=found.stream)
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    runner.run()
    found.close()


def _timed(cpu: WorkerCpu, phase, stack: StackCpu | None = None) -> Phase:
    """A phase with the server workers' CPU it cost (and the other processes', given
    ``stack``)."""
    before, others = cpu.seconds(), stack.sample() if stack else None
    result = phase()
    result.server_cpu = cpu.seconds() - before
    if stack:
        result.stack_cpu = StackCpu.spent(others, stack.sample())
    return result


def _split(phase: Phase, bare_cpu: dict[str, float], bare_rate: float) -> str:
    """CPU per command by process, beside the bare ledger's, and the most commands/s two
    cores could give the HTTP path at that cost if nothing else ran on them."""
    answered = max(phase.answered, 1)
    parts = {"server": phase.server_cpu, "PostgreSQL": phase.stack_cpu["postgres"],
             "Redis": phase.stack_cpu["redis"], "projection worker": phase.stack_cpu["worker"],
             "PostgreSQL for the worker": phase.stack_cpu["postgres_worker"],
             "load generator": phase.client_cpu}
    total = sum(parts.values()) / answered
    bare = bare_cpu["self"] + bare_cpu["postgres"]
    shown = ", ".join(f"{name} {value / answered * 1000:.2f}" for name, value in parts.items())
    return (f"  CPU/command (ms): {shown} = {total * 1000:.2f}; bare Ledger: its process "
            f"{bare_cpu['self'] * 1000:.2f}, PostgreSQL {bare_cpu['postgres'] * 1000:.2f} = "
            f"{bare * 1000:.2f}; Redis commands per POST (the projection worker's "
            f"included) {phase.stack_cpu['redis_commands'] / answered:.2f}"
            f"\n  two whole cores at these costs: HTTP {2 / total:,.0f} cmd/s"
            f" = {2 / total / bare_rate:.2f} of the bare ledger's {bare_rate:,.0f} measured")


def _check(phase: Phase, expected: int, what: str) -> None:
    failed = phase.failures(expected)
    assert not failed, f"{what}: {sum(failed.values())} answers were not {expected}: {failed}"


def _cost(phase: Phase) -> str:
    """CPU per answer: the server workers', and the load generator's own."""
    answered = max(phase.answered, 1)
    return (f"  CPU/request: server {phase.server_cpu / answered * 1000:.2f} ms, "
            f"client {phase.client_cpu / answered * 1000:.2f} ms")


def _tags(load, refs: list[str]) -> dict[str, str]:
    """Each note's ETag as a GET answers it now (the commands have stopped)."""
    connection = http.client.HTTPConnection(HOST, load.port, timeout=10)
    tags = {}
    for ref in refs:
        connection.request("GET", f"/v1/notes/{ref}", headers={
            "Authorization": f"Bearer {load.token}"})
        response = connection.getresponse()
        response.read()
        tags[ref] = response.headers["ETag"]
    connection.close()
    return tags


def _measure(arguments, load, cpu: WorkerCpu, refs: list[str], single: float,
             threaded: float, ledger: Ledger, stack: StackCpu | None = None,
             bare_cpu: dict | None = None) -> None:
    clients = arguments.clients
    kind = "wsgi" if arguments.server == "granian" else arguments.worker_class
    print(f"# load generator: {load.name}; {arguments.server} {arguments.workers} "
          f"{kind} workers × {arguments.threads} "
          f"{'connections' if kind == 'gevent' else 'threads'}; "
          f"{clients} connections over {len(refs)} notes; {WARM_SECONDS} s of commands "
          "first, not counted", flush=True)
    load.closed("revise", refs, clients, WARM_SECONDS)  # each worker's aggregate cache fills
    most = _timed(cpu, lambda: load.closed("revise", refs, clients, arguments.seconds), stack)
    _check(most, 200, "POST revise-title")
    print(f"{'bare Ledger.revise_title, 1 thread':<52} {single:>8,.0f} commands/s")
    print(f"{f'bare Ledger.revise_title, {clients} threads':<52} {threaded:>8,.0f} "
          "commands/s")
    report(f"HTTP POST revise-title, {clients} clients, most", most.rate, "cmd/s",
           f"bare Ledger, {clients} threads", threaded, "≥ 0.6 of bare", at_least=0.6)
    print(_cost(most))
    if stack and bare_cpu:
        print(_split(most, bare_cpu, threaded))
    steady = _timed(cpu, lambda: load.open("revise", refs, clients, 0.7 * most.rate,
                                           arguments.seconds))
    _check(steady, 200, "POST revise-title at 70 %")
    bare = bare_open(ledger, refs, steady.rate, arguments.seconds, clients)
    print(f"# at 70 %: {steady.rate:,.0f} commands/s, HTTP p50 {_ms(steady.latencies, 50):.1f}"
          f" ms; bare Ledger on the same schedule p50 {_ms(bare, 50):.1f} ms" + _cost(steady))
    report("HTTP POST revise-title p99 at 70 % load", _ms(steady.latencies, 99), "ms",
           "bare Ledger, same schedule", _ms(bare, 99), "< 50 ms",
           met=_ms(steady.latencies, 99) < 50, digits=1)
    time.sleep(1)  # let the projection worker bring the views up to date
    floor = _timed(cpu, lambda: load.open("floor", refs, 2 * clients, arguments.get_rate,
                                          arguments.seconds))
    _check(floor, 200, "GET /healthz")
    reads = _timed(cpu, lambda: load.open("read", refs, 2 * clients, arguments.get_rate,
                                          arguments.seconds))
    _check(reads, 200, "GET /notes/{ref}")
    print(f"# GET /notes/{{ref}} at {reads.rate:,.0f} requests/s (asked "
          f"{arguments.get_rate:,.0f}): p50 {_ms(reads.latencies, 50):.1f} ms; GET /healthz "
          f"p50 {_ms(floor.latencies, 50):.1f} ms" + _cost(reads))
    report(f"HTTP GET /notes/{{ref}} p99 at {arguments.get_rate:,.0f}/s", _ms(reads.latencies, 99),
           "ms", "GET /healthz, same rate", _ms(floor.latencies, 99), "< 10 ms",
           met=_ms(reads.latencies, 99) < 10 and reads.rate >= 0.95 * arguments.get_rate,
           digits=1)
    report("HTTP GET /notes/{ref} server CPU per request", 1000 * reads.server_cpu
           / max(reads.answered, 1), "ms", "GET /healthz", 1000 * floor.server_cpu
           / max(floor.answered, 1), digits=2)
    tags = _tags(load, refs)
    unchanged = _timed(cpu, lambda: load.open("unchanged", refs, 2 * clients,
                                              arguments.get_rate, arguments.seconds, tags))
    _check(unchanged, 304, "GET /notes/{ref} with If-None-Match")
    report("HTTP GET /notes/{ref} If-None-Match (304) p99", _ms(unchanged.latencies, 99), "ms",
           "GET /healthz, same rate", _ms(floor.latencies, 99), digits=1)
    print(f"# load average {os.getloadavg()[0]:.1f} at the end (2 cores shared with the "
          "load generator, PostgreSQL, Redis and the projection worker)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=16,
                        help="connections sending commands (twice as many for reads)")
    parser.add_argument("--workers", type=int, default=4, help="the server's worker processes")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker (gevent: connections per worker)")
    parser.add_argument("--worker-class", choices=("gthread", "gevent"), default="gthread",
                        help="gunicorn's worker class, with --server gunicorn")
    parser.add_argument("--server", choices=("granian", "gunicorn"), default="granian",
                        help="the WSGI server: granian (production: HTTP in Rust, the app on "
                             "each worker's threads) or gunicorn, as the API ran before")
    parser.add_argument("--get-rate", type=float, default=1000.0, help="GET requests/s")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                        help="the load generator: wrk when installed (auto), or Python "
                             "client threads")
    parser.add_argument("--projection-worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.projection_worker:
        projection_worker()
    else:
        run(arguments)


if __name__ == "__main__":
    main()
