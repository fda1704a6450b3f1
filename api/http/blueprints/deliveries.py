"""Deliveries: what left (or is leaving) for an organisation, every attempt, and retries."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.routes import command, query
from api.http.schemas.subscriptions import (
    DeliveryDetailSchema,
    DeliveryPageSchema,
    DeliveryQuerySchema,
    RetrySchema,
)
from api.http.services import services
from domain.errors import NotFound

blp = Blueprint("deliveries", __name__, url_prefix="/deliveries",
                description="The outbox: one delivery per event and subscription, with its "
                            "attempts; dead-lettered ones can be sent again.")
DELIVERY_ID = {"in": "path", "name": "delivery_id",
               "description": "the delivery's stable id (the webhook-id header)"}
READERS = ("admin", "auditor")


def _scope() -> str | None:
    """An auditor reads every organisation's deliveries; an admin its own."""
    return None if g.key.role == "auditor" else g.key.organisation


def _visible(delivery_id: str):
    found = services().outbox.delivery(delivery_id)
    if found is None or _scope() not in (None, found.organisation):
        raise NotFound(f"no delivery {delivery_id}")
    return found


@query(blp, "", *READERS)
@blp.arguments(DeliveryQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, DeliveryPageSchema())
def list_deliveries(args):
    """The organisation's deliveries, newest event first."""
    total, found = services().outbox.deliveries(
        _scope(), args.get("status"), args.get("subscription_id"), args["offset"],
        args["limit"])
    return {"items": [d.to_dict() for d in found], "total": total, "offset": args["offset"],
            "limit": args["limit"]}


@query(blp, "/<delivery_id>", *READERS, parameters=(DELIVERY_ID,))
@blp.response(200, DeliveryDetailSchema())
def get_delivery(delivery_id):
    """One delivery with every attempt."""
    found = _visible(delivery_id)
    return {**found.to_dict(), "attempt_log": services().outbox.attempts(delivery_id)}


@command(blp, "/<delivery_id>/retry", "admin", parameters=(DELIVERY_ID,), answer=RetrySchema(),
         effective=False)
def retry(delivery_id):
    """Send a dead-lettered delivery again, from a fresh count of attempts."""
    found = _visible(delivery_id)
    return {"retried": services().outbox.retry([found.delivery_id])}
