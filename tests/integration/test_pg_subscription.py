"""The projection runner's subscription on PostgreSQL: every commit once, in order, read at
once after a quiet spell and coalesced while commits stream."""

from __future__ import annotations

import threading
import time

import pytest

from adapters.eventstore import event_store_env
from adapters.pg import COALESCE, ListeningSubscription
from domain.actor import Actor
from domain.ledger import Ledger
from projections.log import EventLog
from projections.runner import Runner
from tests.conftest import make_ledger, store_settings
from tests.integration.projection_fixtures import make_view_store

DRAFTER = Actor("VRO", "drafter", person_id="p-1")
NOTE = dict(title="Nota", kind="decision", date="2026-06-05", from_unit="NPLV",
            to_official="MVRO", ministry="VRO", actively_public=False)


class Apart(Ledger):
    """The ledger under a name of its own: its events table, and so the channel its commits
    notify, are this test's alone. Tests in other processes commit to the same database
    meanwhile, and their notifications would wake the subscription as commits streaming."""

    name = "listenedapart"


class Reader:
    """Iterates a subscription in a thread of its own, noting when each id arrived."""

    def __init__(self, subscription: ListeningSubscription) -> None:
        self.subscription, self.arrived = subscription, []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._read, daemon=True)

    def __enter__(self) -> Reader:
        self.subscription.__enter__()
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.subscription.stop()
        self.thread.join(timeout=5)
        self.subscription.__exit__(*exc_info)

    def _read(self) -> None:
        try:
            for notification in self.subscription:
                self.arrived.append((notification.id, time.monotonic()))
        except BaseException as error:  # noqa: BLE001 - asserted on by the test
            self.error = error

    def until(self, count: int, timeout: float = 10) -> list[tuple[int, float]]:
        deadline = time.monotonic() + timeout
        while len(self.arrived) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(self.arrived) >= count, f"only {len(self.arrived)} of {count} arrived"
        return self.arrived


def test_a_commit_after_a_quiet_spell_is_read_at_once_and_streaming_ones_together(
        request, tmp_path):
    ledger = Apart(env=event_store_env(store_settings("postgres", tmp_path, request)))
    before = ledger.draft_note(DRAFTER, reference="2026-SUB-0", **NOTE).position
    # a wait far longer than a commit takes, so that the test can tell it was waited
    subscription = ListeningSubscription(ledger.recorder, gt=before, coalesce=1.5,
                                         streaming=60)
    try:
        with Reader(subscription) as reader:
            time.sleep(0.2)  # listening, nothing to read
            started = time.monotonic()
            first = ledger.draft_note(DRAFTER, reference="2026-SUB-1", **NOTE).position
            [(got, at)] = reader.until(1)
            assert got == first
            assert at - started < 1.0  # the first notification in a while is read at once

            started = time.monotonic()
            second = ledger.draft_note(DRAFTER, reference="2026-SUB-2", **NOTE).position
            time.sleep(0.3)
            third = ledger.draft_note(DRAFTER, reference="2026-SUB-3", **NOTE).position
            arrived = reader.until(3)[1:]
            assert [got for got, _ in arrived] == [second, third]
            # within the streaming window the read waited, and took the later commit along
            assert arrived[0][1] - started >= 1.5
            assert arrived[1][1] - arrived[0][1] < 0.5
        assert reader.error is None
        assert not reader.thread.is_alive()  # stop() ended the iteration
    finally:
        ledger.close()


def test_every_commit_of_many_writers_arrives_once_in_log_order(request, tmp_path):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    subscription = ListeningSubscription(ledger.recorder, gt=None)
    saved: list[int] = []
    lock = threading.Lock()

    def write(lane: int) -> None:
        for n in range(15):
            position = ledger.draft_note(DRAFTER, reference=f"2026-SUB-{lane}-{n}",
                                         **NOTE).position
            with lock:
                saved.append(position)

    try:
        with Reader(subscription) as reader:
            writers = [threading.Thread(target=write, args=(lane,)) for lane in range(6)]
            for writer in writers:
                writer.start()
            for writer in writers:
                writer.join()
            logged = [n.id for n in EventLog(ledger).notifications(None, 10_000)]
            ids = [got for got, _ in reader.until(len(logged))]
            time.sleep(0.2)  # nothing more comes
            assert [got for got, _ in reader.arrived] == ids == logged
            assert set(saved) <= set(logged)
        assert reader.error is None
    finally:
        ledger.close()


