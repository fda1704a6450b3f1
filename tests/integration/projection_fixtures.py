"""View stores for tests: SQLite in a temporary file, Redis under a key prefix of its own.

Projection tests use their own Redis database and never flush it: every store works
under a fresh prefix and removes its keys afterwards, so tests on parallel workers (and
other suites flushing their database) never see each other's rows.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid

import redis

from adapters.views_redis import RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from projections.catalogue import PROJECTORS
from projections.runner import Runner
from tests.conftest import _unavailable

VIEWS_REDIS_URL = os.environ.get("NOTALEDGER_TEST_VIEWS_REDIS_URL", "redis://127.0.0.1:6379/12")


def redis_views_client() -> redis.Redis:
    client = redis.Redis.from_url(VIEWS_REDIS_URL, socket_timeout=10)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable("Redis", error)
    return client


def remove_prefix(client: redis.Redis, prefix: str) -> None:
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    for start in range(0, len(keys), 1000):
        client.unlink(*keys[start:start + 1000])


def make_view_store(kind: str, tmp_path) -> tuple:
    """A fresh store of the kind and a function that disposes of it."""
    if kind == "sqlite":
        store = SQLiteViewStore(tmp_path / f"views-{uuid.uuid4().hex[:6]}.sqlite")
        return store, store.close
    client = redis_views_client()
    prefix = f"test:{uuid.uuid4().hex[:10]}:"
    store = RedisViewStore(client, prefix=prefix, grace=0)

    def dispose() -> None:
        remove_prefix(client, prefix)
        client.close()
    return store, dispose


class PrivateRedis:
    """A redis-server of our own on a free port, to kill and restart empty."""

    def __init__(self, directory) -> None:
        if shutil.which("redis-server") is None:
            _unavailable("redis-server", FileNotFoundError("not on PATH"))
        self.directory = directory
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def dumps(store) -> dict:
    """Every view of a store, in canonical order."""
    return {name: list(store.dump(name)) for name in PROJECTORS}


def clean_dumps(ledger, tmp_path) -> dict:
    """The views of a fresh SQLite store built in one go: what every other run must equal."""
    store, dispose = make_view_store("sqlite", tmp_path)
    try:
        Runner(ledger, store, batch_size=5000).catch_up()
        return dumps(store)
    finally:
        dispose()
