"""The log reader's direct reading of a stored event is exactly the mapper's reading."""

from __future__ import annotations

from projections.log import EventLog
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
