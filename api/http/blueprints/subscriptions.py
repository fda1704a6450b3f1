"""Subscriptions: an organisation's admin chooses what reaches its webhook and its people."""

from __future__ import annotations

from flask import g
from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.problems import Problem
from api.http.refusals import refuse
from api.http.routes import command, query
from api.http.schemas.subscriptions import (
    CreateSubscriptionSchema,
    NewSecretSchema,
    SubscriptionListQuerySchema,
    SubscriptionSchema,
)
from api.http.services import services
from api.http.versions import API_PREFIX
from domain.organisations import normalise

blp = Blueprint("subscriptions", __name__, url_prefix="/subscriptions",
                description="Webhooks (Standard Webhooks, signed) and e-mail for one "
                            "organisation's events and reminders.")
SUBSCRIPTION = SubscriptionSchema()
SUBSCRIPTION_ID = {"in": "path", "name": "subscription_id",
                   "description": "the subscription's id, e.g. sub_3f2a…"}
MANAGERS = ("admin",)


@command(blp, "", *MANAGERS, body=CreateSubscriptionSchema, status=201,
         answer=NewSecretSchema(), effective=False)
def create(body):
    """Subscribe the organisation's webhook or one of its people; a webhook's secret is in
    this answer only."""
    organisation = normalise(body.get("organisation") or g.key.organisation)
    if organisation != g.key.organisation:
        refuse("foreign-organisation", f"subscriptions of {organisation}")
        raise Problem(403, f"an admin of {g.key.organisation} subscribes to "
                           f"{g.key.organisation}'s events only, not {organisation}'s",
                      "forbidden-organisation")
    made, secret = services().subscriptions.create(
        organisation, body["channel"], body.get("url"), body.get("person_id"),
        body.get("topics"), body["digest"], body["label"])
    g.replay_body = SUBSCRIPTION.dump(made.to_dict())  # the secret is never kept
    return {**made.to_dict(), "secret": secret}, 201, {
        "Location": f"{API_PREFIX}/subscriptions/{made.subscription_id}"}


@query(blp, "", *MANAGERS)
@blp.arguments(SubscriptionListQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, SubscriptionSchema(many=True))
def list_subscriptions(args):
    """The organisation's subscriptions (never a secret)."""
    found = services().outbox.subscriptions(g.key.organisation, args["include_deleted"])
    return [subscription.to_dict() for subscription in found]


@query(blp, "/<subscription_id>", *MANAGERS, parameters=(SUBSCRIPTION_ID,))
@blp.response(200, SubscriptionSchema())
def get_subscription(subscription_id):
    """One subscription of the organisation."""
    return services().subscriptions.get(subscription_id, g.key.organisation).to_dict()


@command(blp, "/<subscription_id>/rotate-secret", *MANAGERS, parameters=(SUBSCRIPTION_ID,),
         answer=NewSecretSchema(), effective=False)
def rotate_secret(subscription_id):
    """A new signing secret; the previous one keeps signing beside it for the overlap."""
    subscriptions = services().subscriptions
    secret, until = subscriptions.rotate(subscription_id, g.key.organisation)
    found = subscriptions.get(subscription_id, g.key.organisation).to_dict()
    g.replay_body = SUBSCRIPTION.dump(found)
    return {**found, "secret": secret, "previous_secrets_until": until}


@command(blp, "/<subscription_id>/stop", *MANAGERS, parameters=(SUBSCRIPTION_ID,),
         answer=SUBSCRIPTION, effective=False)
def stop(subscription_id):
    """End a subscription; what it had not yet received is cancelled."""
    return services().subscriptions.stop(subscription_id, g.key.organisation).to_dict()
