"""kill -9 of the delivery worker mid-batch loses nothing: what it had not recorded as
delivered is sent again by the next worker, and a deduplicating receiver has it all once.
On the SQLite outbox of one host and on PostgreSQL, where the bootstrap puts it when the
event store is there; and on PostgreSQL two senders claiming at once send each delivery
once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.outbox import PostgresOutbox, SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.subscriptions import Subscriptions
from api.bootstrap import build_outbox
from projections.outbox_runner import OutboxRunner
from tests.conftest import PG, make_ledger
from tests.integration.test_deliveries import (
    postgres_dsn,
    sender_for,
    subscribe,
    wait_for,
    write_story,
)
from tests.webhook_receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


def worker(settings: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli.main", "deliveries", "run"],
                            cwd=ROOT, env={**os.environ, **settings},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_kill_9_of_the_sender_mid_batch_loses_nothing(backend, tmp_path, request):
    settings = {"NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite"),
                "NOTALEDGER_DELIVERY_LEASE": "1", "NOTALEDGER_DELIVERY_BACKOFF_BASE": "0.1",
                "NOTALEDGER_DELIVERY_BACKOFF_CAP": "0.5", "NOTALEDGER_DELIVERY_WORKERS": "4"}
    if backend == "sqlite":
        settings |= {"NOTALEDGER_STORE": "sqlite",
                     "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
                     "NOTALEDGER_OUTBOX_PATH": str(tmp_path / "outbox.sqlite")}
    else:  # the worker finds the outbox in PostgreSQL by itself: no file is shared
        request.getfixturevalue("outbox_schema")
        settings |= {"NOTALEDGER_STORE": "postgres", "NOTALEDGER_WEBHOOK_PRIVATE_ADDRESSES":
                     "allow", "NOTALEDGER_PG_SCHEMA": request.getfixturevalue("pg_schema"),
                     **PG}
    ledger = make_ledger(settings)
    outbox = build_outbox(settings)
    assert isinstance(outbox, SQLiteOutbox if backend == "sqlite" else PostgresOutbox)
    OutboxRunner(ledger, outbox).catch_up()  # attached while the log is empty
    receiver = Receiver(delay=0.05).start()
    subscribe(Subscriptions(outbox, SQLitePersonRegistry(tmp_path / "persons.sqlite"), True,
                            60), receiver)
    write_story(ledger, notes=12)
    OutboxRunner(ledger, outbox).catch_up()
    expected = {d.delivery_id for d in outbox.deliveries(limit=500)[1]}
    assert len(expected) == 4 * 12

    first = worker(settings)
    try:
        wait_for(lambda: len(receiver.arrivals) >= 8, 30, "the first worker to be sending")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_at = len(receiver.unique())
        assert killed_at < len(expected), "the worker was killed before it finished"
        time.sleep(0.3)
        second = worker(settings)
        try:
            wait_for(lambda: outbox.stats()["by_status"]["pending"] == 0, 60,
                     "the second worker to send the rest")
        finally:
            second.send_signal(signal.SIGTERM)
            assert second.wait(15) == 0, second.stderr.read().decode()[-2000:]
    finally:
        if first.poll() is None:
            first.kill()
        receiver.stop()
        ledger.close()
    assert set(receiver.unique()) == expected
    assert outbox.stats()["by_status"] == {"pending": 0, "delivered": len(expected), "dead": 0,
                                           "cancelled": 0}
    outbox.close()


def test_two_senders_on_postgres_claiming_at_once_send_each_delivery_once(
        tmp_path, outbox_schema):
    """Two senders (as on two hosts), each with its own connections, claim from one
    PostgreSQL outbox at the same time: every delivery reaches the receiver exactly once,
    not merely once after deduplication."""
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    dsn = postgres_dsn(outbox_schema.removesuffix("_outbox"))
    outboxes = [PostgresOutbox(dsn, outbox_schema) for _ in range(2)]
    runner = OutboxRunner(ledger, outboxes[0])
    runner.catch_up()
    receiver = Receiver(delay=0.01).start()
    subscribe(Subscriptions(outboxes[0], SQLitePersonRegistry(tmp_path / "persons.sqlite"),
                            True, 60), receiver)
    write_story(ledger, notes=15)
    runner.catch_up()
    expected = {d.delivery_id for d in outboxes[0].deliveries(limit=500)[1]}
    assert len(expected) == 4 * 15
    senders = [sender_for(outbox).start() for outbox in outboxes]
    try:
        wait_for(lambda: outboxes[0].stats()["by_status"]["pending"] == 0, 30,
                 "the two senders to send everything")
    finally:
        for sender in senders:
            sender.stop()
        for sender in senders:
            sender.join(5)
        receiver.stop()
        ledger.close()
    sent = [arrival.message_id for arrival in receiver.arrivals]
    assert sorted(sent) == sorted(expected)  # each once: no delivery was held by both
    attempts = [outboxes[1].attempts(d) for d in sorted(expected)]
    assert all(len(made) == 1 and made[0]["outcome"] == "delivered" for made in attempts)
    assert outboxes[1].stats()["by_status"]["delivered"] == len(expected)
    for outbox in outboxes:
        outbox.close()


def test_four_claimers_on_postgres_never_hold_one_delivery_at_once(outbox_schema):
    """Claims racing on four connections, 400 due deliveries: each is leased to exactly
    one claimer (without SKIP LOCKED the same race hands most of them out several times)."""
    import threading

    from adapters.outbox import Subscription
    from projections.rows import Write

    dsn = postgres_dsn(outbox_schema.removesuffix("_outbox"))
    outboxes = [PostgresOutbox(dsn, outbox_schema) for _ in range(4)]
    outboxes[0].add_subscription(Subscription("sub_szw", "SZW", "webhook", "https://szw.example",
                                              None, ("t",), False, "", "2026"), "whsec_x")
    messages = [{"key": f"{p:012d}|SZW", "position": p, "organisation": "SZW", "topic": "t",
                 "aggregate_id": f"note-{p}", "at": "2026-06-05", "data": {}}
                for p in range(1, 401)]
    outboxes[0].apply("outbox", [Write("messages", m["key"], m, (), 0) for m in messages],
                      400, None)
    claimed: list[list[str]] = [[] for _ in outboxes]

    def claim(n: int) -> None:
        while batch := outboxes[n].claim_due(5, 60):
            claimed[n] += [delivery.delivery_id for delivery, _ in batch]

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    every = [delivery_id for made in claimed for delivery_id in made]
    assert len(every) == len(set(every)) == 400
    for outbox in outboxes:
        outbox.close()
