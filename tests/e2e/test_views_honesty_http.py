"""Views that never pretend, over HTTP: not ready, 503 problem+json, 400 beyond the head."""

from __future__ import annotations

import pytest

from api.http import reading
from projections.catalogue import PROJECTORS, SHAPES
from tests.e2e.story import DRAFT


@pytest.fixture
def client(site):
    return site.client()


@pytest.fixture(autouse=True)
def fresh_verdicts():
    reading._trusted_at.clear()  # a good verdict is otherwise kept for a second
    yield
    reading._trusted_at.clear()


def recorded(site, client) -> dict:
    drafter = site.key("VRO", "drafter")
    answer = client.post("/v1/notes", headers=drafter, json={**DRAFT, "draftedBy": []})
    assert answer.status_code == 201, answer.get_json()
    site.settle()
    return drafter


def stop_projecting(site) -> None:
    site.runner.stop()
    site.runner.join(timeout=10)


def test_views_ahead_of_the_log_are_not_ready_and_serve_nothing(site, client):
    drafter = recorded(site, client)
    stop_projecting(site)
    head = site.ledger.recorder.max_notification_id()
    for name in PROJECTORS:  # as after restoring the event store from an older backup
        site.views.apply(name, [], head + 1000, site.views.position(name))

    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["projections"]["trust"] == "ahead"
    answer = client.get("/v1/notes", headers=drafter)
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"
    assert f"beyond the event store's head {head}" in answer.get_json()["detail"]


def test_emptied_views_are_not_ready_whatever_the_lag_allowed(site, client):
    drafter = recorded(site, client)
    stop_projecting(site)
    with site.views._write() as db:  # as after a flush of the views
        db.execute("DELETE FROM views_live")
    site.app.config["MAX_PROJECTION_LAG"] = 10_000

    assert client.get("/readyz").status_code == 503
    answer = client.get(f"/v1/notes/{DRAFT['reference']}", headers=drafter)
    assert answer.status_code == 503
    assert answer.get_json()["type"].endswith("views-empty")


def test_a_min_position_beyond_the_head_is_invalid_input_naming_the_head(site, client):
    drafter = recorded(site, client)
    head = site.ledger.recorder.max_notification_id()
    answer = client.get("/v1/notes", headers=drafter, query_string={"minPosition": head + 5})
    assert answer.status_code == 400
    assert f"head {head}" in answer.get_json()["detail"]


def test_views_an_earlier_version_built_are_not_ready_until_rebuilt(site, client):
    from projections.log import EventLog
    from projections.rebuild import rebuild_outdated

    drafter = recorded(site, client)
    stop_projecting(site)
    identity = EventLog(site.ledger).identity()
    site.views.claim(identity, replace=True)  # the claim a version before view shapes made

    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"]["projections"]["trust"] == "outdated"
    answer = client.get(f"/v1/notes/{DRAFT['reference']}", headers=drafter)
    assert answer.status_code == 503 and answer.content_type == "application/problem+json"
    assert answer.get_json()["type"].endswith("views-outdated")
    assert "notaledger projections rebuild" in answer.get_json()["detail"]

    assert rebuild_outdated(site.ledger, site.views) == sorted(
        name for name, shape in SHAPES.items() if shape != 1)
    reading._trusted_at.clear()
    assert client.get("/readyz").status_code == 200
    answer = client.get(f"/v1/notes/{DRAFT['reference']}", headers=drafter)
    assert answer.status_code == 200 and answer.get_json()["title"] == DRAFT["title"]
