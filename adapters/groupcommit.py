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
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

WINDOW_MS = "GROUP_COMMIT_WINDOW_MS"  # the event-store settings' keys (adapters/eventstore.py)
LIMIT = "GROUP_COMMIT_LIMIT"


@dataclass(eq=False)
class Save:
    """One command's stored events, waiting for its answer: notification ids or an error."""

    events: Sequence[Any]
    ids: list[int] | None = None
    error: BaseException | None = None
    answered: bool = False
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

    @classmethod
    def from_env(cls, env: Any) -> Settings:
        """From the event-store settings (``env.get`` as the library's Environment)."""
        window, limit = env.get(WINDOW_MS) or "0.5", env.get(LIMIT) or "64"
        try:
            settings = cls(float(window) / 1000, int(limit))
        except ValueError:
            settings = cls(-1, 0)
        if settings.window < 0 or settings.limit < 1:
            raise ValueError(f"group commit: the window must be a number of milliseconds "
                             f"≥ 0 (got {window!r}) and the limit a whole number ≥ 1 "
                             f"(got {limit!r})")
        return settings


class Committer:
    """Turns concurrent calls of ``submit`` into calls of ``commit`` with batches."""

    def __init__(self, commit: Callable[[list[Save]], None],
                 settings: Settings | None = None) -> None:
        self._commit = commit
        self.settings = settings or Settings()
        self._queue: list[Save] = []
        self._leading = False
        self._expected = 1  # saves the last batch carried: the company a committer waits for
        self._arrived = threading.Condition()

    def submit(self, events: Sequence[Any]) -> list[int] | None:
        """Store these events with whatever else is saved now; this save's answer alone."""
        save = Save(events)
        with self._arrived:
            self._queue.append(save)
            lead = not self._leading
            self._leading = True
            if len(self._queue) >= self._enough():
                self._arrived.notify()
        while not lead:
            save.wake.wait()
            save.wake.clear()
            if save.answered:
                return save.result()
            lead = True  # promoted: this save heads the queue
        self._lead()
        return save.result()

    def _enough(self) -> int:
        """As many saves as the last batch carried, within the limit."""
        return min(self._expected, self.settings.limit)

    def _lead(self) -> None:
        """Commit one batch, headed by the caller's own save, then pass the lead on."""
        limit = self.settings.limit
        with self._arrived:
            if self.settings.window and len(self._queue) < self._enough():
                self._arrived.wait_for(lambda: len(self._queue) >= self._enough(),
                                       timeout=self.settings.window)
            batch, self._queue[:limit] = self._queue[:limit], []
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
                following = self._queue[0] if self._queue else None
                self._leading = following is not None
            for save in batch:
                save.answered = True
                save.wake.set()
            if following is not None:
                following.wake.set()
