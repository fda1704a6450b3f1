"""One command at a time per aggregate within a process.

Two threads changing the same aggregate can only both succeed one after the other: the
second's save finds its version taken, reloads and runs again. With saves waiting for a
shared commit that window is longer, and a hot aggregate could make a command lose every
attempt. Taking turns per aggregate turns those wasted attempts into a short wait; other
processes still race, and the version check and retry still settle that.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager


class Turns:
    """A lock per key, kept only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[Hashable, tuple[threading.Lock, int]] = {}

    @contextmanager
    def of(self, key: Hashable) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (None, 0))
            lock = lock or threading.Lock()
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)