def test_the_runner_applies_coalesced_batches_once_each_as_a_rebuild_does(request, tmp_path):
    settings = store_settings("postgres", tmp_path, request)
    ledger = make_ledger(settings)
    live, dispose_live = make_view_store("redis", tmp_path)
    fresh, dispose_fresh = make_view_store("redis", tmp_path)
    batches: list[list[int]] = []

    class Feed:
        capacity = 10**6

        def last_id(self) -> int | None:
            return None

        def append(self, entries: list[dict]) -> None:
            batches.append([entry["id"] for entry in entries])

    runner = Runner(ledger, live, feed=Feed()).start()
    try:
        assert runner.following.wait(timeout=10)
        notes = [ledger.draft_note(DRAFTER, reference=f"2026-RUN-{n}", **NOTE).id
                 for n in range(4)]

        def revise(lane: int) -> None:
            for n in range(20):
                ledger.revise_title(notes[lane], DRAFTER, f"Titel {lane}.{n}")

        writers = [threading.Thread(target=revise, args=(lane,)) for lane in range(4)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        head = EventLog(ledger).head()
        assert runner.wait_until(head, timeout=10)
        Runner(ledger, fresh).catch_up()

        published = [position for batch in batches for position in batch]
        assert published == sorted(set(published)) == list(range(1, head + 1))
        for name in ("notes", "trail", "commitments", "motions"):
            assert list(live.dump(name)) == list(fresh.dump(name))
        assert live.position("notes") == fresh.position("notes") == head
    finally:
        runner.stop()
        runner.join(timeout=10)
        ledger.close()
        dispose_live()
        dispose_fresh()


def test_batches_hand_on_each_read_whole_up_to_the_limit(request, tmp_path):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    before = ledger.draft_note(DRAFTER, reference="2026-SUB-0", **NOTE).position
    written = [ledger.draft_note(DRAFTER, reference=f"2026-SUB-{n}", **NOTE).position
               for n in range(1, 4)]
    subscription = ListeningSubscription(ledger.recorder, gt=before)
    try:
        with subscription:
            reads = subscription.batches(limit=2)
            assert [n.id for n in next(reads)] == written[:2]
            assert [n.id for n in next(reads)] == written[2:]
            later = ledger.draft_note(DRAFTER, reference="2026-SUB-4", **NOTE).position
            assert [n.id for n in next(reads)] == [later]  # waited for, then read
            subscription.stop()
            assert next(reads, None) is None  # a stopped subscription's reads end
    finally:
        ledger.close()


def test_the_wait_is_a_setting_and_zero_reads_each_commit_at_once(request, tmp_path):
    settings = store_settings("postgres", tmp_path, request)
    default = make_ledger(settings)
    at_once = make_ledger({**settings, "NOTALEDGER_FOLLOW_COALESCE_MS": "0"})
    try:
        assert default.recorder.subscribe(gt=None).coalesce == COALESCE
        subscription = at_once.recorder.subscribe(gt=None)
        assert subscription.coalesce == 0
        before = at_once.draft_note(DRAFTER, reference="2026-SUB-Z", **NOTE).position
        subscription = at_once.recorder.subscribe(gt=before)
        with Reader(subscription) as reader:
            time.sleep(0.2)
            for n in range(3):  # one after another: a subscription that never waits
                position = at_once.draft_note(DRAFTER, reference=f"2026-SUB-Z{n}",
                                              **NOTE).position
                reader.until(n + 1)  # still hands on every commit, in order
                assert reader.arrived[-1][0] == position
        assert reader.error is None
    finally:
        default.close()
        at_once.close()


@pytest.mark.parametrize("given", ["-1", "ten", "nan", "1001"])
def test_a_wait_that_is_no_number_of_milliseconds_is_refused_by_name(request, tmp_path, given):
    settings = store_settings("postgres", tmp_path, request)
    with pytest.raises(ValueError, match="FOLLOW_COALESCE_MS must be a number of milliseconds"):
        make_ledger({**settings, "NOTALEDGER_FOLLOW_COALESCE_MS": given})


class StopsWhileCatchingUp(Runner):
    """A runner told to stop while it catches up, as a SIGTERM after downtime would."""

    def catch_up(self, *args, **kwargs):
        read = super().catch_up(*args, **kwargs)
        self.stop()
        return read


class StopsAsItSubscribes(Runner):
    """A runner told to stop after its subscription is made but before it is kept where
    ``stop`` finds it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subscribe = self.log.subscribe

        def stopped_meanwhile(after):
            subscription = subscribe(after)
            self.stop()
            return subscription

        self.log.subscribe = stopped_meanwhile


@pytest.mark.parametrize("runner_class", [StopsWhileCatchingUp, StopsAsItSubscribes])
def test_a_stop_before_following_ends_the_runner_without_waiting_for_a_commit(
        request, tmp_path, runner_class):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    ledger.draft_note(DRAFTER, reference="2026-SUB-STOP", **NOTE)
    views, dispose = make_view_store("sqlite", tmp_path)
    runner = runner_class(ledger, views)
    thread = threading.Thread(target=runner.run, daemon=True)
    try:
        thread.start()
        thread.join(3)  # no commit comes: a runner that waits for one is still running
        assert not thread.is_alive(), "the runner did not stop"
    finally:
        runner.stop()
        thread.join(3)
        ledger.close()
        dispose()
