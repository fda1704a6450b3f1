"""Every error as RFC 9457 problem+json, mapped in this one place."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from http import HTTPStatus

from flask import Flask, Response, g, json, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from api.http.schemas.base import camel
from domain.audit.service import NoSigningKey, NotCheckpointed
from domain.errors import (
    BackdatingNotAllowed,
    ConcurrencyConflict,
    DuplicateReference,
    EffectiveInFuture,
    EffectiveReasonMissing,
    EffectiveRefused,
    IllegalTransition,
    InvalidInput,
    LedgerError,
    NotFound,
    NotPermitted,
    OtherOrganisation,
    OutcomeUnknown,
    StaleVersion,
)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:notaledger:problem:"
log = logging.getLogger("notaledger.http")

# Order matters: a subclass before its base.
DOMAIN_STATUS = (
    (NotCheckpointed, 409, "not-checkpointed"),
    (NoSigningKey, 503, "no-signing-key"),
    (StaleVersion, 412, "stale-version"),
    (ConcurrencyConflict, 409, "concurrency-conflict"),
    (EffectiveInFuture, 400, "effective-in-future"),
    (BackdatingNotAllowed, 400, "backdating-not-allowed"),
    (EffectiveReasonMissing, 400, "effective-reason-required"),
    (InvalidInput, 400, "invalid-input"),
    (NotFound, 404, "not-found"),
    (IllegalTransition, 409, "illegal-transition"),
    (OtherOrganisation, 403, "forbidden-organisation"),
    (NotPermitted, 403, "not-permitted"),
    (DuplicateReference, 409, "duplicate"),
)


class Problem(Exception):
    """An error raised by the HTTP layer itself, with its status and a clear detail."""

    def __init__(self, status: int, detail: str, kind: str | None = None,
                 headers: dict | None = None, **extra) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind = status, detail, kind
        self.headers, self.extra = headers or {}, extra


def problem(status: int, detail: str, kind: str | None = None, headers: dict | None = None,
            **extra) -> Response:
    """The problem+json response; ``kind`` names the problem type, else about:blank."""
    body = {"type": TYPE_BASE + kind if kind else "about:blank",
            "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
            "instance": request.path, **extra}
    if getattr(g, "request_id", None):
        body["requestId"] = g.request_id
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def from_domain(error: LedgerError) -> Response:
    for kind, status, name in DOMAIN_STATUS:
        if isinstance(error, kind):
            if isinstance(error, ConcurrencyConflict) and status == 409:
                g.transient = True  # 'try again': a retry with the same key must run again
            return problem(status, _as_sent(str(error)), name, **_field(error))
    return problem(422, str(error), "refused")


def _field(error: LedgerError) -> dict:
    """The body field a refused effective time came in, as a validation problem names it."""
    if not isinstance(error, EffectiveRefused):
        return {}
    return {"errors": [{"location": "json", "field": camel(error.field),
                        "message": str(error)}]}


def _as_sent(detail: str) -> str:
    """A note named by the reference the caller sent rather than by its derived id."""
    named = getattr(g, "note_ref", None)
    return detail.replace(*named) if named else detail


def from_problem(error: Problem) -> Response:
    return problem(error.status, error.detail, error.kind, error.headers, **error.extra)


def from_http(error: HTTPException) -> Response:
    """Werkzeug's errors (unknown route, method, bad JSON, validation) as problems."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if "messages" in data:
        return _invalid(status, data["messages"], getattr(error, "exc", None))
    return problem(status, _http_detail(error, status), headers=headers)


def _http_detail(error: HTTPException, status: int) -> str:
    if status == 404:
        return f"there is nothing at {request.path}"
    if status == 405:
        return f"{request.method} is not allowed on {request.path}"
    return error.description or HTTPStatus(status).description


def _invalid(status: int, messages: dict, cause=None) -> Response:
    """Validation errors: one entry per field, with where it came from."""
    errors = list(_flatten(messages))
    if not isinstance(cause, ValidationError):
        return problem(400, "the request body is not valid JSON", "malformed-json")
    listed = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(status, f"the request is not valid: {listed}", "validation", errors=errors)


def _flatten(messages, path: tuple = ()):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, path + (str(key),))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        where, field = (path[0], ".".join(path[1:])) if len(path) > 1 else ("body", "".join(path))
        for message in messages:
            yield {"location": where, "field": field or "_schema", "message": message}
    else:
        for index, value in enumerate(messages):
            yield from _flatten(value, path + (str(index),))


def from_outage(store: str, error: Exception) -> Response:
    """A store that does not answer: the client may retry after a moment."""
    g.transient = True
    log.warning("%s unavailable: %s", store, error, extra={"event": "outage"})
    return problem(503, f"the {store} is not answering; try again shortly", "unavailable",
                   headers={"Retry-After": "2"})


def from_outcome_unknown(error: OutcomeUnknown) -> Response:
    """A save cut off before the store could say whether it landed: neither success nor
    failure. A retry with the same Idempotency-Key runs again and is recognised by the
    aggregate if the first attempt did land (domain/base.py), so it is safe."""
    g.transient = True  # the key is released: its retry must reach the ledger
    receipt = error.receipt
    log.warning("save of %s v%d cut off; outcome unknown", receipt.aggregate_id,
                receipt.version, extra={"event": "outcome-unknown"})
    return problem(503, "the event store went away while this command was being saved, so "
                        "whether it was recorded is not known; retry with the same "
                        "Idempotency-Key to learn the outcome (without one, read "
                        f"{receipt.aggregate_id} first: version {receipt.version} may be yours)",
                   "outcome-unknown", headers={"Retry-After": "2"},
                   aggregateId=str(receipt.aggregate_id), version=receipt.version)


def from_unexpected(error: Exception) -> Response:
    """A bug or an outage: logged with its traceback, never shown to the client."""
    g.transient = True
    log.exception("unhandled error", extra={"event": "error"})
    request_id = getattr(g, "request_id", "")
    return problem(500, "an unexpected error occurred; quote request id "
                        f"{request_id} when reporting it", "internal")


def init_app(app: Flask, outages: Mapping[type[Exception], str]) -> None:
    """The handlers; ``outages`` names the store behind each 'not answering' exception."""
    app.register_error_handler(LedgerError, from_domain)
    app.register_error_handler(OutcomeUnknown, from_outcome_unknown)
    app.register_error_handler(Problem, from_problem)
    app.register_error_handler(HTTPException, from_http)
    for outage, store in outages.items():
        app.register_error_handler(outage, functools.partial(from_outage, store))
    app.register_error_handler(Exception, from_unexpected)
