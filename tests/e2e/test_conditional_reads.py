"""GET /notes/{ref} with If-None-Match: 304 while the note is at the version the client holds.

Run on the SQLite views and on the Redis views, whose note read is one round trip.
"""

from __future__ import annotations

import pytest

from adapters.views_redis import RedisViewStore
from tests.e2e.conftest import Site

NOTE = {"reference": "2026-ETAG-1", "title": "Eerst", "kind": "decision", "date": "2026-06-05",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False}
PATH = f"/v1/notes/{NOTE['reference']}"


class RedisViewsSite(Site):
    """The same API, its views in Redis (as in production) instead of a SQLite file."""

    def __init__(self, tmp_path, client) -> None:
        super().__init__({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                         views=RedisViewStore(client, prefix="test:etag:views:", grace=0))


@pytest.fixture(params=["sqlite", "redis"])
def reading_site(request, tmp_path):
    if request.param == "sqlite":
        running = Site({"NOTALEDGER_STORE": "sqlite",
                        "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path)
    else:
        running = RedisViewsSite(tmp_path, request.getfixturevalue("redis_client"))
    yield running
    running.close()


@pytest.fixture
def drafted(reading_site):
    """The site, a drafter's headers, and a note it drafted, in the views."""
    drafter = reading_site.key("VRO", "drafter")
    assert reading_site.client().post("/v1/notes", json=NOTE, headers=drafter).status_code == 201
    reading_site.settle()
    return reading_site, drafter


def test_the_etag_held_is_answered_with_304_and_no_body(drafted):
    site, drafter = drafted
    client = site.client()
    first = client.get(PATH, headers=drafter)
    assert first.status_code == 200 and first.headers["ETag"] == '"1"'
    assert first.get_json()["title"] == "Eerst"
    for held in ('"1"', 'W/"1"', '"7", W/"1"', "*"):
        again = client.get(PATH, headers={**drafter, "If-None-Match": held})
        assert again.status_code == 304, held
        assert again.headers["ETag"] == '"1"' and again.get_data() == b""


def test_a_changed_note_is_sent_again_with_its_new_etag(drafted):
    site, drafter = drafted
    client = site.client()
    revised = client.post(f"{PATH}/revise-title", json={"title": "Daarna"}, headers=drafter)
    assert revised.status_code == 200 and revised.headers["ETag"] == '"2"'
    site.settle()
    answer = client.get(PATH, headers={**drafter, "If-None-Match": '"1"'})
    assert answer.status_code == 200 and answer.headers["ETag"] == '"2"'
    assert answer.get_json()["title"] == "Daarna"


def test_if_none_match_tells_nothing_about_a_note_the_caller_may_not_see(drafted):
    site, _ = drafted
    stranger = site.key("OCW", "drafter")
    answer = site.client().get(PATH, headers={**stranger, "If-None-Match": "*"})
    assert answer.status_code == 404
    assert answer.content_type == "application/problem+json"


def test_a_replay_at_a_version_is_not_modified_for_that_version(drafted):
    site, drafter = drafted
    client = site.client()
    client.post(f"{PATH}/revise-title", json={"title": "Daarna"}, headers=drafter)
    replay = client.get(f"{PATH}?version=1", headers={**drafter, "If-None-Match": '"1"'})
    assert replay.status_code == 304 and replay.headers["ETag"] == '"1"'
    current = client.get(f"{PATH}?version=2", headers={**drafter, "If-None-Match": '"1"'})
    assert current.status_code == 200 and current.get_json()["replayed"] is True


def test_an_unknown_note_is_404_on_either_view_store(reading_site):
    drafter = reading_site.key("VRO", "drafter")
    answer = reading_site.client().get("/v1/notes/2026-NONE-1", headers=drafter)
    assert answer.status_code == 404
