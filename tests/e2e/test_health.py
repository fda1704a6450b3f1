"""Health, readiness, metrics, the OpenAPI document and the interactive docs."""

from __future__ import annotations


def test_healthz_says_the_process_is_up(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_reports_the_event_store_and_the_projection_lag(site, client):
    drafter = site.key("VRO", "drafter")
    client.post("/v1/notes", headers=drafter, json={
        "reference": "2026-READY", "title": "T", "kind": "decision", "date": "2026-06-05",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False})
    site.settle()
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["event_store"] == {"ok": True, "head": 1}
    assert set(body["checks"]["projections"]["lag"].values()) == {0}


def test_readyz_is_503_when_the_views_lag_too_far(site):
    site.app.config["MAX_PROJECTION_LAG"] = -1
    response = site.client().get("/readyz")
    body = response.get_json()
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert body["type"].endswith(":not-ready") and body["status"] == 503
    assert "projections" in body["detail"] and body["checks"]["projections"]["ok"] is False


def test_metrics_count_requests_by_endpoint_and_status(client):
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'notaledger_http_requests_total{endpoint="/healthz",method="GET",status="200"}' in text
    assert "notaledger_http_request_duration_seconds_bucket" in text


def test_the_openapi_document_is_3_1_with_every_command_and_bearer_auth(client):
    spec = client.get("/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    path = spec["paths"]["/notes/{ref}/consultations/{org}/answer"]
    assert path["post"]["x-roles"] == ["consultee"]
    assert {p["name"] for p in path["parameters"]} == {"org", "ref"}
    assert {p["name"] for p in path["post"]["parameters"]} == {"If-Match", "Idempotency-Key",
                                                               "X-Person-Id"}
    assert path["post"]["responses"]["default"]["$ref"].endswith("DEFAULT_ERROR")
    assert "application/problem+json" in spec["components"]["responses"]["DEFAULT_ERROR"][
        "content"]
    assert spec["paths"]["/public/notes"]["get"]["security"] == []


def test_the_interactive_docs_are_served_with_their_own_assets(client):
    page = client.get("/v1/docs").get_data(as_text=True)
    assert "swagger-ui-bundle.js" in page
    asset = page.split('src="')[2].split('"')[0]
    assert client.get(asset).status_code == 200
