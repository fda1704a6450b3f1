"""The library's live subscription, read in a thread and handed on in batches."""

from __future__ import annotations

import queue
import threading
from typing import Any

WAIT = 0.2  # how often a blocked hand-over looks whether it should give up


class _Ended:
    """The subscription ended (stopped, or failed with ``error``)."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error


class Arrivals:
    """Notifications from a subscription, taken a batch of what has arrived at a time."""

    def __init__(self, subscription: Any, batch_size: int) -> None:
        self.subscription, self.batch_size = subscription, batch_size
        self._queue: queue.Queue = queue.Queue(maxsize=batch_size * 4)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._feed, name="projections-subscription",
                                        daemon=True)
        self._ended = False

    def __enter__(self) -> Arrivals:
        self.subscription.__enter__()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        self.subscription.stop()
        self.subscription.__exit__(*exc_info)
        self._thread.join(timeout=5)

    def take(self, timeout: float = WAIT) -> list | None:
        """What has arrived (up to a batch), [] when nothing did, None once it has ended."""
        if self._ended:
            return None
        try:
            batch = [self._queue.get(timeout=timeout)]
        except queue.Empty:
            return []
        while len(batch) < self.batch_size and not self._queue.empty():
            batch.append(self._queue.get_nowait())
        if isinstance(batch[-1], _Ended):
            self._ended = True
            if batch[-1].error is not None:
                raise batch[-1].error
            return batch[:-1] or None
        return batch

    def _feed(self) -> None:
        error = None
        try:
            for notification in self.subscription:
                if not self._put(notification):
                    return
        except BaseException as failure:  # noqa: BLE001 - raised again in the runner's thread
            error = failure
        self._put(_Ended(error))

    def _put(self, item: Any) -> bool:
        while not self._done.is_set():
            try:
                self._queue.put(item, timeout=WAIT)
                return True
            except queue.Full:
                continue
        return False
