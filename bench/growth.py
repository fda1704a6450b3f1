"""Cost that stays flat as the log grows: the same commands on an empty store and on
stores already holding 1M (and, with ``--full``, 5M) events, in the same run.

Each size is a PostgreSQL schema of its own. The grown ones are filled by a generator
that lives notas from draft to decision on the domain aggregates in memory (the 21
commands of ``bench.ledger``'s nota mix: real events, real hash chains, mapped to stored
events by the ledger's own mapper) and writes them with COPY, ``--batch`` events per
transaction, so a million events take minutes, not the hours the commands would. Then,
in rounds that visit the sizes in turn (so the machine's load falls on all alike):

- one thread lives ``--notes`` new notas through ``Ledger`` (load, check, save: 21
  commands each): commands/s and each command's latency (p50, p99);
- ``--threads`` threads each revise the title of a note of their own ``--revisions``
  times: commands/s with that many clients.

Beside the rates, the CPU time per command of this process and of the PostgreSQL
backends serving it (read from /proc when the server runs on this machine), and the WAL
written per command (the whole server's: other databases' writes count too, so read it
on a quiet server; full-page images of index pages first touched since a checkpoint
would show here): the load of a shared machine moves the rates by tens of per cent
between rounds, while work that grew with the log would show in these.

Each grown size is printed beside the empty store (the baseline, same run) with the
ratio; the aim is within 10 % (ratio ≥ 0.9 for rates, ≤ 1.1 for latencies). Last, the
plans of the queries a command and a read run on the largest store (EXPLAIN ANALYZE):
each must reach the events through an index, never a scan of the table.

    python -m bench.growth [--sizes 0,1000000] [--full] [--rounds 3] [--notes 20]
                           [--threads 16] [--revisions 60] [--batch 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
import uuid
from contextlib import ExitStack

import psycopg

from adapters.eventstore import event_store_env
from bench.common import PG, machine, percentile, report, store
from bench.ledger import DECIDER, DRAFTER, MINISTRIES, TEXT, note_life
from domain.actor import Actor
from domain.ledger import Ledger
from domain.note import Note

EVENTS_PER_LIFE = 21
CONSULTEES = {ministry: Actor(ministry, "consultee") for ministry in MINISTRIES}


def life(number: int, tag: str) -> Note:
    """One nota from draft to decision on the aggregate alone (bench.ledger.note_life's
    commands, without a store): its 21 events wait in the aggregate, chained."""
    note = Note.draft(DRAFTER, reference=f"2026-G{tag}{number:09d}", title="Kamerbrief",
                      kind="decision", date="2026-06-05", from_unit="NPLV",
                      to_official="MVRO", ministry="VRO", actively_public=True)
    note.revise_section(DRAFTER, "aanleiding", TEXT)
    note.revise_section(DRAFTER, "kern", TEXT)
    note.add_advised_decision(DRAFTER, "Akkoord met de inhoud van de Kamerbrief.")
    note.add_advised_decision(DRAFTER, "Akkoord met verzending in de week van 29 juni.")
    note.add_attachment(DRAFTER, 2, "BRIEF: Aanbieding eindrapportage")
    for ministry in MINISTRIES:
        note.request_consultation(DRAFTER, ministry, "co_responsible")
    for ministry in MINISTRIES:
        note.answer_consultation(CONSULTEES[ministry], ministry, "agreed")
    note.set_paraph_route(DRAFTER, [{"role": "head of unit", "unit": "NPLV"}])
    note.start_review(DRAFTER)
    note.initial(DRAFTER, 0)
    note.submit(DRAFTER)
    note.record_outcome(DECIDER, 1, "approved")
    note.record_outcome(DECIDER, 2, "approved")
    note.decide(DECIDER)
    return note


def grow(ledger: Ledger, settings: dict, events: int, batch: int) -> float:
    """Add ``events`` events (whole lives) to the store with COPY, a batch per
    transaction, the notification ids from the table's own sequence; events/s."""
    table = f'"{settings["NOTALEDGER_PG_SCHEMA"]}"."{ledger.recorder.events_table_name}"'
    tag, started, written, reported = uuid.uuid4().hex[:6], time.perf_counter(), 0, 0
    lives = -(-events // EVENTS_PER_LIFE)
    with psycopg.connect(**{**PG, "dbname": settings["NOTALEDGER_PG_DBNAME"]}) as connection:
        number = 0
        while number < lives:
            with connection.cursor() as cursor, cursor.copy(
                    f"COPY {table} (originator_id, originator_version, topic, state) "
                    "FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(["uuid", "int8", "text", "bytea"])
                for _ in range(max(1, batch // EVENTS_PER_LIFE)):
                    if number == lives:
                        break
                    for event in life(number, tag).collect_events():
                        stored = ledger.mapper.to_stored_event(event)
                        copy.write_row((stored.originator_id, stored.originator_version,
                                        stored.topic, stored.state))
                        written += 1
                    number += 1
            connection.commit()
            if written // 250_000 > reported // 250_000:
                print(f"#   {written:,} events written, "
                      f"{written / (time.perf_counter() - started):,.0f}/s", flush=True)
            reported = written
    return written / (time.perf_counter() - started)


class Sample:
    """What one size gave over the rounds: rates, command latencies, CPU per command."""

    def __init__(self) -> None:
        self.single: list[float] = []
        self.threaded: list[float] = []
        self.latencies: list[float] = []
        self.commands = 0
        self.cpu = 0.0  # seconds of this process
        self.server_cpu: float | None = 0.0  # seconds of the database's backends
        self.wal = 0  # bytes of WAL the server wrote meanwhile (the whole cluster's)


def wal_position(dbname: str) -> int:
    """The server's WAL insert position, in bytes."""
    with psycopg.connect(**{**PG, "dbname": dbname}, autocommit=True) as connection:
        return connection.execute("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn"
                                  ).fetchone()[0]


def server_cpu(dbname: str) -> float | None:
    """CPU seconds so far of every backend connected to ``dbname`` (other stores of
    this run idle meanwhile), or None when the server's processes are not readable here."""
    with psycopg.connect(**{**PG, "dbname": dbname}, autocommit=True) as connection:
        pids = [row[0] for row in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
            "pg_backend_pid()", (dbname,))]
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measured(sample: Sample, dbname: str, commands: int, run, *args) -> None:
    """``run(*args, sample)``, adding its commands and the CPU they took to the sample."""
    wal, server, cpu = wal_position(dbname), server_cpu(dbname), time.process_time()
    run(*args, sample)
    sample.cpu += time.process_time() - cpu
    sample.wal += int(wal_position(dbname) - wal)
    after = server_cpu(dbname)
    if server is None or after is None or sample.server_cpu is None:
        sample.server_cpu = None
    else:
        sample.server_cpu += after - server
    sample.commands += commands


def one_thread(ledger: Ledger, notes: int, sample: Sample) -> None:
    """Nota lives through Ledger, timed command by command."""
    timed = _Timed(ledger, sample.latencies)
    base = int(time.time() * 1000) % 10**7 * 100
    started = time.perf_counter()
    for n in range(notes):
        note_life(timed, base + n)
    sample.single.append(EVENTS_PER_LIFE * notes / (time.perf_counter() - started))


class _Timed:
    """The ledger, with each use case's latency recorded."""

    def __init__(self, ledger: Ledger, latencies: list[float]) -> None:
        self.ledger, self.latencies = ledger, latencies

    def __getattr__(self, name: str):
        method = getattr(self.ledger, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            result = method(*args, **kwargs)
            self.latencies.append(time.perf_counter() - started)
            return result
        return timed


def many_threads(ledger: Ledger, notes: list, revisions: int, sample: Sample) -> None:
    """One thread per note, each revising its title ``revisions`` times."""
    def revise(note) -> None:
        for k in range(revisions):
            ledger.revise_title(note, DRAFTER, f"Kamerbrief {k}")

    threads = [threading.Thread(target=revise, args=(note,)) for note in notes]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sample.threaded.append(len(notes) * revisions / (time.perf_counter() - started))


def drafts(ledger: Ledger, count: int) -> list:
    tag = uuid.uuid4().hex[:8]
    return [ledger.draft_note(DRAFTER, reference=f"2026-T{tag}{n:04d}", title="Kamerbrief",
                              kind="decision", date="2026-06-05", from_unit="NPLV",
                              to_official="MVRO", ministry="VRO", actively_public=False).id
            for n in range(count)]


def plans(ledger: Ledger, settings: dict) -> list[tuple[str, str, bool]]:
    """(query, first plan line, reaches the events by an index) for each per-command or
    per-read query of the event store, on this store."""
    recorder, table = ledger.recorder, f'"{settings["NOTALEDGER_PG_SCHEMA"]}".' \
        f'"{ledger.recorder.events_table_name}"'
    some = ledger.recorder.select_notifications(None, 1)[0].originator_id
    head = recorder.max_notification_id()
    queries = {
        "load an aggregate (fast-forward)": f"SELECT * FROM {table} WHERE originator_id = "
        f"'{some}' AND originator_version > 10 ORDER BY originator_version ASC",
        "a chain's head (outcome unknown, views' freshness)": f"SELECT * FROM {table} WHERE "
        f"originator_id = '{some}' ORDER BY originator_version DESC LIMIT 1",
        "the log's head (min_position, readiness)": f"SELECT MAX(notification_id) FROM {table}",
        "the next notifications (projections, SSE)": f"SELECT * FROM {table} WHERE "
        f"notification_id > {head - 50} ORDER BY notification_id LIMIT 100",
        "the first notification (the log's identity)": f"SELECT * FROM {table} WHERE "
        "notification_id >= 1 ORDER BY notification_id LIMIT 1",
    }
    found = []
    with psycopg.connect(**{**PG, "dbname": settings["NOTALEDGER_PG_DBNAME"]}) as connection:
        for name, sql in queries.items():
            lines = [row[0] for row in connection.execute(f"EXPLAIN ANALYZE {sql}")]
            scans = any("Seq Scan" in line for line in lines)
            found.append((name, f"{lines[0].strip()} · {lines[-1].strip()}", not scans))
    return found


def run(arguments) -> None:
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if arguments.full and 5_000_000 not in sizes:
        sizes.append(5_000_000)
    if sizes[0] != 0:
        sizes.insert(0, 0)
    print(f"# bench.growth on {machine()} · load average {os.getloadavg()[0]:.1f} at start; "
          f"sizes {', '.join(f'{s:,}' for s in sizes)} events; {arguments.rounds} rounds of "
          f"{arguments.notes} nota lives (1 thread) and {arguments.threads} threads × "
          f"{arguments.revisions} revisions", flush=True)
    with ExitStack() as stack:
        stores = {}
        for size in sizes:
            settings = stack.enter_context(store("postgres"))
            ledger = Ledger(env=event_store_env(settings))
            stack.callback(ledger.close)
            if size:
                print(f"# growing a store to {size:,} events", flush=True)
                print(f"seeding: {grow(ledger, settings, size, arguments.batch):,.0f} events/s "
                      "(generated in memory, COPY in batches)", flush=True)
                with psycopg.connect(**{**PG, "dbname": settings["NOTALEDGER_PG_DBNAME"]},
                                     autocommit=True) as connection:
                    connection.execute(f'VACUUM ANALYZE "{settings["NOTALEDGER_PG_SCHEMA"]}".'
                                       f'"{ledger.recorder.events_table_name}"')
            stores[size] = (ledger, settings, drafts(ledger, arguments.threads), Sample())
        for ledger, _, notes, _ in stores.values():  # warm: connections, caches
            one_thread(ledger, 1, Sample())
            many_threads(ledger, notes, 2, Sample())
        for round_number in range(arguments.rounds):
            for ledger, settings, notes, sample in stores.values():
                dbname = settings["NOTALEDGER_PG_DBNAME"]
                measured(sample, dbname, EVENTS_PER_LIFE * arguments.notes, one_thread,
                         ledger, arguments.notes)
                measured(sample, dbname, len(notes) * arguments.revisions, many_threads,
                         ledger, notes, arguments.revisions)
            print(f"# round {round_number + 1} done, load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
        _print(stores, sizes, arguments.threads)
        largest = stores[sizes[-1]]
        print(f"# query plans on the store of {sizes[-1]:,} events (EXPLAIN ANALYZE)")
        for name, plan, indexed in plans(largest[0], largest[1]):
            print(f"{name:<52} {'index' if indexed else 'SCAN'}  {plan}")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end", flush=True)


def _print(stores: dict, sizes: list[int], threads: int) -> None:
    empty = stores[0][3]
    base_single, base_threaded = (statistics.median(empty.single),
                                  statistics.median(empty.threaded))
    print(f"{'at 0 events: 1 thread':<46} {base_single:>12,.0f} cmd/s  p50 "
          f"{percentile(empty.latencies, 50) * 1000:.2f} ms  p99 "
          f"{percentile(empty.latencies, 99) * 1000:.2f} ms; {threads} threads "
          f"{base_threaded:,.0f} cmd/s", flush=True)
    for size in sizes[1:]:
        grown = stores[size][3]
        report(f"commands/s, 1 thread, {size:,} events", statistics.median(grown.single),
               "cmd/s", "0 events", base_single, "≥ 0.9 of 0 events", at_least=0.9)
        report(f"commands/s, {threads} threads, {size:,} events",
               statistics.median(grown.threaded), "cmd/s", "0 events", base_threaded,
               "≥ 0.9 of 0 events", at_least=0.9)
        for share in (50, 99):
            report(f"command latency p{share}, {size:,} events",
                   percentile(grown.latencies, share) * 1000, "ms", "0 events",
                   percentile(empty.latencies, share) * 1000, "≤ 1.1 of 0 events",
                   at_most=1.1, digits=2)
        report(f"CPU per command, this process, {size:,} events",
               grown.cpu / grown.commands * 1000, "ms", "0 events",
               empty.cpu / empty.commands * 1000, "≤ 1.1 of 0 events", at_most=1.1, digits=3)
        report(f"WAL per command, {size:,} events", grown.wal / grown.commands, "bytes",
               "0 events", empty.wal / empty.commands)
        if grown.server_cpu is not None and empty.server_cpu:
            report(f"CPU per command, PostgreSQL, {size:,} events",
                   grown.server_cpu / grown.commands * 1000, "ms", "0 events",
                   empty.server_cpu / empty.commands * 1000, "≤ 1.1 of 0 events",
                   at_most=1.1, digits=3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.growth",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0,1000000",
                        help="events already in the store, comma-separated (0 is always in)")
    parser.add_argument("--full", action="store_true", help="add 5,000,000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--notes", type=int, default=20, help="nota lives per round (1 thread)")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--revisions", type=int, default=60, help="commands per thread")
    parser.add_argument("--batch", type=int, default=5000, help="events per insert")
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
