"""Liveness, readiness (event store, Redis, projection lag) and Prometheus metrics."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import fields

from api.http.problems import MEDIA_TYPE, problem
from api.http.reading import views_trust
from api.http.schemas.base import Schema
from api.http.schemas.common import ProblemSchema
from api.http.services import services
from projections.catalogue import PROJECTORS

blp = Blueprint("health", __name__, url_prefix="",
                description="Liveness, readiness and metrics; no key needed.")
NO_KEY = {"security": []}


class HealthSchema(Schema):
    status = fields.String(dump_only=True)


class NotReadySchema(ProblemSchema):
    checks = fields.Dict(keys=fields.String(), values=fields.Dict(), dump_only=True)


class ReadySchema(Schema):
    status = fields.String(dump_only=True, metadata={"description": "ready or not ready"})
    checks = fields.Dict(keys=fields.String(), values=fields.Dict(), dump_only=True)


@blp.route("/healthz", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.response(200, HealthSchema)
def healthz():
    """The process is up."""
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.response(200, ReadySchema)
@blp.alt_response(503, schema=NotReadySchema, content_type=MEDIA_TYPE,
                  description="not ready: a problem (RFC 9457) with the checks")
def readyz():
    """Ready when the event store and Redis answer and the views are not too far behind."""
    head, store = _event_store()
    checks = {"event_store": store, "redis": _redis(), "projections": _projections(head)}
    failing = [name for name, check in checks.items() if not check["ok"]]
    if failing:
        return problem(503, f"not ready: {', '.join(failing)}", "not-ready", checks=checks)
    return {"status": "ready", "checks": checks}


def _event_store() -> tuple[int, dict]:
    try:
        head = services().ledger.recorder.max_notification_id() or 0
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        return 0, {"ok": False, "detail": f"not answering: {type(error).__name__}"}
    return head, {"ok": True, "head": head}


def _redis() -> dict:
    client = services().redis
    if client is None:
        return {"ok": True, "configured": False}
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "configured": True, "detail": f"not answering: {error}"}
    return {"ok": True, "configured": True}


def _projections(head: int) -> dict:
    views = services().views
    if views is None:
        return {"ok": True, "configured": False}
    allowed = current_app.config["MAX_PROJECTION_LAG"]
    try:
        lags = {name: head - (position or 0)
                for name, position in views.positions(PROJECTORS).items()}
        trust = views_trust(services())
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "detail": f"views not answering: {type(error).__name__}"}
    checked = {"lag": lags, "max_lag": allowed, "trust": trust.state}
    if not trust.ok:  # another store's views, ahead of the log, or empty: whatever the lag
        return {"ok": False, **checked, "detail": trust.detail}
    return {"ok": max(lags.values(), default=0) <= allowed, **checked}


@blp.route("/metrics", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.response(200, content_type="text/plain", description="Prometheus text exposition")
def metrics():
    """Request counts and latencies, for Prometheus."""
    return current_app.extensions["notaledger_metrics"].exposition()
