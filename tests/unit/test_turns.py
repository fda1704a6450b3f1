"""Commands on one aggregate take turns within a process; other aggregates do not wait."""

from __future__ import annotations

import threading
import time

from domain.turns import Turns


def test_holders_of_one_key_never_overlap_and_other_keys_do_not_wait():
    turns, inside, most, lock = Turns(), [0], [0], threading.Lock()

    def hold(key: str) -> None:
        with turns.of(key):
            with lock:
                inside[0] += 1 if key == "a" else 0
                most[0] = max(most[0], inside[0])
            time.sleep(0.1 if key == "a" else 0)
            with lock:
                inside[0] -= 1 if key == "a" else 0

    threads = [threading.Thread(target=hold, args=("a",)) for _ in range(6)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    hold("b")  # while the six take turns on "a", 0.6 s in all
    assert time.perf_counter() - started < 0.3
    for thread in threads:
        thread.join()
    assert most[0] == 1
    assert turns._locks == {}  # nothing kept once no one holds or waits
