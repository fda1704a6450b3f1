"""The projection runner: catch up from the stored positions in batches, then follow.

Following uses the event store's subscription where it has one (LISTEN/NOTIFY on
PostgreSQL, read batch by batch in the runner's own thread when it offers ``batches``,
else through ``Arrivals``) and short polling where it has not (SQLite). On PostgreSQL the library
takes an exclusive lock on the events table for every insert, so notification ids are
issued in commit order: a reader that has seen id N has seen every committed id below
N, and a transaction that holds a lower id keeps every later writer waiting until it
commits or rolls back (which leaves a gap that will never be filled).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError

from projections.catalogue import SHAPES, Projector, projectors
from projections.facts import Fact
from projections.feed import EventFeed
from projections.follow import Arrivals
from projections.honesty import FIRST_SHAPE, ViewsUntrusted, judge, stamp, unstamp
from projections.log import EventLog
from projections.publisher import Publisher
from projections.reminders import Scheduler
from projections.store import (
    APPLICATION,
    PositionConflict,
    StoreUnavailable,
    ViewStore,
    part_name,
)
from projections.writer import ProjectionWriter, group_by_kind

LOG = logging.getLogger("notaledger.projections")
FAILED_PAUSE = 1.0  # seconds before a runner tries again after an unexpected failure (doubling)
TRANSIENT = (StoreUnavailable, OperationalError, InterfaceError, ConnectionError, TimeoutError)
Progress = Callable[[int, int | None], None]  # (events read so far, position reached)


class Runner:
    """Keeps a set of projections in one store up to date with the ledger's log."""

    def __init__(self, app: Any, store: ViewStore, selected: Sequence[Projector] | None = None,
                 *, feed: EventFeed | None = None, batch_size: int = 500,
                 poll_interval: float = 0.05, spaces: dict[str, str] | None = None,
                 scheduler: Scheduler | None = None, part: tuple[int, int] | None = None,
                 write_behind: bool = False) -> None:
        self.log, self.store = EventLog(app), store
        self.part = part  # (index, count): only these aggregates, for a rebuild's process
        application = APPLICATION if part is None else part_name(*part)
        self.writers = [ProjectionWriter(p, store, (spaces or {}).get(p.name),
                                         application=application)
                        for p in (selected if selected is not None else projectors())]
        self.batch_size, self.poll_interval = batch_size, poll_interval
        self._stopping = threading.Event()
        self._applied = threading.Condition()
        self._subscription: Any = None
        self._thread: threading.Thread | None = None
        self.following = threading.Event()  # set while caught up and waiting for new events
        self._through = 0  # the last notification id applied by this runner
        self.publisher = Publisher(feed, self.log) if feed is not None else None
        self.live = spaces is None  # follows the live views, not a rebuild's fresh spaces
        # a rebuild's batch is written while the next is prepared: its spaces are its own
        self.write_behind = write_behind and not self.live
        self._behind: Future | None = None  # the batch being written behind
        self._behind_pool: ThreadPoolExecutor | None = None
        if self.write_behind:
            for writer in self.writers:
                writer.before_read = self.settle  # a row is read only once written
        self.scheduler = scheduler if self.live else None  # records reminders as they fall due

    # --- positions ----------------------------------------------------------------------

    @property
    def position(self) -> int:
        """The notification id every projection of this runner has applied (0: none)."""
        if not self.writers:
            return self._through
        return min(w.position or 0 for w in self.writers)

    def wait_until(self, position: int | None, timeout: float = 2.0) -> bool:
        """Block until every projection has applied ``position``; False on timeout."""
        if position is None:
            return True
        with self._applied:
            # re-checked every 0.1 s too: a position can also move when a writer reloads
            deadline = time.monotonic() + timeout
            while self.position < position:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._applied.wait(min(left, 0.1))
            return True

    # --- running --------------------------------------------------------------------------

    def start(self) -> Runner:
        """Run in a background thread (the embedded default, inside the API process)."""
        self._thread = threading.Thread(target=self.run, name="projections", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Finish the batch in hand, then return from run(); safe from a signal handler."""
        self._stopping.set()
        subscription = self._subscription
        if subscription is not None:
            subscription.stop()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run(self) -> None:
        """Catch up, then follow new events until stopped; outages are waited out."""
        if self.scheduler is not None:
            threading.Thread(target=self._remind, name="reminders", daemon=True).start()
        pause, failed = 0.2, FAILED_PAUSE
        while not self.stopping:
            try:
                self.catch_up()
                if not self.stopping:  # a stop during the catch-up ends it here
                    self._follow()
                pause, failed = 0.2, FAILED_PAUSE
            except PositionConflict:
                LOG.info("a projection's position moved under the runner; reading again")
            except ViewsUntrusted as refused:
                LOG.error("projection runner refuses these views: %s", refused)
                self._stopping.wait(5.0)
            except TRANSIENT as error:
                self._read_back()
                LOG.warning("projection runner waiting %.1fs: %s", pause, error)
                self._stopping.wait(pause)
                pause = min(pause * 2, 5.0)
            except Exception:  # noqa: BLE001 - a store's refusal or a bug must not end the views
                # e.g. a view store that refuses a command (a key of the wrong type): logged
                # with its traceback and tried again, less often each time, so that the views
                # go on once it is mended instead of standing still until a restart
                self._read_back()
                LOG.exception("projection runner failed; trying again in %.0fs", failed)
                self._stopping.wait(failed)
                failed = min(failed * 2, 60.0)
        LOG.info("projection runner stopped at position %s", self.position)

    def _read_back(self) -> None:
        """After a failure: whether the last batch landed is read back from the store."""
        for writer in self.writers:
            writer.loaded = False
        if self.publisher is not None:
            self.publisher.resume()  # a batch that landed may not be in the feed

    def load(self) -> None:
        """Read every projection's stored position (again, after a failure)."""
        for writer in self.writers:
            if not writer.loaded:
                writer.reload()

    def catch_up(self, until: int | None = None, progress: Progress | None = None) -> int:
        """Apply every batch in the log now (up to ``until``); returns the events read."""
        self.load()
        if self.live:
            self.check_views()
        read = 0
        try:
            with self.log.read_ahead(self.position, self.batch_size, until) as batches:
                for rows in batches:
                    if self.stopping:
                        break
                    decode = self.log.decode_row
                    if self.part is not None:  # the others' events are not even decoded
                        mine = [row for row in rows if self.log.row_in_part(row, *self.part)]
                        self.apply([decode(row) for row in mine], rows[-1][0])
                    else:
                        self.apply([decode(row) for row in rows])
                    read += len(rows)
                    if progress is not None:
                        progress(read, self.position)
            self.settle()
        finally:
            self._end_writing_behind()
        return read

    def settle(self) -> None:
        """Wait until the batch being written behind has landed; raise what stopped it."""
        behind, self._behind = self._behind, None
        if behind is not None:
            behind.result()

    def _end_writing_behind(self) -> None:
        """Let a batch still being written finish (its error, if any, is not raised over
        the one that ended the catch-up) and stop the writing thread."""
        if self._behind is not None:
            wait([self._behind])
            self._behind = None
        if self._behind_pool is not None:
            self._behind_pool.shutdown()
            self._behind_pool = None

    def check_views(self) -> None:
        """Claim the views for this log, or refuse them: another log's, or ahead of it."""
        identity = self.log.identity()
        if identity is None:  # an empty log has no identity yet, and nothing can be ahead of it
            self._attach()
            return
        built = {w.name: w.position for w in self.writers if w.position is not None}
        trust = judge(identity, self.log.head(), self._claim(identity, bool(built)), built,
                      SHAPES)
        if not trust.ok:
            raise ViewsUntrusted(trust)

    def _claim(self, identity: str, built: bool) -> str:
        """The store claimed for this log: as it was claimed (an empty log's views get the
        log's identity now, keeping the shapes they were claimed with), or, unclaimed, for
        this code's shapes if nothing is built yet, else an earlier version's."""
        claimed = self.store.identity()
        if claimed is None:
            shapes = dict.fromkeys(SHAPES, FIRST_SHAPE) if built else SHAPES
            return self.store.claim(stamp(identity, shapes))
        was, shapes = unstamp(claimed)
        if was == "":
            return self.store.claim(stamp(identity, shapes or {}), replace=True)
        return claimed

    def _attach(self) -> None:
        """Views attached to an empty log are built, at position 0: the log's first events
        are then lag like any other, not views emptied beside a log that has events. They
        are claimed first, with this code's shapes (the log's identity comes with its
        first event)."""
        self.store.claim(stamp("", SHAPES))
        for writer in self.writers:
            if writer.position is None:
                try:
                    self.store.apply(writer.name, [], 0, None, writer.space)
                except PositionConflict:
                    pass  # another runner attached them first
                writer.reload()

    def apply(self, facts: list[Fact], through: int | None = None) -> None:
        """Commit one batch to every projection, then tell the feed and any waiters.

        ``through``: the position the batch takes the projections to (the last fact's by
        default; a part of a rebuild reads further than the facts it is given)."""
        through = facts[-1].position if through is None else through
        by_kind = group_by_kind(facts)
        pending = [(w, p) for w in self.writers
                   if (p := w.prepare(facts, through, by_kind)) is not None]
        if pending and self.write_behind:
            self._write_behind(pending, through)
        elif pending:
            outcomes = self.store.apply_all([p.batch for _, p in pending])
            conflicted = False
            for (writer, prepared), outcome in zip(pending, outcomes, strict=True):
                if outcome is None:
                    writer.committed(prepared)
                else:
                    writer.reload()
                    conflicted = True
            if conflicted:
                raise PositionConflict(f"a projection moved under the runner at {through}")
        self._through = through
        if self.publisher is not None:
            self.publisher.publish(facts)
        with self._applied:
            self._applied.notify_all()

    def _write_behind(self, pending: list, through: int) -> None:
        """Hand the batch, encoded here, to the writing thread (after the one before it has
        landed) and go on: the writers count it as written, and a failure ends the rebuild
        at the next batch, or at the end of the catch-up."""
        # encoded while the batch before is still being written: only the sending waits
        encoded = self.store.encode_all([prepared.batch for _, prepared in pending])
        self.settle()

        def write() -> None:
            if any(outcome is not None for outcome in self.store.apply_encoded(encoded)):
                raise PositionConflict(f"a rebuild's space moved under it at {through}")

        if self._behind_pool is None:
            self._behind_pool = ThreadPoolExecutor(1, thread_name_prefix="rebuild-writes")
        self._behind = self._behind_pool.submit(write)
        for writer, prepared in pending:
            writer.committed(prepared)

    # --- following ------------------------------------------------------------------------

    def _follow(self) -> None:
        try:
            self._follow_log()
        finally:
            self.following.clear()

    def _follow_log(self) -> None:
        subscription = self.log.subscribe(self.position)
        if subscription is None:
            self._poll()
            return
        self._subscription = subscription
        if self.stopping:  # stop() came before there was a subscription for it to stop
            subscription.stop()
        try:
            if hasattr(subscription, "batches"):  # read batch by batch in this thread
                self._follow_batches(subscription)
                return
            with Arrivals(subscription, self.batch_size) as arrivals:
                self.following.set()
                while not self.stopping:
                    notifications = arrivals.take()
                    if notifications is None:
                        return
                    if notifications:
                        self.apply([self.log.decode(n) for n in notifications])
        finally:
            self._subscription = None

    def _follow_batches(self, subscription: Any) -> None:
        """Apply each read of a subscription that reads in batches (the event store's own,
        on PostgreSQL): it is read in this thread, so no thread or queue stands between a
        read and its batch, and it ends within 0.1 s of ``stop``."""
        with subscription:
            self.following.set()
            for notifications in subscription.batches(self.batch_size):
                if self.stopping:
                    return
                self.apply([self.log.decode(n) for n in notifications])

    def _poll(self) -> None:
        self.following.set()
        while not self.stopping:
            facts = self.log.read(self.position, self.batch_size)
            if facts:
                self.apply(facts)
            else:
                self._stopping.wait(self.poll_interval)

    # --- reminders -----------------------------------------------------------------------

    def _remind(self) -> None:
        """The scheduler's own thread: it looks while the runner follows the log (views that
        are catching up would only point at stale candidates), beside the projections, so a
        look over many deadlines never holds up an event's way into the views."""
        scheduler = self.scheduler
        while not self._stopping.wait(min(scheduler.interval, 1.0)):
            if not self.following.is_set():
                continue
            try:
                scheduler.tick()
            except TRANSIENT as error:
                LOG.warning("reminders wait for their next turn: %s", error)
            except Exception:  # noqa: BLE001 - a reminder never stops the views
                LOG.exception("the reminder scheduler failed; it tries again at its next turn")
