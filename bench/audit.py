"""Audit: verifying the whole log, and building a note's proof bundle, beside baselines.

Verification (every chain recomputed, the tree rebuilt and compared with the signed
checkpoint) in events/s, beside reading the same records without verifying and beside
bare sha256 over the same stored bytes, all in the same run. Proof-bundle generation for
a note of 200 events (p50 and p99), beside reading that note's records alone. Each figure
is the median of several runs, since the machine may be shared.

    python -m bench.audit [--events N] [--stores sqlite,postgres] [--samples N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.signing import Ed25519Signer
from bench.common import machine, percentile, report, store
from domain.actor import Actor
from domain.audit.service import Audit
from domain.ledger import Ledger
from domain.note import Note

DRAFTER = Actor("VRO", "drafter", key_id="k-bench", person_id="p-bench")
TEXT = ("Met bijgaande Kamerbrief biedt u de Kamer de eindrapportage van de monitor SPUK "
        "Kansrijke Wijk eerste tranche aan. ")
PER_NOTE = 50
RUNS = 3


def note(number: int, events: int) -> Note:
    """A note with ``events`` events: its draft and revisions of its text."""
    drafted = Note.draft(DRAFTER, reference=f"2026-A{number:08d}", title="Kamerbrief",
                         kind="decision", date="2026-06-05", from_unit="NPLV",
                         to_official="MVRO", ministry="VRO", actively_public=True)
    for revision in range(events - 1):
        drafted.revise_section(DRAFTER, "aanleiding", f"{TEXT} ({revision})")
    return drafted


def fill(ledger: Ledger, events: int) -> Note:
    """The log: notes of 50 events each, then one note of 200 events; returns that note."""
    for number in range(events // PER_NOTE):
        ledger.save(note(number, PER_NOTE))
    long = note(10**7, 200)
    ledger.save(long)
    return long


def median_rate(count: int, run, clock=time.perf_counter) -> float:
    """Events per second of ``run`` over ``count`` events, the median of several runs."""
    seconds = []
    for _ in range(RUNS):
        started = clock()
        run()
        seconds.append(clock() - started)
    return count / statistics.median(seconds)


def read_all(reader) -> list:
    records, after = [], None
    while batch := reader.read(after, 2000):
        records += batch
        after = batch[-1][0]
    return records


def verification(kind: str, audit: Audit, reader, signer, events: int) -> None:
    records = read_all(reader)
    states = [record[4] for record in records]
    read = median_rate(events, lambda: read_all(reader))
    sha = median_rate(events, lambda: [hashlib.sha256(s).digest() for s in states])

    def verify(executor=None) -> None:
        assert audit.verify(signer.verifier(), executor=executor).ok

    sequential = median_rate(events, verify)
    report(f"{kind}: verify, one process", sequential, "events/s", "read records", read,
           "≥ 50,000 events/s")
    report(f"{kind}: verify, one process", sequential, "events/s", "bare sha256", sha)
    # Per second of this process's own CPU: what one free core gives on a shared machine.
    cpu = median_rate(events, verify, time.process_time)
    report(f"{kind}: verify, per CPU-second", cpu, "events/s", "read records",
           median_rate(events, lambda: read_all(reader), time.process_time))
    jobs = os.cpu_count() or 1
    if jobs > 1 and audit.parallel:
        with ProcessPoolExecutor(jobs) as executor:
            parallel = median_rate(events, lambda: verify(executor))
        report(f"{kind}: verify, {jobs} processes", parallel, "events/s", "read records", read,
               "≥ 50,000 events/s")


def bundles(kind: str, ledger: Ledger, audit: Audit, long: Note, samples: int) -> None:
    took, read = [], []
    for _ in range(samples):
        started = time.perf_counter()
        bundle = audit.bundle(long.id)
        took.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        list(ledger.recorder.select_events(long.id))
        read.append((time.perf_counter() - started) * 1000)
    assert len(bundle["events"]) == 200
    for share in (50, 99):
        report(f"{kind}: proof bundle, 200 events, p{share}", percentile(took, share), "ms",
               "read its records", percentile(read, share), "< 50 ms" if share == 99 else "")


def run(kind: str, events: int, samples: int) -> None:
    with store(kind) as settings:
        env = event_store_env(settings)
        ledger = Ledger(env=env)
        long = fill(ledger, events)
        total = ledger.recorder.max_notification_id()
        reader = log_reader_for(env, ledger.recorder)
        signer = Ed25519Signer.generate()
        audit_store = audit_store_for(env)
        audit = Audit(ledger.recorder, audit_store, signer, reader)
        started = time.perf_counter()
        audit.checkpoint()
        built = total / (time.perf_counter() - started)
        read = median_rate(total, lambda: read_all(reader))
        report(f"{kind}: first checkpoint (tree built)", built, "events/s", "read records",
               read)
        verification(kind, audit, reader, signer, total)
        bundles(kind, ledger, audit, long, samples)
        for part in (reader, audit_store):
            if hasattr(part, "close"):
                part.close()
        ledger.close()


def main(argv: list[str] | None = None) -> None:
    """Run the audit benchmarks and print each figure beside its baseline."""
    parser = argparse.ArgumentParser(prog="python -m bench.audit", description=__doc__)
    parser.add_argument("--events", type=int, default=50_000, help="events in the log")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--samples", type=int, default=200, help="proof bundles to time")
    arguments = parser.parse_args(argv)
    print(f"# audit · {machine()} · {arguments.events:,} events", flush=True)
    for kind in arguments.stores.split(","):
        run(kind.strip(), arguments.events, arguments.samples)


if __name__ == "__main__":
    main()
