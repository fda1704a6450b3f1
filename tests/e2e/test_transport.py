"""Every answer carries API-Version and the security headers; CORS only as set; no secret
or person's name ever travels in a URI (NL GOV /core/transport/*, /core/version-header)."""

from __future__ import annotations

import logging
import re

import pytest

from api.http.versions import API_VERSION
from tests.e2e.test_idempotency import NOTE

SECURITY = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer"}
# Every variable a path may hold, and what it is: identifiers and codes, never a secret
# (a key's id is public; its secret travels only in Authorization) nor a person's name.
PATH_VARIABLES = {"ref": "a note's reference or id", "org": "an organisation code",
                  "number": "a sequence number", "step": "a step of the paraph route",
                  "name": "a section's name (aanleiding, kern, ...)",
                  "commitment": "a commitment's id", "motion": "a motion's id",
                  "key_id": "an API key's public id",
                  "subscription_id": "a subscription's id", "delivery_id": "a delivery's id",
                  # a mail's unsubscribe link must carry it (RFC 8058); it stops one e-mail
                  # subscription and nothing else, and the request log leaves it out
                  "token": "an unsubscribe link's signed token"}
SENSITIVE = re.compile(r"token|secret|password|person|email|bearer|name_of", re.I)


def _answers(site, client):
    drafter = site.key("VRO", "drafter")
    yield client.post("/v1/notes", json=NOTE, headers=drafter)  # 201
    yield client.get(f"/v1/notes/{NOTE['reference']}", headers=drafter)  # 200 (or 404)
    yield client.get("/v1/notes?limit=0", headers=drafter)  # 400
    yield client.get("/v1/notes")  # 401
    yield client.get("/v1/nothing-here", headers=drafter)  # 404
    yield client.post(f"/v1/notes/{NOTE['reference']}/submit", headers=drafter)  # 409
    yield client.get("/v1/public/notes")
    yield client.get("/v1/openapi.json")
    yield client.get("/healthz")
    yield client.get("/readyz")


def test_every_json_answer_carries_the_api_version_and_the_security_headers(site, client):
    answers = list(_answers(site, client))
    assert {a.status_code for a in answers} >= {200, 201, 400, 401, 404, 409}
    for answer in answers:
        assert answer.headers["API-Version"] == API_VERSION
        assert {name: answer.headers.get(name) for name in SECURITY} == SECURITY
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
        assert answer.headers["Cache-Control"] == "no-store"


def test_the_api_version_is_the_full_semantic_version_of_the_document(client):
    document = client.get("/v1/openapi.json").get_json()
    assert re.fullmatch(r"\d+\.\d+\.\d+", API_VERSION)
    assert document["info"]["version"] == API_VERSION
    assert client.get("/healthz").headers["API-Version"] == API_VERSION


def test_a_redirect_from_an_old_path_carries_them_too(client):
    answer = client.get("/commitments")
    assert answer.status_code == 308 and answer.headers["API-Version"] == API_VERSION
    assert answer.headers["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_origin_may_call_from_a_browser_unless_it_is_listed(site, client):
    asked = {"Origin": "https://elders.example", "Access-Control-Request-Method": "POST"}
    preflight = client.options("/v1/notes", headers=asked)
    assert "Access-Control-Allow-Origin" not in preflight.headers
    site.app.config["CORS_ORIGINS"] = ["https://portaal.example"]
    listed = {**asked, "Origin": "https://portaal.example",
              "Access-Control-Request-Headers": "authorization, if-match"}
    allowed = client.options("/v1/notes", headers=listed)
    assert allowed.status_code == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://portaal.example"
    assert "If-Match" in allowed.headers["Access-Control-Allow-Headers"]
    read = client.get("/v1/public/notes", headers={"Origin": "https://portaal.example"})
    assert "API-Version" in read.headers["Access-Control-Expose-Headers"]


def test_no_route_takes_a_secret_or_a_persons_name_in_its_uri(site):
    variables = {argument for rule in site.app.url_map.iter_rules()
                 for argument in rule.arguments
                 if not rule.endpoint.startswith(("web", "legacy", "docs"))
                 and rule.endpoint != "static"}
    assert variables <= set(PATH_VARIABLES), variables - set(PATH_VARIABLES)
    document = site.client().get("/v1/openapi.json").get_json()
    queries = {p["name"] for item in document["paths"].values() for operation in item.values()
               if isinstance(operation, dict) for p in operation.get("parameters", [])
               if p["in"] == "query"}
    assert [name for name in queries if SENSITIVE.search(name)] == []


@pytest.mark.parametrize("path", ["/v1/notes?text=Jansen", "/v1/notes/2026-X?minPosition=1"])
def test_the_request_log_keeps_neither_the_query_nor_the_key(site, client, path):
    drafter = site.key("VRO", "drafter")
    kept = Kept()
    logger = logging.getLogger("notaledger.http")
    level = logger.level
    logger.addHandler(kept)
    logger.setLevel(logging.INFO)
    try:
        client.get(path, headers=drafter)
    finally:
        logger.removeHandler(kept)
        logger.setLevel(level)
    logged = " ".join(f"{r.getMessage()} {vars(r)}" for r in kept.records)
    token = drafter["Authorization"].split()[1]
    assert "/v1/notes" in logged
    assert "?" not in logged and "Jansen" not in logged and token not in logged


class Kept(logging.Handler):
    """Every record the request log writes, whatever its level and handlers."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
