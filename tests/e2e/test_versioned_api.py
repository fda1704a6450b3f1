"""The API lives under /v1 and speaks lowerCamelCase; the 0.1 paths redirect there for a while."""

from __future__ import annotations

import re

from tests.e2e.test_idempotency import NOTE

CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def _document(client) -> dict:
    return client.get("/v1/openapi.json").get_json()


def _property_names(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            found.update(node["properties"])
        for value in node.values():
            _property_names(value, found)
    elif isinstance(node, list):
        for value in node:
            _property_names(value, found)
    return found


def test_the_document_names_v1_as_its_server_and_its_paths_relative_to_it(client):
    document = _document(client)
    assert document["servers"][0]["url"] == "/v1"
    assert "/notes/{ref}" in document["paths"] and not any(
        path.startswith("/v1") for path in document["paths"])


def test_health_readiness_and_metrics_stay_at_the_root_and_say_so(client):
    paths = _document(client)["paths"]
    for path in ("/healthz", "/readyz", "/metrics"):
        assert paths[path]["servers"][0]["url"] == "/"
        assert client.get(path).status_code in (200, 503)


def test_every_property_and_query_key_of_the_document_is_lower_camel_case(client):
    document = _document(client)
    names = _property_names(document, set())
    queries = {parameter["name"] for item in document["paths"].values()
               for operation in item.values() if isinstance(operation, dict)
               for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
    assert {"activelyPublic", "chainHead", "minPosition"} <= names | queries
    assert [name for name in names | queries if not CAMEL.match(name)] == []


def test_a_command_is_read_in_camel_case_and_answers_in_camel_case(site, client):
    drafter = site.key("VRO", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=drafter).status_code == 201
    site.settle()
    note = client.get(f"/v1/notes/{NOTE['reference']}", headers=drafter).get_json()
    assert note["activelyPublic"] is False and note["fromUnit"] == "NPLV"
    assert "actively_public" not in note


def test_a_snake_case_property_is_refused_with_the_field_named(site, client):
    body = {**{k: v for k, v in NOTE.items() if k != "activelyPublic"}, "actively_public": True}
    answer = client.post("/v1/notes", json=body, headers=site.key("VRO", "drafter"))
    fields = {error["field"] for error in answer.get_json()["errors"]}
    assert answer.status_code >= 400 and {"activelyPublic", "actively_public"} <= fields


def test_an_old_path_answers_308_to_v1_with_deprecation_and_sunset(client):
    answer = client.get("/notes/2026-X-1?minPosition=3")
    assert answer.status_code == 308
    assert answer.headers["Location"] == "/v1/notes/2026-X-1?minPosition=3"
    assert re.fullmatch(r"@\d+", answer.headers["Deprecation"])
    assert answer.headers["Sunset"].endswith(" GMT")
    assert 'rel="successor-version"' in answer.headers["Link"]


def test_a_command_sent_to_its_old_path_is_carried_to_v1_with_its_body(site, client):
    answer = client.post("/notes", json=NOTE, headers=site.key("VRO", "drafter"),
                         follow_redirects=True)
    assert answer.status_code == 201
    assert answer.headers["Location"].startswith("/v1/notes/")
    assert [r.status_code for r in answer.history] == [308]


def test_the_old_document_and_docs_paths_redirect_too(client):
    assert client.get("/openapi.json").headers["Location"] == "/v1/openapi.json"
    assert client.get("/docs").headers["Location"] == "/v1/docs"


def test_dates_and_moments_are_declared_with_their_formats(client):
    schemas = _document(client)["components"]["schemas"]
    assert schemas["Note"]["properties"]["date"]["format"] == "date"
    assert schemas["Note"]["properties"]["createdOn"]["format"] == "date-time"
    assert schemas["LetterView"]["properties"]["sentAt"]["format"] == "date-time"
