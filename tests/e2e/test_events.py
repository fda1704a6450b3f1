"""/v1/events: Server-Sent Events, resumable with Last-Event-ID, filtered per key, kept alive."""

from __future__ import annotations

import json

import pytest

from domain.actor import Actor
from tests.e2e.conftest import Site

OWNER, CLERK = Actor("VRO", "drafter"), Actor("VRO", "registrar")


@pytest.fixture
def live(tmp_path):
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                   SSE_MAX_SECONDS=0.6, SSE_KEEPALIVE_SECONDS=0.2)
    yield running
    running.close()


def _record(ledger) -> None:
    note = ledger.draft_note(OWNER, reference="2026-SSE-1", title="Live", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).id
    ledger.request_consultation(note, OWNER, "SZW", "consulted")
    ledger.register_commitment(CLERK, text="informeert de Kamer", minister="de minister",
                               ministry="VRO", recipients=[], debate_kind="commissiedebat",
                               debate_date="2026-04-08")


def _stream(site, headers: dict, **query) -> tuple[list[dict], str]:
    response = site.client().get("/v1/events", headers=headers, query_string=query,
                                 buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    text = "".join(chunk.decode() for chunk in response.response)
    events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
    return events, text


def test_a_stream_from_the_start_carries_every_event_with_its_position(live):
    _record(live.ledger)
    events, text = _stream(live, live.key("ADR", "auditor"), after=0)
    assert [e["id"] for e in events] == [1, 2, 3]
    assert [e["type"] for e in events] == ["Drafted", "ConsultationRequested", "Registered"]
    assert "id: 3\nevent: Registered\n" in text


def test_last_event_id_resumes_after_the_event_last_seen(live):
    _record(live.ledger)
    auditor = live.key("ADR", "auditor")
    events, _ = _stream(live, {**auditor, "Last-Event-ID": "2"})
    assert [e["id"] for e in events] == [3]


def test_each_key_sees_only_the_notes_its_organisation_may_see(live):
    _record(live.ledger)
    live.settle()
    consulted, _ = _stream(live, live.key("SZW", "consultee"), after=0)
    outsider, _ = _stream(live, live.key("EZ", "drafter"), after=0)
    assert [e["type"] for e in consulted] == ["Drafted", "ConsultationRequested", "Registered"]
    assert [e["type"] for e in outsider] == ["Registered"]


def test_a_quiet_stream_sends_keep_alives(live):
    _, text = _stream(live, live.key("VRO", "drafter"))
    assert text.startswith("retry: 2000\n\n") and ": keep-alive\n\n" in text


def test_a_bad_last_event_id_is_a_problem(live):
    response = live.client().get("/v1/events", headers={**live.key("VRO", "drafter"),
                                                     "Last-Event-ID": "abc"})
    assert response.status_code == 400 and response.content_type == "application/problem+json"


@pytest.mark.redis
def test_the_stream_is_read_from_redis_when_the_runner_feeds_it(tmp_path, redis_client):
    from adapters.stream_redis import RedisEventStream

    stream = RedisEventStream(redis_client, key="test:events")
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                   stream=stream, SSE_MAX_SECONDS=0.6, SSE_KEEPALIVE_SECONDS=0.2)
    try:
        _record(running.ledger)
        running.settle()
        events, _ = _stream(running, {**running.key("SZW", "consultee"), "Last-Event-ID": "1"})
        assert [(e["id"], e["type"]) for e in events] == [(2, "ConsultationRequested"),
                                                          (3, "Registered")]
    finally:
        running.close()
