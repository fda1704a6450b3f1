"""The OpenAPI document as served: the version-1 server, its paths relative to it."""

from __future__ import annotations

from copy import deepcopy

from api.http.versions import API_PREFIX

SERVERS = [{"url": API_PREFIX, "description": "version 1 of the API"}]
ROOT = [{"url": "/", "description": "the root, outside the versioned API (health, readiness "
                                    "and metrics for probes and Prometheus)"}]


def served(spec: dict) -> dict:
    """The document flask-smorest builds, with /v1 as its server instead of in every path."""
    document = deepcopy(spec)
    document["servers"] = SERVERS
    document["paths"] = dict(_relative(path, item) for path, item in spec["paths"].items())
    return document


def _relative(path: str, item: dict) -> tuple[str, dict]:
    if path.startswith(API_PREFIX + "/"):
        return path.removeprefix(API_PREFIX), item
    return path, {**item, "servers": ROOT}
