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
from dataclasses import dataclass

import psycopg

from adapters.eventstore import event_store_env

LIBRARY = {"adapters.pg:FailFastPostgresFactory": "eventsourcing.postgres",
           "adapters.sqlite_store:GroupCommitSQLiteFactory": "eventsourcing.sqlite"}

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


def bare_env(settings: dict[str, str]) -> dict[str, str]:
    """The eventsourcing settings of ``settings``' store and cache, with the library's own
    persistence (no group commit): what a baseline of the bare library runs on."""
    env = event_store_env(settings)
    return {**env, "PERSISTENCE_MODULE": LIBRARY.get(env["PERSISTENCE_MODULE"],
                                                     env["PERSISTENCE_MODULE"])}


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


@dataclass
class Figure:
    """One figure as a benchmark printed it: for the summary at the end of a run."""

    name: str
    value: float
    unit: str
    baseline_name: str
    baseline: float
    aim: str = ""
    met: bool | None = None  # None: no aim, or none this figure can be judged by alone

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("nan")


FIGURES: list[Figure] = []  # every figure reported in this process, in order


def report(name: str, value: float, unit: str, baseline_name: str, baseline: float,
           aim: str = "", met: bool | None = None, at_least: float | None = None,
           at_most: float | None = None, digits: int = 0) -> str:
    """A line with a figure, its baseline from the same run, and the ratio.

    The aim is judged by ``met`` when given, else by the ratio: ``at_least`` or
    ``at_most`` it. Every figure is also kept in FIGURES for ``summary``."""
    ratio = value / baseline if baseline else float("nan")
    if met is None and at_least is not None:
        met = ratio >= at_least
    if met is None and at_most is not None:
        met = ratio <= at_most
    FIGURES.append(Figure(name, value, unit, baseline_name, baseline, aim, met))
    line = (f"{name:<46} {value:>12,.{digits}f} {unit:<10} baseline {baseline_name}: "
            f"{baseline:>12,.{digits}f} {unit}  ratio {ratio:.2f}")
    print(line + (f"  (aim: {aim}{_verdict(met)})" if aim else ""), flush=True)
    return line


def record(name: str, value: float, unit: str, baseline_name: str, baseline: float,
           aim: str = "", met: bool | None = None) -> Figure:
    """Keep a figure for the summary that its bench printed in a table of its own."""
    figure = Figure(name, value, unit, baseline_name, baseline, aim, met)
    FIGURES.append(figure)
    return figure


def _verdict(met: bool | None) -> str:
    return "" if met is None else (": met" if met else ": MISSED")


def summary(figures: list[Figure] | None = None) -> str:
    """A table of every figure: figure, baseline, ratio, aim, met?"""
    rows = [("figure", "value", "baseline", "ratio", "aim", "met?")]
    for f in FIGURES if figures is None else figures:
        rows.append((f.name, f"{_number(f.value)} {f.unit}",
                     f"{f.baseline_name}: {_number(f.baseline)}", f"{f.ratio:.2f}", f.aim or "—",
                     {True: "yes", False: "NO", None: "—"}[f.met]))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
