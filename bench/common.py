"""Shared bench helpers: timing, fresh stores, and printing a figure beside its baseline."""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

PG = {"dbname": os.environ.get("NOTALEDGER_BENCH_PG_DBNAME", "test"),
      "host": os.environ.get("NOTALEDGER_BENCH_PG_HOST", "127.0.0.1"),
      "port": os.environ.get("NOTALEDGER_BENCH_PG_PORT", "5432"),
      "user": os.environ.get("NOTALEDGER_BENCH_PG_USER", "postgres")}


def machine() -> str:
    """One line that says where a figure was measured."""
    return (f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
            f"{platform.system()} {platform.release()}")


@contextmanager
def store(kind: str) -> Iterator[dict[str, str]]:
    """Our settings for a fresh SQLite file or PostgreSQL schema, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield {"NOTALEDGER_STORE": "sqlite",
                   "NOTALEDGER_SQLITE_PATH": os.path.join(folder, "events.sqlite")}
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(**PG, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
        try:
            yield {"NOTALEDGER_STORE": "postgres", "NOTALEDGER_PG_SCHEMA": schema,
                   "NOTALEDGER_PG_DBNAME": PG["dbname"], "NOTALEDGER_PG_HOST": PG["host"],
                   "NOTALEDGER_PG_PORT": PG["port"], "NOTALEDGER_PG_USER": PG["user"]}
        finally:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def rate(count: int, run: Callable[[], None]) -> float:
    """Operations per second of ``run``, which performs ``count`` operations."""
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


def percentile(samples: list[float], share: float) -> float:
    """The given percentile (0..100) of samples."""
    if len(samples) < 2:
        return samples[0] if samples else float("nan")
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share) - 1]


def report(name: str, value: float, unit: str, baseline_name: str, baseline: float,
           aim: str = "") -> str:
    """A line with a figure, its baseline from the same run, and the ratio."""
    ratio = value / baseline if baseline else float("nan")
    line = (f"{name:<46} {value:>12,.0f} {unit:<10} baseline {baseline_name}: "
            f"{baseline:>12,.0f} {unit}  ratio {ratio:.2f}")
    print(line + (f"  (aim: {aim})" if aim else ""), flush=True)
    return line
