"""Unsubscribing from e-mail with the signed link every mail carries (RFC 8058 one-click)."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.schemas.subscriptions import UnsubscribedSchema
from api.http.services import services

blp = Blueprint("unsubscribe", __name__, url_prefix="/unsubscribe",
                description="The unsubscribe link of a notification e-mail; needs no key.")
TOKEN = {"in": "path", "name": "token", "description": "the signed token from the e-mail"}


@blp.route("/<token>", methods=["POST"], parameters=[TOKEN])
@blp.doc(security=[])
@blp.response(200, UnsubscribedSchema())
def unsubscribe(token):
    """Stop the e-mail subscription the link names (mail clients post here in one click)."""
    subscription_id = services().delivery.tokens.read(token)
    stopped = services().outbox.delete_subscription(subscription_id)
    return {"subscription_id": stopped.subscription_id, "deleted_at": stopped.deleted_at}
