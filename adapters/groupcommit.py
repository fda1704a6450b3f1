"""Group commit: the saves of concurrent commands share one transaction and one fsync.

Each save joins a queue and waits. The first save to find no committer at work becomes
the committer (leader/follower, as in MySQL's binary-log group commit: no thread of its
own): it takes what has queued, up to ``limit`` saves, and hands the batch to the store,
which checks every save's versions, writes the ones that fit in one transaction, and
answers each save alone, a conflict failing only its own. While a batch commits, the next
one gathers; its first save then commits it. Like PostgreSQL's ``commit_delay`` with
``commit_siblings``, a committer waits for more only when the last batch had company, so
a lone command never waits; and it waits only for the company it expects: as soon as as
many saves are queued as the last batch carried, it commits, and it never waits longer
than ``window`` seconds. Under steady load the saves that queued during the last commit
are that many already, so nobody waits for the window at all.

A store that orders concurrent transactions itself (PostgreSQL's table lock) may take
``depth`` batches at once: a save that finds a slot free commits at once beside the batch
in flight, and its statement waits for the lock on the server rather than for the other
batch's answer and its committer's wake-up; the window then no longer applies (as with
EventStoreDB's writer, whoever finds the writer free writes). Saves that find every slot
taken queue, and the first of them is woken to lead when a slot frees.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

WINDOW_MS = "GROUP_COMMIT_WINDOW_MS"  # the event-store settings' keys (adapters/eventstore.py)
LIMIT = "GROUP_COMMIT_LIMIT"
DEPTH = "GROUP_COMMIT_DEPTH"


@dataclass(eq=False)
class Save:
    """One command's stored events, waiting for its answer: notification ids or an error."""

    events: Sequence[Any]
    ids: list[int] | None = None
    error: BaseException | None = None
    answered: bool = False
    leads: bool = False  # holds one of the committer's slots (under its lock)
    wake: threading.Event = field(default_factory=threading.Event)

    def fail(self, error: BaseException) -> None:
        self.ids, self.error = None, error

    def result(self) -> list[int] | None:
        if self.error is not None:
            raise self.error
        return self.ids


@dataclass(frozen=True)
class Settings:
    window: float = 0.0005  # seconds a committer waits for company
    limit: int = 64  # saves in one transaction at most
    depth: int = 1  # batches committing at once (a store that orders them itself: more)

    @classmethod
    def from_env(cls, env: Any, depth: int = 1) -> Settings:
        """From the event-store settings (``env.get`` as the library's Environment);
        ``depth`` is the store's own default for ``GROUP_COMMIT_DEPTH``."""
        window, limit = env.get(WINDOW_MS) or "0.5", env.get(LIMIT) or "64"
        depth_text = env.get(DEPTH) or str(depth)
        try:
            settings = cls(float(window) / 1000, int(limit), int(depth_text))
        except ValueError:
            settings = cls(-1, 0, 0)
        if settings.window < 0 or settings.limit < 1 or settings.depth < 1:
            raise ValueError(f"group commit: the window must be a number of milliseconds "
                             f"≥ 0 (got {window!r}), the limit a whole number ≥ 1 "
                             f"(got {limit!r}) and the depth a whole number ≥ 1 "
                             f"(got {depth_text!r})")
        return settings


class Committer:
    """Turns concurrent calls of ``submit`` into calls of ``commit`` with batches."""

    def __init__(self, commit: Callable[[list[Save]], None],
                 settings: Settings | None = None) -> None:
        self._commit = commit
        self.settings = settings or Settings()
        self._queue: list[Save] = []
        self._leading = 0  # batches committing, or about to: at most ``depth``
        self._promoted: Save | None = None  # a queued save woken to lead, not awake yet
        self._expected = 1  # saves the last batch carried: the company a committer waits for
        self._arrived = threading.Condition()

    def submit(self, events: Sequence[Any]) -> list[int] | None:
        """Store these events with whatever else is saved now; this save's answer alone."""
        save = Save(events)
        with self._arrived:
            self._queue.append(save)
            if self._leading < self.settings.depth:
                self._leading += 1
                save.leads = True
            elif len(self._queue) >= self._enough():
                self._arrived.notify()
        while True:
            if save.leads and self._lead(save):
                return save.result()
            save.wake.wait()
            save.wake.clear()
            if save.answered:
                return save.result()

    def _enough(self) -> int:
        """As many saves as the last batch carried, within the limit."""
        return min(self._expected, self.settings.limit)

    def _lead(self, own: Save) -> bool:
        """Commit one batch, headed by the caller's own save, then pass the lead on;
        False if another leader took the caller's save into its batch first."""
        limit = self.settings.limit
        with self._arrived:
            if not own.leads:
                return False
            if self.settings.window and self.settings.depth == 1 and \
                    len(self._queue) < self._enough():
                self._arrived.wait_for(lambda: len(self._queue) >= self._enough(),
                                       timeout=self.settings.window)
            self._queue.remove(own)
            batch = [own, *self._queue[:limit - 1]]
            del self._queue[:limit - 1]
            for save in batch:
                if save.leads and save is not own:  # its slot is this batch's
                    self._leading -= 1
                save.leads = False
            if self._promoted is not None and not self._promoted.leads:
                self._promoted = None
            following = self._promote()  # more queued than one batch takes
        if following is not None:
            following.wake.set()
        try:
            self._commit(batch)
        except BaseException as error:  # every waiter hears of it, then the lead goes on
            for save in batch:
                if save.ids is None and save.error is None:
                    save.fail(error)
            if not isinstance(error, Exception):
                raise  # an interrupt or exit belongs to this thread as well
        finally:
            with self._arrived:
                self._expected = len(batch)
                self._leading -= 1
                following = self._promote()
            if following is not None:  # first: the next commit starts while these wake
                following.wake.set()
            for save in batch:
                save.answered = True
                save.wake.set()
        return True

    def _promote(self) -> Save | None:
        """The queued save to wake as the next leader, if a slot is free and none is
        waking already (it takes what is queued then); under the lock. A save that took a
        slot in ``submit`` and has not yet reached ``_lead`` holds one already: it is
        passed over, or the slot would be counted twice and never given back."""
        if self._promoted is not None or self._leading >= self.settings.depth:
            return None
        following = next((save for save in self._queue if not save.leads), None)
        if following is not None:
            self._promoted = following
            following.leads = True
            self._leading += 1
        return following
