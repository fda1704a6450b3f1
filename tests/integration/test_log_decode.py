"""The log reader's direct reading of a stored event is exactly the mapper's reading."""

from __future__ import annotations

from projections.log import EventLog, in_part
from tests.integration.projection_workload import write_stories


def test_every_event_reads_directly_as_the_mapper_reads_it(ledger):
    write_stories(ledger, 3000, seed=7, per_save=100)
    log = EventLog(ledger)
    notifications = log.notifications(None, 10_000)
    assert len(notifications) > 3000
    differing = [(n.id, n.topic) for n in notifications
                 if log.decode(n) != log.decode_by_mapper(n)]
    assert differing == []
    topics = {n.topic.rsplit(":", 1)[-1] for n in notifications}
    assert "ConsultationRequested" in topics  # an event class past version 2


def test_a_row_read_for_a_rebuild_is_the_notification_the_library_reads(ledger):
    """``rows`` (the recorder's plain rows where it has them) decode to the same facts
    as the library's notifications, fall to the same parts, and stop where told."""
    write_stories(ledger, 600, seed=11, per_save=50)
    log = EventLog(ledger)
    notifications = log.notifications(None, 10_000)
    rows = log.rows(None, 10_000)
    assert [row[0] for row in rows] == [n.id for n in notifications]
    assert [log.decode_row(row) for row in rows] == [log.decode(n) for n in notifications]
    assert [log.decode_row(row) for row in rows] == \
        [log.decode_by_mapper(n) for n in notifications]
    for count in (2, 3):
        for index in range(count):
            assert [log.row_in_part(row, index, count) for row in rows] == \
                [in_part(n.originator_id, index, count) for n in notifications]
    middle = notifications[len(notifications) // 2].id
    assert [row[0] for row in log.rows(middle - 5, 3, until=middle)] == \
        [middle - 4, middle - 3, middle - 2]
    assert [row[0] for row in log.rows(middle - 2, 10, until=middle)] == [middle - 1, middle]
    assert log.rows(notifications[-1].id, 10) == []
