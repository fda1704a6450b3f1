"""Idempotency-Key: a retry gets the first answer and records nothing new."""

from __future__ import annotations

import pytest

from api.http.idempotency import fingerprint

NOTE = {"reference": "2026-IDEM-1", "title": "Herhaald", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
        "activelyPublic": False}


def _events(site) -> int:
    return site.ledger.recorder.max_notification_id() or 0


def _replays_change_nothing(site) -> None:
    drafter, client = site.key("VRO", "drafter"), site.client()
    keyed = {**drafter, "Idempotency-Key": "draft-1"}
    first = client.post("/v1/notes", json=NOTE, headers=keyed)
    again = client.post("/v1/notes", json=NOTE, headers=keyed)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert (first.headers["Idempotent-Replayed"], again.headers["Idempotent-Replayed"]) == (
        "false", "true")
    assert again.headers["ETag"] == first.headers["ETag"] == '"1"'
    assert again.headers["Location"] == first.headers["Location"]

    answer = {**drafter, "Idempotency-Key": "title-1"}
    before = _events(site)
    for _ in range(3):
        response = client.post(f"/v1/notes/{NOTE['reference']}/revise-title", json={"title": "B"},
                               headers=answer)
        assert response.status_code == 200 and response.get_json()["version"] == 2
    assert _events(site) == before + 1


def test_a_replayed_post_returns_the_first_answer_and_records_no_second_event(site):
    _replays_change_nothing(site)


@pytest.mark.postgres
@pytest.mark.redis
def test_replays_on_postgresql_with_keys_in_redis_record_no_second_event(production_site):
    _replays_change_nothing(production_site)


def test_the_same_key_with_a_different_body_is_refused(site, client):
    drafter = {**site.key("VRO", "drafter"), "Idempotency-Key": "k-1"}
    assert client.post("/v1/notes", json=NOTE, headers=drafter).status_code == 201
    other = client.post("/v1/notes", json={**NOTE, "title": "Anders"}, headers=drafter)
    assert other.status_code == 422
    assert other.get_json()["type"] == "urn:notaledger:problem:idempotency-mismatch"


def test_json_spacing_and_key_order_do_not_make_a_different_request(site, client):
    drafter = {**site.key("VRO", "drafter"), "Idempotency-Key": "k-2",
               "Content-Type": "application/json"}
    compact = '{"reference":"2026-IDEM-2","title":"T","kind":"decision","date":"2026-06-05",' \
              '"fromUnit":"NPLV","toOfficial":"MVRO","activelyPublic":false}'
    spaced = ('{ "title": "T", "reference": "2026-IDEM-2", "kind": "decision", '
              '"date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO", '
              '"activelyPublic": false }')
    assert client.post("/v1/notes", data=compact, headers=drafter).status_code == 201
    again = client.post("/v1/notes", data=spaced, headers=drafter)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"


def test_a_request_still_in_flight_with_the_same_key_gets_409(site, client):
    drafter = site.key("VRO", "drafter")
    key = site.services.keys.authenticate(drafter["Authorization"].split()[1])
    with site.app.test_request_context("/v1/notes", method="POST", json=NOTE):
        print_ = fingerprint()  # the first request's, claimed and not yet answered
    assert site.services.idempotency.claim(key.key_id, "busy", print_).state == "new"
    busy = client.post("/v1/notes", json=NOTE, headers={**drafter, "Idempotency-Key": "busy"})
    assert busy.status_code == 409 and busy.headers["Retry-After"] == "1"
    assert busy.get_json()["type"] == "urn:notaledger:problem:idempotency-in-flight"


def test_keys_are_per_api_key_so_two_clients_cannot_collide(site, client):
    one = {**site.key("VRO", "drafter"), "Idempotency-Key": "same"}
    two = {**site.key("VRO", "drafter"), "Idempotency-Key": "same"}
    assert client.post("/v1/notes", json=NOTE, headers=one).status_code == 201
    duplicate = client.post("/v1/notes", json=NOTE, headers=two)
    assert duplicate.status_code == 409  # not a replay: the derived id refuses the duplicate
    assert duplicate.get_json()["type"] == "urn:notaledger:problem:duplicate"


def test_a_forgotten_key_still_cannot_create_a_duplicate_note(site, client):
    drafter = site.key("VRO", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=drafter).status_code == 201
    again = client.post("/v1/notes", json=NOTE, headers=drafter)
    assert again.status_code == 409
    assert "already exists" in again.get_json()["detail"]


def test_a_refusal_is_replayed_like_a_success(site, client):
    drafter = {**site.key("VRO", "drafter"), "Idempotency-Key": "stale"}
    client.post("/v1/notes", json=NOTE, headers=site.key("VRO", "drafter"))
    stale = client.post(f"/v1/notes/{NOTE['reference']}/revise-title", json={"title": "X"},
                        headers={**drafter, "If-Match": '"7"'})
    assert stale.status_code == 412
    replay = client.post(f"/v1/notes/{NOTE['reference']}/revise-title", json={"title": "X"},
                         headers={**drafter, "If-Match": '"7"'})
    assert replay.status_code == 412 and replay.headers["Idempotent-Replayed"] == "true"


def test_a_malformed_idempotency_key_is_a_bad_request(site, client):
    drafter = {**site.key("VRO", "drafter"), "Idempotency-Key": "has space"}
    response = client.post("/v1/notes", json=NOTE, headers=drafter)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.get_json()["detail"]


def test_a_new_keys_secret_is_never_kept_for_replays(site, client):
    admin = {**site.key("VRO", "admin"), "Idempotency-Key": "key-1"}
    body = {"organisation": "VRO", "role": "drafter"}
    first = client.post("/v1/keys", json=body, headers=admin)
    again = client.post("/v1/keys", json=body, headers=admin)
    assert first.get_json()["token"].startswith("nl_")
    assert "token" not in again.get_json() and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["keyId"] == first.get_json()["keyId"]
