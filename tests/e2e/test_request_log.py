"""One JSON line per request: its id (the one answered in X-Request-Id), the caller's
organisation and key id, method, path, status and duration; never the key itself, and an
unsubscribe link's token is not logged."""

from __future__ import annotations

import io
import json
import logging

import pytest

from api.http.logs import JsonFormatter


@pytest.fixture
def lines():
    """What the request log writes, as the JSON objects of its lines."""
    written, logger = io.StringIO(), logging.getLogger("notaledger")
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_is_one_line_with_who_asked_and_never_the_key(site, lines):
    headers = site.key("VRO", "drafter")
    token = headers["Authorization"].removeprefix("Bearer ")
    answer = site.client().post("/v1/notes", headers=headers, json={
        "reference": "2026-0000888001", "title": "Gelogd", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
        "activelyPublic": False})
    assert answer.status_code == 201
    [line] = [each for each in lines() if each.get("event") == "request"]
    assert line["request_id"] == answer.headers["X-Request-Id"]
    assert (line["organisation"], line["method"], line["path"], line["status"]) == (
        "VRO", "POST", "/v1/notes", 201)
    assert line["key_id"] and line["key_id"] in token and line["key_id"] != token
    assert line["duration_ms"] >= 0 and line["replayed"] is False
    assert token not in json.dumps(lines())


def test_an_answer_replayed_for_its_idempotency_key_is_logged_and_counted_as_one(site, lines):
    headers = {**site.key("VRO", "drafter"), "Idempotency-Key": "draft-logged-1"}
    body = {"reference": "2026-0000888002", "title": "Twee keer", "kind": "decision",
            "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
            "activelyPublic": False}
    client = site.client()
    first, again = (client.post("/v1/notes", headers=headers, json=body) for _ in range(2))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    logged = [each["replayed"] for each in lines() if each.get("event") == "request"]
    assert logged == [False, True]
    exposed = client.get("/metrics").get_data(as_text=True)
    assert "notaledger_idempotent_replays_total 1.0" in exposed


@pytest.mark.parametrize("method, path", [
    ("POST", "/v1/unsubscribe/{}"),    # the one-click address, a token that is not valid
    ("GET", "/v1/unsubscribe/{}"),     # the same fetched by a link scanner: 405
    ("GET", "/openbaar/afmelden/{}"),  # the page the mail's link opens
    ("GET", "/unsubscribe/{}"),        # no route at all: 404
])
def test_a_mail_links_token_is_not_logged(site, lines, method, path):
    secret = "a-secret-token-of-a-mail-link"
    answer = site.client().open(path.format(secret), method=method)
    [line] = [each for each in lines() if each.get("event") == "request"]
    assert line["status"] == answer.status_code
    assert secret not in json.dumps(line)
    assert line["path"] == path.format("<token>") and line["organisation"] is None
