"""Checkpoints with memory and witnesses: what they cost.

- a witness checking a consistency proof between checkpoints of 1,000,000 and 1,100,000
  events: the proof alone, and the whole add-checkpoint (parse, the log's signature, the
  proof, the cosignature, the fsynced append to its state), beside one Ed25519 verify;
- the signer signing a checkpoint after 10,000 new events (tree extended, remembered
  checkpoint found in the store, consistency proof checked, signed, state fsynced, stored),
  beside the same without a memory (the old signer);
- the tree's storage per event in each store (its nodes and leaves tables).

    python -m bench.witness [--stores sqlite,postgres] [--old 1000000] [--new 1100000]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.signer_state import FileSignerMemory
from adapters.signing import Ed25519Signer
from adapters.witness_state import FileWitnessState
from bench.audit import PER_NOTE, fill, note
from bench.common import machine, report, store
from domain.audit.checkpoint import sign_checkpoint
from domain.audit.merkle import MemoryTree, consistency_proof, leaf_hash, verify_consistency
from domain.audit.service import Audit
from domain.audit.witness import Witness
from domain.audit.witnessing import add_checkpoint_body
from domain.ledger import Ledger

ORIGIN = "bench.example/notaledger"
RUNS = 7


def median_ms(run, runs: int = RUNS) -> float:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


def witness_proof(old: int, new: int) -> None:
    started = time.perf_counter()
    tree = MemoryTree(leaf_hash(hashlib.sha256(n.to_bytes(8, "big")).digest())
                      for n in range(new))
    print(f"(a tree of {new:,} leaves built in memory in {time.perf_counter() - started:.1f} s)",
          flush=True)
    old_root, new_root = tree.root(old), tree.root(new)
    proof = consistency_proof(old, new, tree.subtree)
    log_key, witness_key = Ed25519Signer.generate(), Ed25519Signer.generate()
    first = sign_checkpoint(old, old_root, log_key, origin=ORIGIN)
    second = sign_checkpoint(new, new_root, log_key, origin=ORIGIN)
    verifier = log_key.verifier()
    one_verify = median_ms(lambda: first.signed_by(verifier), 50)
    alone = median_ms(lambda: verify_consistency(old, new, old_root, new_root, proof), 50)
    report(f"witness: consistency proof {old:,} -> {new:,} ({len(proof)} hashes)",
           alone * 1000, "us", "one Ed25519 verify", one_verify * 1000, "< 50 ms",
           met=alone < 50)

    def add_checkpoint() -> None:
        with tempfile.TemporaryDirectory() as folder:
            state = FileWitnessState(folder, witness_key, "bench.example/w1")
            witness = Witness("bench.example/w1", witness_key, ORIGIN, verifier, state)
            assert witness.add_checkpoint(add_checkpoint_body(0, [], first.note()))[0] == 200
            started = time.perf_counter()
            status, _ = witness.add_checkpoint(add_checkpoint_body(old, proof, second.note()))
            timings.append((time.perf_counter() - started) * 1000)
            assert status == 200

    timings: list[float] = []
    for _ in range(RUNS):
        add_checkpoint()
    report(f"witness: add-checkpoint {old:,} -> {new:,}, fsynced",
           statistics.median(timings) * 1000, "us", "one Ed25519 verify", one_verify * 1000,
           "< 50 ms", met=statistics.median(timings) < 50)


def signing(kind: str, events: int, new: int) -> None:
    with store(kind) as settings, tempfile.TemporaryDirectory() as folder:
        env = event_store_env(settings)
        ledger = Ledger(env=env)
        fill(ledger, events)
        signer, audit_store = Ed25519Signer.generate(), audit_store_for(env)
        reader = log_reader_for(env, ledger.recorder)
        remembering = Audit(ledger.recorder, audit_store, signer, reader,
                            FileSignerMemory(Path(folder) / "signer"), ORIGIN)
        forgetting = Audit(ledger.recorder, audit_store, signer, reader, None, ORIGIN)
        remembering.checkpoint()
        with_memory, without = [], []
        numbers = iter(range(10**6, 10**7))
        for _ in range(3):  # the remembering signer adopts the other's checkpoints: its key
            for audit, took in ((remembering, with_memory), (forgetting, without)):
                fill_more(ledger, new, numbers)
                started = time.perf_counter()
                audit.checkpoint()
                took.append((time.perf_counter() - started) * 1000)
        report(f"{kind}: sign after {new:,} new events (signer state)",
               statistics.median(with_memory), "ms", "without state",
               statistics.median(without), "< 1000 ms",
               met=statistics.median(with_memory) < 1000)
        size = audit_store.tree_head()[0]
        report(f"{kind}: tree storage per event", tree_bytes(kind, settings, env) / size,
               "bytes", "stored event", event_bytes(kind, settings, env) / size)
        for part in (reader, audit_store):
            if hasattr(part, "close"):
                part.close()
        ledger.close()


def fill_more(ledger: Ledger, events: int, numbers) -> None:
    for _ in range(events // PER_NOTE):
        ledger.save(note(next(numbers), PER_NOTE))


def _pg(settings: dict, query: str) -> int:
    import psycopg

    from bench.common import PG

    with psycopg.connect(**PG, autocommit=True) as connection:
        return connection.execute(query).fetchone()[0] or 0


def tree_bytes(kind: str, settings: dict, env: dict) -> int:
    if kind == "sqlite":
        return _sqlite_bytes(env["SQLITE_DBNAME"], ("notaledger_audit_nodes",
                                                    "notaledger_audit_leaves",
                                                    "notaledger_audit_leaves_event"))
    schema = settings["NOTALEDGER_PG_SCHEMA"]
    return sum(_pg(settings, f"SELECT pg_total_relation_size('{schema}.notaledger_audit_{t}')")
               for t in ("nodes", "leaves"))


def event_bytes(kind: str, settings: dict, env: dict) -> int:
    if kind == "sqlite":
        return _sqlite_bytes(env["SQLITE_DBNAME"], ("stored_events",))
    schema = settings["NOTALEDGER_PG_SCHEMA"]
    return _pg(settings, f"SELECT pg_total_relation_size('{schema}.notaledger_events')")


def _sqlite_bytes(path: str, names: tuple[str, ...]) -> int:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        marks = ",".join("?" * len(names))
        return db.execute(f"SELECT SUM(pgsize) FROM dbstat WHERE name IN ({marks})",
                          names).fetchone()[0] or 0
    finally:
        db.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.witness", description=__doc__)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--old", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=1_100_000)
    parser.add_argument("--events", type=int, default=50_000, help="events before signing")
    parser.add_argument("--batch", type=int, default=10_000, help="new events per checkpoint")
    arguments = parser.parse_args(argv)
    print(f"# witness and signer · {machine()} · pid {os.getpid()}", flush=True)
    witness_proof(arguments.old, arguments.new)
    for kind in arguments.stores.split(","):
        signing(kind.strip(), arguments.events, arguments.batch)


if __name__ == "__main__":
    main()
