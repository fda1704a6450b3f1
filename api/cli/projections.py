"""``notaledger projections status|run|rebuild|check``: the read side's maintenance."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, wait
from functools import wraps

from api.bootstrap import bootstrap, build_scheduler
from domain.errors import InvalidInput
from projections.catalogue import PROJECTORS, projectors
from projections.log import EventLog
from projections.rebuild import check, join_parts, make_live, rebuild, rebuild_outdated
from projections.runner import Progress, Runner
from projections.status import standings
from projections.store import StoreUnavailable

PROGRESS_EVERY = 0.05  # seconds between the progress a shared rebuild reports
# A rebuild's process reads the log through one connection at a time: a pool of ten
# (the default) made each of them open ten PostgreSQL connections as it started, and
# close them as it ended, a fixed cost paid three times by a rebuild in two processes.
ONE_CONNECTION = {"NOTALEDGER_PG_POOL_SIZE": "1"}


def _plainly(handler: Callable[..., int]) -> Callable[..., int]:
    """An unreachable view store is a plain message and exit status 3, not a traceback."""
    @wraps(handler)
    def run(arguments) -> int:
        try:
            return handler(arguments)
        except StoreUnavailable as error:
            print(f"notaledger: the view store is unavailable: {error}", file=sys.stderr)
            return 3
    return run


def register(subcommands) -> None:
    command = subcommands.add_parser("projections", help="the views: status, run, rebuild, check")
    actions = command.add_subparsers(dest="action", required=True)
    status = actions.add_parser("status", help="position, head and lag of each projection")
    status.add_argument("name", nargs="?", help="only this projection")
    status.add_argument("--json", action="store_true", help="print as JSON")
    status.add_argument("--max-lag", type=int, metavar="N",
                        help="exit 1 when a projection is more than N events behind the log "
                             "or has no views (a healthcheck)")
    status.set_defaults(handler=run_status)
    run = actions.add_parser("run", help="keep projections up to date until stopped (SIGTERM)")
    run.add_argument("name", nargs="?", help="only this projection (default: all)")
    run.add_argument("--batch-size", type=int, default=500)
    run.set_defaults(handler=run_run)
    build = actions.add_parser("rebuild", help="replay into fresh space, then swap it in")
    build.add_argument("name", nargs="?", help="only this projection (default: all)")
    build.add_argument("--batch-size", type=int, default=None,
                       help="events a batch (default: the view store's; 2,000 for Redis, "
                            "10,000 for SQLite)")
    build.add_argument("--jobs", type=int, default=1,
                       help="processes to share the log's aggregates between (default 1)")
    build.set_defaults(handler=run_rebuild)
    compare = actions.add_parser("check", help="compare live views with a scratch rebuild")
    compare.add_argument("name", nargs="?", help="only this projection (default: all)")
    compare.set_defaults(handler=run_check)


@_plainly
def run_status(arguments) -> int:
    with bootstrap() as services:
        found = standings(services.ledger, services.views, arguments.name)
    if arguments.json:
        print(json.dumps([s.to_dict() for s in found], indent=2))
    else:
        print(f"{'projection':<12} {'position':>10} {'head':>10} {'lag':>8}  state")
        for row in found:
            print(f"{row.name:<12} {row.position or '-':>10} {row.head or '-':>10} "
                  f"{row.lag:>8}  {row.state}")
    if arguments.max_lag is None:
        return 0
    behind = [row for row in found if row.behind(arguments.max_lag)]
    for row in behind:
        print(f"notaledger: projection {row.name} is {row.state} "
              f"(more than --max-lag {arguments.max_lag})", file=sys.stderr)
    return 1 if behind else 0


@_plainly
def run_run(arguments) -> int:
    if not logging.getLogger().handlers:  # outages and restarts are worth seeing on stderr
        logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with bootstrap() as services:
        selected = projectors(arguments.name)
        if arguments.name is None:  # an upgrade's outdated views, rebuilt before following
            rebuilt = rebuild_outdated(services.ledger, services.views)
            if rebuilt:
                print(f"rebuilt the views of {', '.join(rebuilt)}: an earlier version built "
                      "them in another shape", file=sys.stderr, flush=True)
        runner = Runner(services.ledger, services.views, selected, feed=services.stream,
                        batch_size=arguments.batch_size,
                        scheduler=build_scheduler(services.ledger, services.views,
                                                  [p.name for p in selected],
                                                  services.settings))
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: runner.stop())
        names = ", ".join(writer.name for writer in runner.writers)
        print(f"following the log for {names}", file=sys.stderr, flush=True)
        runner.run()
    print(f"stopped at position {runner.position}", file=sys.stderr)
    return 0


@_plainly
def run_rebuild(arguments) -> int:
    if arguments.jobs < 1:
        raise InvalidInput(f"--jobs must be at least 1, not {arguments.jobs}")
    with bootstrap() as services:
        total = services.ledger.recorder.max_notification_id()
    names = [p.name for p in projectors(arguments.name)]
    line = ProgressLine(", ".join(names), total)
    rebuild_in_processes(dict(os.environ), names, arguments.jobs, arguments.batch_size, line)
    line.finish()
    return 0


def rebuild_in_processes(environ: dict, names: list[str], jobs: int, batch_size: int | None,
                         progress: Progress | None = None) -> list[float]:
    """Rebuild the projections, the log's aggregates shared between ``jobs`` processes,
    then swap all in.

    Every process builds every projection, of its own share of the aggregates (every
    event of an aggregate falls to one process), into the same fresh spaces: each reads
    the log but decodes and projects only its share, and no two write the same row. Only
    when every one has finished are the spaces made live, so a failure leaves the old
    views in place. The processes are forked where the system can: a fresh interpreter
    would spend longer importing the application than a small log takes to rebuild.

    Returns the CPU seconds each process spent on its part (none for one process).
    """
    selected = [PROJECTORS[n] for n in names]
    environ = {**ONE_CONNECTION, **environ}
    with bootstrap(environ) as services:
        log = EventLog(services.ledger)
        head = log.head() if jobs > 1 else None
        if head is None:  # one process, or nothing to share
            rebuild(services.ledger, services.views, selected, progress, batch_size)
            return []
        identity = log.identity()
        spaces = {name: services.views.create_space(name) for name in names}
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    counts = context.Array("q", jobs)
    failed: list[BaseException] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_share,
                                 initargs=(counts,)) as pool:
            futures = [pool.submit(_rebuild_part, names, environ, batch_size, spaces, head,
                                   (index, jobs)) for index in range(jobs)]
            while wait(futures, timeout=PROGRESS_EVERY).not_done:
                if progress is not None:
                    progress(min(counts), None)
            failed = [f.exception() for f in futures if f.exception() is not None]
    except BaseException as error:  # noqa: BLE001 - the spaces are dropped, then it is raised
        failed.append(error)
    with bootstrap(environ) as services:  # the views alone: the log's head and identity
        if failed:                        # were read before the parts began
            for name, space in spaces.items():
                services.views.drop_space(name, space)
            raise failed[0]
        join_parts(services.views, spaces, head)
        make_live(identity, services.views, spaces)
    return [future.result() for future in futures]


_counts = None


def _share(counts) -> None:
    global _counts
    _counts = counts


def _rebuild_part(names: list[str], environ: dict, batch_size: int | None,
                  spaces: dict[str, str],
                  until: int, part: tuple[int, int]) -> float:
    """In a child process: build every projection of its share of the aggregates into the
    given spaces, up to ``until``; not live yet. Returns the CPU seconds it took."""
    def progress(done: int, position: int | None) -> None:
        _counts[part[0]] = done

    started = time.process_time()
    with bootstrap(environ) as services:
        rebuild(services.ledger, services.views, [PROJECTORS[n] for n in names], progress,
                batch_size, until=until, swap=False, spaces=spaces, part=part)
    return time.process_time() - started


@_plainly
def run_check(arguments) -> int:
    failed = 0
    with bootstrap() as services:
        for projector in projectors(arguments.name):
            result = check(services.ledger, services.views, projector)
            print(f"{result.name}: {'same as a rebuild' if result.ok else 'DIFFERS'} "
                  f"at position {result.position} (head {result.head})")
            for difference in result.differences:
                print(f"  {difference}")
            failed += not result.ok
    return 1 if failed else 0


class ProgressLine:
    """A one-line progress report on stderr: events, events/s and the time left."""

    def __init__(self, what: str, total: int | None, every: float = 0.5) -> None:
        self.what, self.total, self.every = what, total or 0, every
        self.started = self.shown = time.monotonic()
        self.done = 0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, position: int | None) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.shown >= (self.every if self.tty else 5.0):
            self.shown = now
            self._show(end="\r" if self.tty else "\n")

    def _show(self, end: str) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate and self.total > self.done else 0
        print(f"rebuilding {self.what}: {self.done:,}/{self.total:,} events  "
              f"{rate:,.0f} events/s  ETA {_clock(left)}   ", end=end, file=sys.stderr,
              flush=True)

    def finish(self) -> None:
        self._show(end="\n")


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
