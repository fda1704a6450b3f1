"""Every error is application/problem+json with a clear detail, and never a stack trace."""

from __future__ import annotations

import pytest

NOTE = {"reference": "2026-PROB-1", "title": "T", "kind": "decision", "date": "2026-06-05",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False}


@pytest.fixture
def drafter(site):
    return site.key("VRO", "drafter")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["detail"] and body["title"]
    return body


def test_malformed_json_is_400(client, drafter):
    response = client.post("/v1/notes", data="{not json", headers={
        **drafter, "Content-Type": "application/json"})
    assert _problem(response, 400)["type"] == "urn:notaledger:problem:malformed-json"


def test_a_body_that_is_not_json_is_415(client, drafter):
    response = client.post("/v1/notes", data="reference=1", headers={
        **drafter, "Content-Type": "application/x-www-form-urlencoded"})
    _problem(response, 415)


def test_invalid_input_is_400_listing_each_field(client, drafter):
    body = _problem(client.post("/v1/notes", json={**NOTE, "kind": "memo", "date": "gisteren",
                                                "extra": 1}, headers=drafter), 400)
    assert body["type"] == "urn:notaledger:problem:validation"
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"kind", "date", "extra"}
    assert all(error["location"] == "json" for error in body["errors"])


def test_a_bad_query_parameter_is_400_naming_it(client, drafter):
    body = _problem(client.get("/v1/notes?limit=0&min_position=3", headers=drafter), 400)
    assert {(e["location"], e["field"]) for e in body["errors"]} == {
        ("query", "limit"), ("query", "min_position")}


def test_a_domain_rule_on_the_input_is_400_too(client, drafter):
    client.post("/v1/notes", json=NOTE, headers=drafter)
    body = _problem(client.get(f"/v1/notes/{NOTE['reference']}?asOf=2026-06-05T10:00:00Z"
                               "&version=1", headers=drafter), 400)
    assert "or version, not both" in body["detail"]


def test_a_domain_refusal_is_a_problem_with_the_domains_words(client, drafter):
    client.post("/v1/notes", json=NOTE, headers=drafter)
    body = _problem(client.post("/v1/notes/2026-PROB-1/submit", headers=drafter), 409)
    assert body["type"] == "urn:notaledger:problem:illegal-transition"
    assert body["detail"].startswith("cannot submit note 2026-PROB-1 for decision")


def test_a_stale_if_match_is_412_and_changes_nothing(site, client, drafter):
    client.post("/v1/notes", json=NOTE, headers=drafter)
    body = _problem(client.post("/v1/notes/2026-PROB-1/revise-title", json={"title": "X"},
                                headers={**drafter, "If-Match": '"5"'}), 412)
    assert body["detail"] == "note is at version 1, not 5"
    fresh = client.post("/v1/notes/2026-PROB-1/revise-title", json={"title": "X"},
                        headers={**drafter, "If-Match": 'W/"1"'})
    assert fresh.status_code == 200 and fresh.headers["ETag"] == '"2"'


def test_an_unknown_route_and_an_unknown_method_are_problems(client):
    assert _problem(client.get("/no/such/thing"), 404)["instance"] == "/no/such/thing"
    response = client.put("/v1/notes")
    _problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_a_missing_key_is_401_with_a_bearer_challenge(client):
    response = client.get("/v1/notes")
    _problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    _problem(client.get("/v1/notes", headers={"Authorization": "Bearer nl_000000000000_x"}), 401)


def test_an_unexpected_error_shows_no_stack_trace(site, drafter):
    @site.app.route("/boom")
    def boom():
        raise RuntimeError("secret internals at line 42")

    body = _problem(site.app.test_client().get("/boom", headers=drafter), 500)
    assert "secret" not in str(body) and "Traceback" not in str(body)
    assert body["requestId"] in body["detail"]


def test_every_response_carries_a_request_id_and_echoes_a_sane_one(client):
    assert len(client.get("/healthz").headers["X-Request-Id"]) == 32
    echoed = client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert echoed.headers["X-Request-Id"] == "abc-123"
    assert client.get("/healthz", headers={"X-Request-Id": "bad id!"}).headers[
        "X-Request-Id"] != "bad id!"


def test_a_store_that_does_not_answer_is_503_with_retry_after(site, drafter):
    from redis.exceptions import ConnectionError as RedisDown

    @site.app.route("/down")
    def down():
        raise RedisDown("connection refused")

    response = site.app.test_client().get("/down", headers=drafter)
    body = _problem(response, 503)
    assert response.headers["Retry-After"] == "2" and "Redis" in body["detail"]
