"""kill -9 the runner at random points of a catch-up: never half a batch, never an event twice.

The long version (50,000 events, five kills) is ``python -m bench.projections crash``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from projections.catalogue import PROJECTORS, projectors
from projections.log import EventLog
from projections.runner import Runner
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import (
    VIEWS_REDIS_URL,
    make_view_store,
    redis_views_client,
    remove_prefix,
)
from tests.integration.projection_workload import write_stories

ROOT = Path(__file__).resolve().parents[2]
EVENTS, KILLS = 5000, 3


def runner_env(kind: str, tmp_path: Path, prefix: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTALEDGER_STORE": "sqlite",
           "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"), "NOTALEDGER_VIEWS": kind}
    if kind == "sqlite":
        env.pop("NOTALEDGER_REDIS_URL", None)
        return {**env, "NOTALEDGER_VIEWS_PATH": str(tmp_path / "views.sqlite")}
    return {**env, "NOTALEDGER_REDIS_URL": VIEWS_REDIS_URL, "NOTALEDGER_REDIS_PREFIX": prefix,
            "NOTALEDGER_STREAM": f"{prefix}events"}


def views_of(kind: str, tmp_path: Path, prefix: str):
    if kind == "sqlite":
        from adapters.views_sqlite import SQLiteViewStore

        return SQLiteViewStore(tmp_path / "views.sqlite")
    from adapters.views_redis import RedisViewStore

    return RedisViewStore(redis_views_client(), prefix=prefix, grace=0)


def lowest(store) -> int:
    return min(store.position(name) or 0 for name in PROJECTORS)


def start(env: dict, tmp_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli", "projections", "run",
                             "--batch-size", "10"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_when_past(process: subprocess.Popen, store, target: int, rng: random.Random) -> int:
    """kill -9 the runner soon after it passes ``target``; the position it died at."""
    deadline = time.monotonic() + 120
    while lowest(store) <= target:
        assert process.poll() is None, "the runner exited by itself"
        assert time.monotonic() < deadline, "the runner made no progress"
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.03))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    return lowest(store)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_killing_the_runner_during_catch_up_never_corrupts_the_views(kind, tmp_path):
    rng = random.Random(kind)
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    write_stories(ledger, EVENTS, seed=13)
    head = EventLog(ledger).head()
    prefix = f"test:{uuid.uuid4().hex[:10]}:"
    env, store = runner_env(kind, tmp_path, prefix), views_of(kind, tmp_path, prefix)
    clean, dispose = make_view_store("sqlite", tmp_path)
    builders = {name: Runner(ledger, clean, projectors(name), batch_size=5000)
                for name in PROJECTORS}  # the same views, built in-process, as far as told
    try:
        died_at = []
        for target in sorted(rng.sample(range(head // 10, head * 9 // 10), KILLS)):
            died_at.append(kill_when_past(start(env, tmp_path), store, target, rng))
            assert died_at[-1] < head, "killed after the catch-up, not during it"
            assert_same_views(store, clean, builders)

        final = start(env, tmp_path)
        try:
            assert all(store.wait_for(name, head, timeout=120) for name in PROJECTORS)
        finally:
            final.send_signal(signal.SIGTERM)
            final.wait(timeout=30)
        assert_same_views(store, clean, builders)
        assert died_at == sorted(died_at)
    finally:
        dispose()
        ledger.close()
        if kind == "redis":
            remove_prefix(store.client, prefix)
        store.close()


def assert_same_views(store, clean, builders: dict) -> None:
    """Each projection holds exactly what a clean build up to its stored position holds."""
    for name, builder in builders.items():
        builder.catch_up(until=store.position(name))
        assert clean.position(name) == store.position(name)
        assert list(store.dump(name)) == list(clean.dump(name)), name
