"""kill -9 of the delivery worker mid-batch loses nothing: what it had not recorded as
delivered is sent again by the next worker, and a deduplicating receiver has it all once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from adapters.outbox import SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.subscriptions import Subscriptions
from projections.outbox_runner import OutboxRunner
from tests.conftest import make_ledger
from tests.integration.test_deliveries import subscribe, wait_for, write_story
from tests.webhook_receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]


def worker(settings: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli.main", "deliveries", "run"],
                            cwd=ROOT, env={**os.environ, **settings},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_of_the_sender_mid_batch_loses_nothing(tmp_path):
    settings = {"NOTALEDGER_STORE": "sqlite",
                "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
                "NOTALEDGER_OUTBOX_PATH": str(tmp_path / "outbox.sqlite"),
                "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite"),
                "NOTALEDGER_DELIVERY_LEASE": "1", "NOTALEDGER_DELIVERY_BACKOFF_BASE": "0.1",
                "NOTALEDGER_DELIVERY_BACKOFF_CAP": "0.5", "NOTALEDGER_DELIVERY_WORKERS": "4"}
    ledger = make_ledger(settings)
    outbox = SQLiteOutbox(tmp_path / "outbox.sqlite")
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
