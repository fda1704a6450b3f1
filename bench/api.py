"""The HTTP API under gunicorn on PostgreSQL and Redis, beside the bare library.

Ours: ``POST /notes/{ref}/revise-title`` through gunicorn (keys, Idempotency-Key in
Redis, If-Match-free, problem handling, JSON logs, metrics), from client threads on
keep-alive connections: the most it sustains, then p50/p99 at 70 % of that rate (open
loop, latency counted from each request's scheduled time). And ``GET /notes/{ref}`` from
the Redis views at a steady 500 requests/s. Baseline: the same command through ``Ledger``
on the same PostgreSQL database in the same run, sequentially and with as many threads.

    python -m bench.api [--seconds 8] [--clients 16] [--workers 4] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import redis

from bench.common import machine, percentile, store
from domain.actor import Actor
from domain.ledger import Ledger

DRAFTER = Actor("VRO", "drafter", key_id="k-bench")
REDIS_URL = os.environ.get("NOTALEDGER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
HOST = "127.0.0.1"


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


def bare_rate(ledger: Ledger, refs: list[str], seconds: float) -> tuple[float, float]:
    """Commands/s through Ledger itself: one thread, then one thread per note."""
    ids = [ledger.note_id(ref) for ref in refs]

    def revise(note, ends: float) -> int:
        done = 0
        while time.perf_counter() < ends:
            ledger.revise_title(note, DRAFTER, f"Kamerbrief {done}")
            done += 1
        return done

    started = time.perf_counter()
    single = revise(ids[0], started + seconds / 2) / (time.perf_counter() - started)
    started = time.perf_counter()
    with ThreadPoolExecutor(len(ids)) as pool:
        done = sum(pool.map(lambda n: revise(n, started + seconds / 2), ids))
    return single, done / (time.perf_counter() - started)


class Client:
    """One keep-alive connection that sends the bench's requests."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.auth = {"Authorization": f"Bearer {token}"}

    def revise(self, ref: str) -> int:
        body = json.dumps({"title": f"Kamerbrief {uuid.uuid4().hex[:8]}"})
        return self._send("POST", f"/notes/{ref}/revise-title", body, {
            "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex})

    def read(self, ref: str) -> int:
        return self._send("GET", f"/notes/{ref}", None, {})

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


def closed_loop(port: int, token: str, refs: list[str], seconds: float) -> tuple[float, list]:
    """Each client revises its own note as fast as answers come: the sustained maximum."""
    ends, latencies, failures = time.perf_counter() + seconds, [], []

    def run(ref: str) -> None:
        client = Client(port, token)
        while time.perf_counter() < ends:
            sent = time.perf_counter()
            status = client.revise(ref)
            latencies.append(time.perf_counter() - sent)
            if status != 200:
                failures.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(ref,)) for ref in refs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, f"{len(failures)} commands failed: {sorted(set(failures))}"
    return len(latencies) / (time.perf_counter() - started), latencies


def open_loop(port: int, token: str, refs: list[str], per_second: float, seconds: float,
              send) -> tuple[list[float], float]:
    """Requests scheduled at a steady rate; latency counts from the scheduled moment."""
    due: queue.Queue = queue.Queue()
    latencies, failures = [], []
    count = int(per_second * seconds)

    def work(ref: str) -> None:
        client = Client(port, token)
        while (scheduled := due.get()) is not None:
            pause = scheduled - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            status = send(client, ref)
            latencies.append(time.perf_counter() - scheduled)
            if not 200 <= status < 300:
                failures.append(status)

    workers = [threading.Thread(target=work, args=(ref,)) for ref in refs]
    for worker in workers:
        worker.start()
    start = time.perf_counter() + 0.2
    for number in range(count):
        due.put(start + number / per_second)
    for _ in workers:
        due.put(None)
    for worker in workers:
        worker.join()
    achieved = count / (time.perf_counter() - start)
    assert not failures, f"{len(failures)} requests failed: {sorted(set(failures))}"
    return latencies, achieved


def serve(env: dict, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    """gunicorn with the app factory, on loopback; waits until /healthz answers."""
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--worker-class", "gthread",
               "--threads", str(threads), "--keep-alive", "30", "--log-level", "warning",
               "api.app:create_app()"]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log,
                              start_new_session=True)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.05)
    server.terminate()
    raise RuntimeError("gunicorn did not start; see its log")


