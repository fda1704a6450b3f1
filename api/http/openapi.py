"""The OpenAPI document as served: the version-1 server, its paths relative to it, and what
the NL GOV API Design Rules ask every operation to declare (API-Version, 400)."""

from __future__ import annotations

from copy import deepcopy

from api.http.versions import API_PREFIX

SERVERS = [{"url": API_PREFIX, "description": "version 1 of the API"}]
ROOT = [{"url": "/", "description": "the root, outside the versioned API (health, readiness "
                                    "and metrics for probes and Prometheus)"}]
VERSION_HEADER = {"$ref": "#/components/headers/API-Version"}
HEADERS = {"API-Version": {
    "description": "the full version of the API that answered (semantic versioning)",
    "schema": {"type": "string", "example": "1.0.0"}}}
BAD_REQUEST = {"$ref": "#/components/responses/INVALID_INPUT"}
INVALID_INPUT = {
    "description": "invalid input: a field of the body, a query parameter or a header "
                   "(Idempotency-Key, X-Person-Id) that is not valid; each bad field is listed",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def served(spec: dict, contact: dict) -> dict:
    """The document flask-smorest builds, with /v1 as its server instead of in every path."""
    document = deepcopy(spec)
    document["info"]["contact"] = contact
    document["servers"] = SERVERS
    document["paths"] = dict(_relative(path, item) for path, item in spec["paths"].items())
    components = document.setdefault("components", {})
    components.setdefault("headers", {}).update(HEADERS)
    components.setdefault("responses", {})["INVALID_INPUT"] = INVALID_INPUT
    for item in document["paths"].values():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                _declare(method, operation)
    return document


def _relative(path: str, item: dict) -> tuple[str, dict]:
    if path.startswith(API_PREFIX + "/"):
        return path.removeprefix(API_PREFIX), item
    return path, {**item, "servers": ROOT}


def _declare(method: str, operation: dict) -> None:
    """Every success and redirect carries API-Version; every command can answer 400."""
    responses = operation.setdefault("responses", {})
    for status, response in responses.items():
        if status[:1] in ("2", "3") and "$ref" not in response:
            response.setdefault("headers", {})["API-Version"] = VERSION_HEADER
    if method != "get" and "400" not in responses:
        responses["400"] = BAD_REQUEST
