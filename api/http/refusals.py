"""Refused attempts on another organisation's objects: logged (key, route, object), counted."""

from __future__ import annotations

import logging

from flask import current_app, request

log = logging.getLogger("notaledger.security")


def refuse(kind: str, what: str) -> None:
    """Record that this request was refused an object of another organisation."""
    log.warning("refused %s: %s", kind, what, extra={"event": "refused", "fields": {
        "refusal": kind, "object": what, "method": request.method, "route": request.path}})
    metrics = current_app.extensions.get("notaledger_metrics")
    if metrics is not None:
        metrics.refusals.labels(kind).inc()