def _ms(samples: list[float], share: float) -> float:
    return percentile(samples, share) * 1000


def run(arguments) -> None:
    print(f"# bench.api on {machine()} · load average {os.getloadavg()[0]:.1f} at start",
          flush=True)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with store("postgres") as settings, tempfile.TemporaryFile("w+") as log:
        env = {**os.environ, **settings, "NOTALEDGER_REDIS_URL": REDIS_URL,
               "NOTALEDGER_VIEWS": "redis", "NOTALEDGER_REDIS_PREFIX": "bench:views:",
               "NOTALEDGER_STREAM": "bench:events",
               # a connection per request thread: workers x threads stay under max_connections
               "NOTALEDGER_PG_POOL_SIZE": str(arguments.threads),
               "NOTALEDGER_PG_MAX_OVERFLOW": "2"}
        from api.compose_api import build_ledger

        ledger = build_ledger(settings)  # with the same aggregate cache the API has
        refs = _draft(ledger, arguments.clients)
        single, threaded = bare_rate(ledger, refs, arguments.seconds)
        from api.compose_api import build_keys

        keys = build_keys(env)
        token = keys.create("VRO", "drafter", "bench").token
        keys.close()
        port = _free_port()
        worker = subprocess.Popen([sys.executable, "-m", "bench.api", "--projection-worker"],
                                  env=env, stdout=log, stderr=log, start_new_session=True)
        server = serve(env, port, arguments.workers, arguments.threads, log)
        try:
            _measure(arguments, port, token, refs, single, threaded)
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
    from api.compose_api import build_services
    from projections.runner import Runner

    found = build_services(os.environ, {"IDEMPOTENCY_TTL": 60, "KEY_CACHE_SECONDS": 5})
    runner = Runner(found.ledger, found.views, feed=found.settings["stream"])
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    runner.run()
    found.close()


def _measure(arguments, port: int, token: str, refs: list[str], single: float,
             threaded: float) -> None:
    most, _ = closed_loop(port, token, refs, arguments.seconds)
    print(f"{'bare Ledger.revise_title, 1 thread':<52} {single:>8,.0f} commands/s")
    print(f"{f'bare Ledger.revise_title, {len(refs)} threads':<52} {threaded:>8,.0f} "
          "commands/s")
    print(f"{f'HTTP POST revise-title, {len(refs)} clients, most sustained':<52} {most:>8,.0f} "
          f"commands/s  ratio to bare threaded {most / threaded:.2f}  (aim: >= 400)")
    target = 0.7 * most
    latencies, achieved = open_loop(port, token, refs, target, arguments.seconds,
                                    lambda c, ref: c.revise(ref))
    print(f"{'HTTP POST revise at 70 % of that':<52} {achieved:>8,.0f} commands/s  "
          f"p50 {_ms(latencies, 50):.1f} ms  p99 {_ms(latencies, 99):.1f} ms  "
          "(aim: p99 < 50 ms)")
    reads, achieved = open_loop(port, token, refs * 2, arguments.get_rate, arguments.seconds,
                                lambda c, ref: c.read(ref))
    print(f"{'HTTP GET /notes/{ref} (Redis views)':<52} {achieved:>8,.0f} requests/s  "
          f"p50 {_ms(reads, 50):.1f} ms  p99 {_ms(reads, 99):.1f} ms  (aim: p99 < 10 ms)")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end (2 cores shared with the "
          "clients, PostgreSQL, Redis and the projection worker)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=16, help="client threads (one note each)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--get-rate", type=float, default=500.0, help="GET requests/s")
    parser.add_argument("--projection-worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.projection_worker:
        projection_worker()
    else:
        run(arguments)


if __name__ == "__main__":
    main()
