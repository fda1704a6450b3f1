"""The committer: concurrent saves in one batch, each answered alone."""

from __future__ import annotations

import threading
import time

import pytest

from adapters.groupcommit import Committer, Settings


class Store:
    """Commits batches slowly, as an fsync would; refuses the events it is told to."""

    def __init__(self, refuse: frozenset = frozenset(), delay: float = 0.05) -> None:
        self.batches: list[list] = []
        self.log: list = []
        self.refuse, self.delay = refuse, delay

    def commit(self, batch) -> None:
        self.batches.append([save.events for save in batch])
        time.sleep(self.delay)
        for save in batch:
            if set(save.events) & self.refuse:
                save.fail(KeyError(save.events))
                continue
            save.ids = list(range(len(self.log) + 1, len(self.log) + 1 + len(save.events)))
            self.log += save.events


def _concurrently(committer: Committer, saves: list) -> dict:
    answers: dict = {}

    def submit(events) -> None:
        try:
            answers[events] = committer.submit(events)
        except Exception as error:  # noqa: BLE001 - the answer under test
            answers[events] = error
    threads = [threading.Thread(target=submit, args=(events,)) for events in saves]
    for thread in threads:
        thread.start()
        time.sleep(0.002)
    for thread in threads:
        thread.join(timeout=10)
    return answers


def test_saves_arriving_while_one_commits_share_the_next_commit():
    store = Store()
    saves = [(f"e{n}",) for n in range(8)]
    answers = _concurrently(Committer(store.commit, Settings(0, 64)), saves)
    assert len(store.batches) < len(saves)
    assert sorted(answers.values()) == [[n] for n in range(1, 9)]
    assert {events: store.log[ids[0] - 1] for events, ids in answers.items()} == \
        {events: events[0] for events in saves}


def test_a_refused_save_fails_alone_and_the_others_of_its_batch_land():
    store = Store(refuse=frozenset({"e3"}))
    saves = [(f"e{n}",) for n in range(6)]
    answers = _concurrently(Committer(store.commit, Settings(0, 64)), saves)
    assert isinstance(answers[("e3",)], KeyError)
    assert sorted(e for s, a in answers.items() if not isinstance(a, Exception) for e in s) \
        == ["e0", "e1", "e2", "e4", "e5"]
    assert sorted(store.log) == ["e0", "e1", "e2", "e4", "e5"]


def test_a_batch_never_exceeds_its_limit():
    store = Store()
    _concurrently(Committer(store.commit, Settings(0, 2)), [(f"e{n}",) for n in range(7)])
    assert max(len(batch) for batch in store.batches) == 2
    assert sorted(store.log) == [f"e{n}" for n in range(7)]


def test_a_lone_save_does_not_wait_for_company():
    store = Store(delay=0)
    committer = Committer(store.commit, Settings(window=1.0, limit=64))
    started = time.perf_counter()
    for n in range(3):
        assert committer.submit((f"e{n}",)) == [n + 1]
    assert time.perf_counter() - started < 0.5


def test_a_failed_commit_is_every_waiting_saves_answer():
    def broken(batch) -> None:
        time.sleep(0.02)
        raise ConnectionError("server gone")
    answers = _concurrently(Committer(broken, Settings(0, 64)), [(f"e{n}",) for n in range(5)])
    assert all(isinstance(answer, ConnectionError) for answer in answers.values())


@pytest.mark.parametrize(("window", "limit"), [("-1", "4"), ("0.5", "0"), ("soon", "4")])
def test_settings_out_of_range_are_refused_with_their_names(window, limit):
    with pytest.raises(ValueError, match="group commit"):
        Settings.from_env({"GROUP_COMMIT_WINDOW_MS": window, "GROUP_COMMIT_LIMIT": limit})


