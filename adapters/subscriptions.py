"""Subscribing: the checks a new subscription passes, its secret, rotation and ending."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from adapters.outbox import SqlOutbox, Subscription, now_iso
from adapters.webhooks import check_url, new_secret
from domain.delivery import CHANNELS, topics
from domain.errors import InvalidInput, NotFound, NotPermitted
from domain.organisations import normalise
from domain.persons import PersonRegistry


class Subscriptions:
    """An organisation's subscriptions, as its admin (or the operator) manages them."""

    def __init__(self, outbox: SqlOutbox, persons: PersonRegistry, allow_private: bool,
                 overlap: float) -> None:
        self.outbox, self.persons = outbox, persons
        self.allow_private, self.overlap = allow_private, overlap

    def create(self, organisation: str, channel: str, url: str | None = None,
               person_id: str | None = None, wanted: list[str] | None = None,
               digest: bool = False, label: str = "") -> tuple[Subscription, str | None]:
        """A new subscription and, for a webhook, its signing secret (shown once)."""
        organisation = normalise(organisation)
        if channel not in CHANNELS:
            raise InvalidInput(f"channel {channel!r} must be one of: {', '.join(CHANNELS)}")
        if channel == "webhook":
            if not url or person_id or digest:
                raise InvalidInput("a webhook subscription needs a url, and takes no personId "
                                   "or digest")
            url = check_url(url, self.allow_private)
        else:
            if not person_id or url:
                raise InvalidInput("an e-mail subscription needs a personId, and takes no url")
            self._check_person(person_id, organisation)
        subscription = Subscription(f"sub_{secrets.token_hex(8)}", organisation, channel, url,
                                    person_id, topics(wanted), bool(digest),
                                    str(label or "").strip(), now_iso())
        secret = new_secret() if channel == "webhook" else None
        return self.outbox.add_subscription(subscription, secret), secret

    def _check_person(self, person_id: str, organisation: str) -> None:
        person = self.persons.get(person_id)
        if person is None or person.erased:
            raise InvalidInput(f"personId: no person {person_id} is registered"
                               + (" (erased)" if person else ""))
        if person.organisation != organisation:
            raise NotPermitted(f"person {person_id} is not of {organisation}; an organisation "
                               "subscribes only its own people")
        if self.persons.email(person_id) is None:
            raise InvalidInput(f"person {person_id} has no e-mail address; record one first "
                               "(notaledger persons email)")

    def get(self, subscription_id: str, organisation: str | None) -> Subscription:
        """A subscription of this organisation (None: any); another's is as absent."""
        found = self.outbox.subscription(subscription_id)
        if found is None or organisation not in (None, found.organisation):
            raise NotFound(f"no subscription {subscription_id}")
        return found

    def rotate(self, subscription_id: str, organisation: str | None) -> tuple[str, str]:
        """A new secret; the old one keeps signing beside it until the returned moment."""
        found = self.get(subscription_id, organisation)
        if found.channel != "webhook" or found.deleted_at:
            raise InvalidInput(f"subscription {subscription_id} is not an active webhook")
        secret = new_secret()
        until = self.outbox.rotate_secret(subscription_id, secret, self.overlap)
        return secret, datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds")

    def stop(self, subscription_id: str, organisation: str | None) -> Subscription:
        self.get(subscription_id, organisation)
        return self.outbox.delete_subscription(subscription_id)
