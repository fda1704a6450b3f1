"""Idempotency-Key on every POST: a retry gets the first response back, marked as a replay."""

from __future__ import annotations

import hashlib
import json
import logging
import re

from flask import Flask, Response, g, request

from adapters.idempotency import RecordsUnavailable
from api.http.problems import Problem
from api.http.services import services

log = logging.getLogger("notaledger.http")
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("Content-Type", "ETag", "Location")
SHAPING_HEADERS = ("If-Match", "X-Person-Id")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def fingerprint() -> str:
    """The request's identity: method, path, the headers that shape it, and body (as JSON)."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        body = raw
    shaping = [request.headers.get(name) for name in SHAPING_HEADERS]
    digest = hashlib.sha256(f"{request.method} {request.full_path} {shaping}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def claim() -> Response | None:
    """Before a keyed POST: take the key, or answer from what it already holds."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or request.endpoint is None or key is None:
        return None
    if not _KEY.match(key):
        raise Problem(400, f"{HEADER} must be 1 to 255 visible ASCII characters",
                      "invalid-idempotency-key")
    scope = g.key.key_id if getattr(g, "key", None) else "anonymous"
    print_ = fingerprint()
    try:
        held = services().idempotency.claim(scope, key, print_)
    except RecordsUnavailable as error:
        # The command still carries its request id, so the aggregate itself recognises a
        # retry of a change or a creation that landed (domain/base.py): accepted, not 503.
        log.warning("idempotency store unavailable (%s); %s %s is guarded by the ledger "
                    "alone", error, HEADER, key, extra={"event": "outage"})
        return None
    if held.state == "new":
        g.idempotency = (scope, key, print_)
        return None
    if held.state == "in_flight":
        raise Problem(409, f"a request with this {HEADER} is still being processed; "
                           "retry in a moment", "idempotency-in-flight", {"Retry-After": "1"})
    if held.state == "mismatch":
        raise Problem(422, f"this {HEADER} was already used for a different request; "
                           "use a new key for a new request", "idempotency-mismatch")
    return _replay(held)


def _replay(held) -> Response:
    response = Response(held.body, status=held.status)
    for name, value in held.headers.items():
        response.headers[name] = value
    response.headers[REPLAYED] = "true"
    g.replayed = True  # for the log line and the metrics, without asking the headers
    return response


def keep(response: Response) -> Response:
    """After a keyed POST: keep its response, unless it says 'try again'."""
    taken = g.pop("idempotency", None)
    if taken is None:
        return response
    store = services().idempotency
    try:
        if response.status_code >= 500 or getattr(g, "transient", False):
            store.release(taken[0], taken[1])
            return response
        headers = _kept_headers(response)
        body = g.pop("replay_body", None)
        kept = json.dumps(body) if body is not None else response.get_data(as_text=True)
        store.finish(*taken, response.status_code, kept, headers)
    except Exception:  # noqa: BLE001 - the command's answer stands; only its replay is lost
        log.warning("could not keep the answer for %s %s; a retry will be refused as in "
                    "flight until the claim expires", HEADER, taken[1], exc_info=True)
        return response
    response.headers[REPLAYED] = "false"
    return response


_KEPT = {name.lower(): name for name in KEPT_HEADERS}


def _kept_headers(response: Response) -> dict:
    """The first value of each kept header the response has, in KEPT_HEADERS' order: read
    in one pass, as asking werkzeug's Headers for an absent one (a command's answer has no
    Location) raises and drops an HTTP exception."""
    found: dict = {}
    for name, value in response.headers.items():
        kept = _KEPT.get(name.lower())
        if kept is not None and kept not in found:
            found[kept] = value
    return {name: found[name] for name in KEPT_HEADERS if name in found}


def init_app(app: Flask) -> None:
    """Runs after authentication, so keys are scoped per API key."""
    app.before_request(claim)
    app.after_request(keep)