def test_a_committer_waits_only_for_the_company_it_expects():
    """The second batch carried three saves; when three are queued again the third commits
    at once instead of waiting out its (long) window for more."""
    store = Store(delay=0.2)
    committer = Committer(store.commit, Settings(window=1.5, limit=64))
    started = time.perf_counter()
    threads = [threading.Thread(target=committer.submit, args=(("e0",),))]
    threads[0].start()
    time.sleep(0.05)  # e0 commits alone; e1-e3 queue behind it and share the next commit
    for name in ("e1", "e2", "e3"):
        threads.append(threading.Thread(target=committer.submit, args=((name,),)))
        threads[-1].start()
    time.sleep(0.25)  # while e1-e3 commit, three more queue: as many as expected
    for name in ("e4", "e5", "e6"):
        threads.append(threading.Thread(target=committer.submit, args=((name,),)))
        threads[-1].start()
    for thread in threads:
        thread.join(timeout=10)
    assert [len(batch) for batch in store.batches] == [1, 3, 3]
    assert time.perf_counter() - started < 1.2  # three commits of 0.2 s, no window of 1.5


class Overlapping(Store):
    """A store that counts how many batches it commits at once."""

    def __init__(self, delay: float = 0.05) -> None:
        super().__init__(delay=delay)
        self.now = self.most = 0
        self.guard = threading.Lock()

    def commit(self, batch) -> None:
        with self.guard:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            super().commit(batch)
        finally:
            with self.guard:
                self.now -= 1


def test_with_depth_two_a_save_commits_beside_the_batch_in_flight_and_never_a_third():
    store = Overlapping(delay=0.1)
    committer = Committer(store.commit, Settings(window=0.0005, limit=64, depth=2))
    started = time.perf_counter()
    first = threading.Thread(target=committer.submit, args=(("e0",),))
    first.start()
    time.sleep(0.02)
    assert committer.submit(("e1",)) is not None  # did not wait for e0's commit to end
    assert time.perf_counter() - started < 0.18
    first.join(timeout=10)
    answers = _concurrently(committer, [(f"f{n}",) for n in range(30)])
    assert store.most == 2
    assert sorted(e for batch in store.batches for events in batch for e in events) == \
        sorted(["e0", "e1", *(f"f{n}" for n in range(30))])  # each save in one batch only
    assert sorted(ids[0] for ids in answers.values()) == list(range(3, 33))


def test_with_depth_two_every_save_is_answered_once_under_many_threads():
    store = Overlapping(delay=0.001)
    committer = Committer(store.commit, Settings(window=0, limit=3, depth=2))
    answers: dict = {}

    def client(number: int) -> None:
        for k in range(40):
            answers[(number, k)] = committer.submit(((number, k),))
    threads = [threading.Thread(target=client, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(answers) == 480 and store.most <= 2
    assert committer._leading == 0 and committer._promoted is None  # every slot given back
    assert max(len(batch) for batch in store.batches) <= 3
    assert {events: store.log[ids[0] - 1] for events, ids in
            ((((n, k),), ids) for (n, k), ids in answers.items())} == \
        {((n, k),): (n, k) for n in range(12) for k in range(40)}


def test_the_depth_comes_from_the_settings_or_the_stores_default():
    assert Settings.from_env({}, depth=2).depth == 2
    assert Settings.from_env({"GROUP_COMMIT_DEPTH": "1"}, depth=2).depth == 1
    with pytest.raises(ValueError, match="depth"):
        Settings.from_env({"GROUP_COMMIT_DEPTH": "0"})


def test_a_save_that_took_a_slot_is_not_promoted_into_a_second(monkeypatch):
    """A save takes a slot in submit and is descheduled before it leads; the batch in
    flight ends meanwhile: its leader must not promote that save again, or the slot is
    counted twice and the committer runs one batch short for good."""
    in_flight, finished = threading.Event(), threading.Event()

    def commit(batch):
        if batch[0].events == ("A",):
            in_flight.wait(5)
        for n, save in enumerate(batch):
            save.ids = [n]

    committer = Committer(commit, Settings(window=0, limit=64, depth=2))
    lead = Committer._lead

    def descheduled(self, own):
        if own.events == ("S",):
            finished.wait(5)  # A's commit ends while S holds a slot and has not led
        return lead(self, own)

    monkeypatch.setattr(Committer, "_lead", descheduled)
    first = threading.Thread(target=committer.submit, args=(("A",),))
    first.start()
    second = threading.Thread(target=committer.submit, args=(("S",),))
    while committer._leading < 1:
        time.sleep(0.001)
    second.start()
    while committer._leading < 2:
        time.sleep(0.001)
    in_flight.set()
    first.join(5)
    finished.set()
    second.join(5)
    assert not first.is_alive() and not second.is_alive()
    assert committer._leading == 0 and not committer._queue
