"""``python -m bench.public_registers``: what one request of the public registers costs, as
the log grows, read through the published notes' index (projections/public_index.py),
beside the former way in the same run: every published note read per request.

For each log size the views are built once (SQLite and Redis), then each question is asked
``--requests`` times; the figure is this process's CPU time per request (the machine is
shared: wall time is printed too, not judged). A question asked again of unchanged views
reads only their positions; "after an event" asks with nothing kept, as the first request
after any note or commitment event does. The aim: a request's cost does not grow with the
number of notes (the former way's does, in proportion); after an event it grows with the
number of public commitments, far less than the former way's.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from datetime import date

from adapters.eventstore import event_store_env
from bench.common import machine, report, store, summary
from bench.projections import drop_prefix, views_for
from domain.ledger import Ledger
from projections import public_index
from projections.public_registers import public_commitment, public_motion
from projections.queries import MAX_LIMIT, CommitmentQuery, MotionQuery, Paging
from projections.reader import ViewReader
from projections.runner import Runner

TODAY = date(2026, 8, 1)


# --- the former way, kept here as the baseline ------------------------------------------------

def former_published(views) -> dict[str, dict]:
    """Every published note by id: one scan of the public rows (as each request did)."""
    found, offset = {}, 0
    while True:
        page = views.public_notes(Paging(offset, MAX_LIMIT))
        found.update((doc["id"], doc) for doc in page.items)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return found


def former_commitments(views, query: CommitmentQuery) -> list[dict]:
    published = former_published(views)
    ids = {c for note in published.values() for c in note["commitment_ids"]}
    plan, asked = query.plan(TODAY), query.plan(TODAY).where
    page = views.find(replace(plan, where=lambda d: d["id"] in ids and (
        asked is None or asked(d))))
    return [public_commitment(doc, published, TODAY) for doc in page.items]


def former_motions(views, query: MotionQuery) -> list[dict]:
    published = former_published(views)
    ids = {m for note in published.values() for m in note["motion_ids"]}
    page = views.find(replace(query.plan(), where=lambda d: d["id"] in ids))
    return [public_motion(doc, published) for doc in page.items]


def former_commitment(views, commitment_id: str) -> dict | None:
    doc, published = views.commitment(commitment_id), former_published(views)
    if doc is None or not set(doc["note_ids"]) & set(published):
        return None
    return public_commitment(doc, published, TODAY)


# --- measuring --------------------------------------------------------------------------------

def per_request(requests: int, ask) -> tuple[float, float, object]:
    """CPU and wall milliseconds per request, and the last answer."""
    ask()  # warm: first connection, caches
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        answer = ask()
    return ((time.process_time() - cpu) * 1000 / requests,
            (time.perf_counter() - wall) * 1000 / requests, answer)


def questions(reader: ViewReader, views) -> dict[str, tuple]:
    """Each question: (the index's way, the former way)."""
    some = next(iter(views.terms("public", "commitment:")), "commitment:")[len("commitment:"):]
    return {
        "public commitments, first page": (
            lambda: reader.public_commitments(CommitmentQuery()).items,
            lambda: former_commitments(views, CommitmentQuery())),
        "public commitments, open, by party": (
            lambda: reader.public_commitments(CommitmentQuery(status="open", party="CU")).items,
            lambda: former_commitments(views, CommitmentQuery(status="open", party="CU"))),
        "public motions, first page": (
            lambda: reader.public_motions(MotionQuery()).items,
            lambda: former_motions(views, MotionQuery())),
        "one public commitment": (
            lambda: reader.public_commitment(some),
            lambda: former_commitment(views, some)),
        "public commitments, first page, after an event": (
            lambda: cold(lambda: reader.public_commitments(CommitmentQuery()).items),
            lambda: former_commitments(views, CommitmentQuery())),
    }


def cold(ask):
    """Ask with nothing kept, as the first request after an event is asked."""
    public_index._HELD.clear()
    return ask()


def measure(settings: dict, kind: str, folder: str, requests: int, label: str) -> dict:
    ledger = Ledger(env=event_store_env(settings))
    prefix = f"bench-public-{os.getpid()}-{label}:"
    views = views_for(kind, folder, prefix)
    try:
        Runner(ledger, views, batch_size=1000).catch_up()
        reader = ViewReader(views, None, today=lambda: TODAY)
        published = views.count("public", "all")
        notes = views.count("notes", "all")
        results = {}
        for name, (ours, former) in questions(reader, views).items():
            cpu, wall, answer = per_request(requests, ours)
            former_cpu, former_wall, former_answer = per_request(requests, former)
            assert answer == former_answer, name  # the same answer, either way
            results[name] = (cpu, wall, former_cpu, former_wall)
        return {"notes": notes, "published": published, "results": results}
    finally:
        views.close()
        if kind == "redis":
            drop_prefix(prefix)
        ledger.close()


def run(sizes: list[int], kinds: list[str], requests: int) -> None:
    from tests.integration.projection_workload import write_stories

    print(f"# public registers · {machine()} · load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        measured: dict[tuple[str, int], dict] = {}
        for size in sizes:
            with store("sqlite") as settings:
                ledger = Ledger(env=event_store_env(settings))
                written = write_stories(ledger, size, seed=42, per_save=100)
                ledger.close()
                for kind in kinds:
                    found = measure(settings, kind, folder, requests, f"{kind}-{size}")
                    measured[(kind, size)] = found
                    print(f"{kind} views, {written:,} events: {found['notes']:,} notes, "
                          f"{found['published']:,} published", flush=True)
                    for name, (cpu, wall, former_cpu, former_wall) in found["results"].items():
                        report(f"{kind} {size // 1000}k: {name}", cpu, "ms CPU", "former scan",
                               former_cpu, digits=2)
                        print(f"    wall {wall:.2f} ms, former {former_wall:.2f} ms")
        small, large = sizes[0], sizes[-1]
        for kind in kinds:
            first, last = measured[(kind, small)], measured[(kind, large)]
            grew = last["notes"] / first["notes"]
            for name in first["results"]:
                ours = last["results"][name][0] / first["results"][name][0]
                former = last["results"][name][2] / first["results"][name][2]
                flat = "after an event" not in name
                report(f"{kind}: {name}, cost growth", ours, "x", "former scan's growth",
                       former, digits=2,
                       aim=(f"at most 1.5x while the notes grow {grew:.1f}x" if flat
                            else "far below the former scan's growth"),
                       met=ours <= 1.5 if flat else ours <= former / 2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.public_registers",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000",
                        help="log sizes in events, comma-separated (the last is the largest)")
    parser.add_argument("--views", default="sqlite,redis")
    parser.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args(argv)
    run([int(s) for s in arguments.sizes.split(",")], arguments.views.split(","),
        arguments.requests)


if __name__ == "__main__":
    main()
    print(summary())
