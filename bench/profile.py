"""Where an HTTP request's time goes: the API's read and write paths in one process.

The app as its server serves it (keys, idempotency in Redis, views in Redis, PostgreSQL,
JSON logs, metrics), driven by Flask's test client, so no socket or load generator
blurs the picture: CPU per request of ``GET /v1/notes/{ref}``, ``GET`` with
If-None-Match (304) and ``POST /v1/notes/{ref}/revise-title``, each beside ``GET
/healthz`` (the floor every request pays: Flask, the hooks, the log line) measured in
the same run, and with ``--tree`` pyinstrument's call tree of each path. The projection
runner works in a thread of its own, as in the embedded default; a POST's CPU includes
projecting its event.

    python -m bench.profile [--requests 1000] [--paths get,unchanged,post] [--tree]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import time
import uuid

import redis

from bench.api import REDIS_URL, _draft
from bench.common import machine, report, store

NOTES = 8


def run(arguments) -> None:
    print(f"# bench.profile on {machine()} · load average {os.getloadavg()[0]:.1f}; "
          f"{arguments.requests} requests per path, in process", flush=True)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with store("postgres") as settings:
        env = {**os.environ, **settings, "NOTALEDGER_REDIS_URL": REDIS_URL,
               "NOTALEDGER_VIEWS": "redis", "NOTALEDGER_REDIS_PREFIX": "profile:views:",
               "NOTALEDGER_STREAM": "profile:events", "NOTALEDGER_LOG_LEVEL": "INFO"}
        from api.http.app import create_app

        # the log lines go where a server's would, to a file: here, nowhere
        with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
            app = create_app({"ENVIRON": env, "RUN_PROJECTIONS": True})
            found = app.extensions["notaledger"]
            try:
                refs = _draft(found.ledger, NOTES)
                token = found.keys.create("VRO", "drafter", "profile").token
                _measure(app.test_client(), found, refs,
                         {"Authorization": f"Bearer {token}"}, arguments)
            finally:
                found.close()
                client.flushdb()


def _paths(web, refs: list[str], auth: dict) -> dict:
    tags: dict[str, str] = {}

    def get(i: int) -> int:
        return web.get(f"/v1/notes/{refs[i % NOTES]}", headers=auth).status_code

    def unchanged(i: int) -> int:
        ref = refs[i % NOTES]
        if ref not in tags:
            tags[ref] = web.get(f"/v1/notes/{ref}", headers=auth).headers["ETag"]
        return web.get(f"/v1/notes/{ref}", headers={**auth, "If-None-Match": tags[ref]}) \
            .status_code

    def post(i: int) -> int:
        return web.post(f"/v1/notes/{refs[i % NOTES]}/revise-title", json={
            "title": f"Kamerbrief {i}"}, headers={**auth, "Idempotency-Key": uuid.uuid4().hex}
        ).status_code

    return {"healthz": (lambda i: web.get("/healthz").status_code, 200),
            "get": (get, 200), "unchanged": (unchanged, 304), "post": (post, 200)}


def _measure(web, found, refs: list[str], auth: dict, arguments) -> None:
    paths = _paths(web, refs, auth)
    chosen = ["healthz", *sorted(arguments.paths.split(","), key=list(paths).index)]
    for name in sorted(chosen, key=lambda n: n != "post"):  # warm: commands first, then
        send, expected = paths[name]                         # the views, then the 304s
        for i in range(20):
            assert send(i) == expected, f"{name}: not {expected}"
        if name == "post":
            assert found.views.wait_for(found.views.home("notes"),
                                        found.ledger.recorder.max_notification_id(), 60)
    cpu, trees = {}, {}
    for name in chosen:  # in order: the 304s are asked before any POST changes a note
        cpu[name] = _cpu(*paths[name], arguments.requests)
        if arguments.tree:
            trees[name] = _tree(*paths[name], arguments.requests)
    floor = cpu["healthz"]
    labels = {"get": "GET /v1/notes/{ref}", "unchanged": "GET /v1/notes/{ref} (304)",
              "post": "POST /v1/notes/{ref}/revise-title"}
    for name in chosen[1:]:
        report(f"CPU per request, {labels[name]}", cpu[name] * 1000, "ms",
               "GET /healthz", floor * 1000, digits=3)
    for name, tree in trees.items():
        print(f"\n### {name}\n{tree}")


def _cpu(send, expected: int, count: int) -> float:
    started = time.process_time()
    for i in range(count):
        status = send(i)
        assert status == expected, f"answered {status}, not {expected}"
    return (time.process_time() - started) / count


def _tree(send, expected: int, count: int) -> str:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "(pip install pyinstrument, see pyproject's dev extra, for the call tree)"
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for i in range(count):
        send(i)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="requests per path")
    parser.add_argument("--paths", default="get,unchanged,post",
                        help="of get, unchanged, post (each beside GET /healthz)")
    parser.add_argument("--tree", action="store_true", help="pyinstrument's tree of each")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
