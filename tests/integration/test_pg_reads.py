"""The event store's reads with statements composed once give what the library's give, for
every shape of the question (adapters/pg.py)."""

from __future__ import annotations

import itertools
import uuid

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder

from tests.conftest import make_ledger, store_settings


def _events(aggregate: uuid.UUID, count: int) -> list[StoredEvent]:
    return [StoredEvent(originator_id=aggregate, originator_version=version,
                        topic="notaledger.test:Raw", state=bytes([version]) * version)
            for version in range(1, count + 1)]


def test_every_shape_of_select_events_reads_as_the_library_does(request, tmp_path):
    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    recorder = ledger.recorder
    mine, other = uuid.uuid4(), uuid.uuid4()
    recorder.insert_events(_events(mine, 9))
    recorder.insert_events(_events(other, 3))
    asked = 0
    for gt, lte, desc, limit in itertools.product((None, 0, 3), (None, 7, 2), (False, True),
                                                  (None, 1, 4)):
        ours = recorder.select_events(mine, gt=gt, lte=lte, desc=desc, limit=limit)
        library = PostgresApplicationRecorder.select_events.__wrapped__(
            recorder, mine, gt=gt, lte=lte, desc=desc, limit=limit)
        assert ours == library, (gt, lte, desc, limit)
        asked += bool(ours)
    assert asked > 20  # most shapes found events
    assert [e.originator_version for e in recorder.select_events(mine, gt=3, lte=7,
                                                                 desc=True, limit=2)] == [7, 6]
    assert recorder.select_events(uuid.uuid4()) == []
    ledger.close()


def test_the_snapshot_recorder_reads_as_the_library_does(request, tmp_path):
    settings = {**store_settings("postgres", tmp_path, request)}
    ledger = make_ledger(settings)
    recorder = ledger.factory.aggregate_recorder("snapshots")
    mine = uuid.uuid4()
    recorder.insert_events(_events(mine, 4))
    for desc, limit in itertools.product((False, True), (None, 1)):
        assert recorder.select_events(mine, desc=desc, limit=limit) == \
            PostgresAggregateRecorder.select_events.__wrapped__(recorder, mine, desc=desc,
                                                                limit=limit)
    assert recorder.select_events(mine, desc=True, limit=1)[0].originator_version == 4
    ledger.close()
