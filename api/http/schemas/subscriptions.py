"""Schemas of subscriptions and deliveries: what an organisation's admin sends and sees."""

from __future__ import annotations

from marshmallow import fields, validate

from api.http.schemas.base import Schema
from api.http.schemas.common import PageSchema, boolean, choice, text_field
from domain.delivery import CHANNELS, STATUSES, TOPICS

TOPIC_LIST = ", ".join(TOPICS)


class CreateSubscriptionSchema(Schema):
    organisation = text_field("whose messages; an admin names its own organisation (or "
                              "leaves it out)", 40)
    channel = choice("webhook: posted to the organisation's URL; email: mailed to one person",
                     CHANNELS, required=True)
    url = fields.String(validate=validate.Length(min=1, max=2000), metadata={
        "description": "for a webhook: the absolute https address that receives the POSTs"})
    person_id = fields.String(validate=validate.Length(min=1, max=64), metadata={
        "description": "for e-mail: the registered person of the organisation who receives "
                       "it, at the address kept with the person"})
    topics = fields.List(choice("a topic", TOPICS), validate=validate.Length(max=len(TOPICS)),
                         metadata={"description": "what to receive; the defaults when left "
                                                  f"out. Known: {TOPIC_LIST}"})
    digest = boolean("e-mail only: one mail a day with everything instead of one per event",
                     load_default=False)
    label = fields.String(load_default="", validate=validate.Length(max=200))


class SubscriptionSchema(Schema):
    subscription_id = fields.String(dump_only=True)
    organisation = fields.String(dump_only=True)
    channel = fields.String(dump_only=True)
    url = fields.String(dump_only=True, allow_none=True)
    person_id = fields.String(dump_only=True, allow_none=True)
    topics = fields.List(fields.String(), dump_only=True)
    digest = fields.Boolean(dump_only=True)
    label = fields.String(dump_only=True)
    created_at = fields.String(dump_only=True)
    deleted_at = fields.String(dump_only=True, allow_none=True)


class NewSecretSchema(SubscriptionSchema):
    secret = fields.String(dump_only=True, metadata={
        "description": "the webhook signing secret (whsec_…): shown in this answer only"})
    previous_secrets_until = fields.String(dump_only=True, allow_none=True, metadata={
        "format": "date-time",
        "description": "after a rotation: until when the previous secret signs beside it"})


class SubscriptionListQuerySchema(Schema):
    include_deleted = fields.Boolean(load_default=False)


class AttemptSchema(Schema):
    number = fields.Integer(dump_only=True)
    at = fields.String(dump_only=True)
    outcome = fields.String(dump_only=True)
    status_code = fields.Integer(dump_only=True, allow_none=True)
    error = fields.String(dump_only=True)
    seconds = fields.Float(dump_only=True)


class DeliverySchema(Schema):
    delivery_id = fields.String(dump_only=True, metadata={
        "description": "the message's stable id (the webhook-id header)"})
    subscription_id = fields.String(dump_only=True)
    organisation = fields.String(dump_only=True)
    position = fields.Integer(dump_only=True)
    aggregate_id = fields.String(dump_only=True)
    topic = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={"enum": list(STATUSES)})
    attempts = fields.Integer(dump_only=True)
    created_at = fields.String(dump_only=True)
    next_attempt_at = fields.String(dump_only=True, allow_none=True)
    delivered_at = fields.String(dump_only=True, allow_none=True)
    last_error = fields.String(dump_only=True)
    recorded_at = fields.String(dump_only=True)


class DeliveryDetailSchema(DeliverySchema):
    attempt_log = fields.List(fields.Nested(AttemptSchema), dump_only=True)


class DeliveryPageSchema(PageSchema):
    items = fields.List(fields.Nested(DeliverySchema), dump_only=True)


class DeliveryQuerySchema(Schema):
    status = choice("only deliveries in this state", STATUSES)
    subscription_id = fields.String(validate=validate.Length(min=1, max=64))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class RetrySchema(Schema):
    retried = fields.Integer(dump_only=True, metadata={"description": "deliveries sent again"})


class UnsubscribedSchema(Schema):
    subscription_id = fields.String(dump_only=True)
    deleted_at = fields.String(dump_only=True, allow_none=True)
