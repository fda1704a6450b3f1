"""Idempotency-Key when a store goes away: Redis down, or PostgreSQL cut mid-save.

The aggregate recognises a retried request in its own events (domain/base.py), so a
keyed command is accepted while Redis is down and its retry records nothing new; a save
cut off before PostgreSQL could confirm it is answered '503 outcome-unknown', and its
retry with the same key tells the outcome without recording twice.
"""

from __future__ import annotations

import socket
import time

import pytest

from adapters.idempotency import RedisIdempotencyStore
from api.bootstrap import redis_client
from tests.conftest import PG
from tests.e2e.conftest import Site
from tests.integration.pgproxy import PgProxy

NOTE = {"reference": "2026-IDEM-OUT-1", "title": "Buiten dienst", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
        "activelyPublic": False}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _events(site) -> int:
    return site.ledger.recorder.max_notification_id() or 0


@pytest.fixture
def redis_down_site(tmp_path):
    gone = redis_client({"NOTALEDGER_REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                   idempotency=RedisIdempotencyStore(gone))
    yield running
    running.close()


def test_with_redis_down_keyed_commands_are_accepted_and_retries_record_nothing(
        redis_down_site):
    site, client = redis_down_site, redis_down_site.client()
    drafter = site.key("VRO", "drafter")
    keyed = {**drafter, "Idempotency-Key": "draft-while-down"}
    first = client.post("/v1/notes", json=NOTE, headers=keyed)
    assert first.status_code == 201, first.get_json()
    events = _events(site)
    again = client.post("/v1/notes", json=NOTE, headers=keyed)
    assert again.status_code == 201
    assert (again.get_json()["id"], again.get_json()["version"]) == (
        first.get_json()["id"], first.get_json()["version"])
    assert _events(site) == events

    title = {**drafter, "Idempotency-Key": "title-while-down"}
    answers = [client.post(f"/v1/notes/{NOTE['reference']}/revise-title", json={"title": "B"},
                           headers=title) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert {a.get_json()["version"] for a in answers} == {2}
    assert _events(site) == events + 1
    # a new key is a new command, as always
    other = client.post(f"/v1/notes/{NOTE['reference']}/revise-title", json={"title": "B"},
                        headers={**drafter, "Idempotency-Key": "title-2"})
    assert other.status_code == 200 and other.get_json()["version"] == 3


@pytest.fixture
def proxied_site(tmp_path, pg_schema):
    proxy = PgProxy((PG["NOTALEDGER_PG_HOST"], int(PG["NOTALEDGER_PG_PORT"])))
    settings = {"NOTALEDGER_STORE": "postgres", **PG, "NOTALEDGER_PG_SCHEMA": pg_schema,
                "NOTALEDGER_PG_PORT": str(proxy.port), "NOTALEDGER_PG_CONNECT_TIMEOUT": "1"}
    running = Site(settings, tmp_path)
    yield running, proxy
    proxy.disarm()
    running.close()
    proxy.close()


@pytest.mark.postgres
@pytest.mark.parametrize("cut", ["answer", "request"])
def test_a_cut_save_is_503_outcome_unknown_and_its_retry_records_it_once(proxied_site, cut):
    """'answer': the commit happened and the server went away before confirming it;
    'request': the insert never left. Either way the retry ends at version 2, once."""
    site, proxy = proxied_site
    client, drafter = site.client(), site.key("VRO", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=drafter).status_code == 201
    keyed = {**drafter, "Idempotency-Key": f"title-{cut}"}
    path = f"/v1/notes/{NOTE['reference']}/revise-title"

    proxy.arm(cut)
    answer = client.post(path, json={"title": "Opgeslagen"}, headers=keyed)
    assert proxy.cuts == 1
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"
    problem = answer.get_json()
    assert problem["type"] == "urn:notaledger:problem:outcome-unknown"
    assert problem["version"] == 2 and "same Idempotency-Key" in problem["detail"]
    assert answer.headers["Retry-After"]

    proxy.disarm()
    retried = _when_back(lambda: client.post(path, json={"title": "Opgeslagen"}, headers=keyed))
    assert retried.status_code == 200 and retried.get_json()["version"] == 2
    note = site.ledger.note(site.ledger.note_id(NOTE["reference"]))
    assert note["version"] == 2 and note["title"] == "Opgeslagen"


def _when_back(send, tries: int = 60):
    """The first answer that is not 503 (the pool reconnects by itself within seconds)."""
    for _ in range(tries):
        response = send()
        if response.status_code != 503:
            return response
        time.sleep(0.25)
    return response
