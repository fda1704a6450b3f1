"""The sender: claims due deliveries from the outbox, sends them, records every attempt.

At least once: a delivery is marked delivered only after the receiver said 2xx (or the
SMTP server took the mail); a sender that dies before recording leaves it leased, and it
is claimed again when the lease runs out. Receivers deduplicate on the stable id.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from adapters.mail import SmtpMailer, UnsubscribeTokens, compose
from adapters.outbox import Delivery, SqlOutbox, Subscription
from adapters.webhooks import Outcome, WebhookPoster, payload
from domain.delivery import Backoff
from domain.persons import PersonRegistry
from projections.store import StoreUnavailable

LOG = logging.getLogger("notaledger.deliveries")


@dataclass
class SenderSettings:
    base_url: str = "http://127.0.0.1:8000"
    batch: int = 100
    workers: int = 8
    lease: float = 60.0
    poll: float = 0.05


class Sender:
    """Sends what is due, in parallel across notes, in event order within each note."""

    def __init__(self, outbox: SqlOutbox, poster: WebhookPoster, backoff: Backoff,
                 settings: SenderSettings | None = None, mailer: SmtpMailer | None = None,
                 persons: PersonRegistry | None = None,
                 tokens: UnsubscribeTokens | None = None) -> None:
        self.outbox, self.poster, self.backoff = outbox, poster, backoff
        self.settings = settings or SenderSettings()
        self.mailer, self.persons, self.tokens = mailer, persons, tokens
        self._pool = ThreadPoolExecutor(self.settings.workers, thread_name_prefix="sender")
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = threading.Condition()

    def send_due(self) -> int:
        """Send one batch of due deliveries; returns how many were attempted."""
        claimed = self.outbox.claim_due(self.settings.batch, self.settings.lease)
        webhooks = {s.subscription_id for _, s in claimed if s.channel == "webhook"}
        secrets = {sid: self.outbox.secrets(sid) for sid in webhooks}  # once per subscription
        outcomes = list(self._pool.map(lambda pair: self._send(*pair, secrets), claimed))
        self._record([d for d, _ in claimed], outcomes)
        for subscription in self.outbox.due_digests():
            claimed += [(d, subscription) for d in self._digest(subscription)]
        if claimed:
            with self.sent:
                self.sent.notify_all()
        return len(claimed)

    def _send(self, delivery: Delivery, subscription: Subscription,
              secrets: dict[str, list[str]]) -> Outcome:
        if subscription.channel == "webhook":
            body = payload(delivery.message, self.settings.base_url)
            return self.poster.post(subscription.url or "", delivery.delivery_id, body,
                                    secrets[subscription.subscription_id])
        return self._mail([delivery], subscription)

    def _record(self, deliveries: list[Delivery], outcomes: list[Outcome]) -> list[str]:
        """Each attempt and its consequence, in one transaction."""
        attempts = []
        for delivery, outcome in zip(deliveries, outcomes, strict=True):
            failures, retry_at = delivery.attempts + 1, None
            if not outcome.delivered and not self.backoff.exhausted(failures):
                retry_at = time.time() + self.backoff.delay(failures)
            attempts.append((delivery, "delivered" if outcome.delivered else "failed",
                             outcome.status_code, outcome.error, outcome.seconds, retry_at))
        statuses = self.outbox.record_many(attempts) if attempts else []
        for delivery, outcome, status in zip(deliveries, outcomes, statuses, strict=True):
            if status == "dead":
                LOG.warning("delivery %s dead-lettered after %d attempts: %s",
                            delivery.delivery_id, delivery.attempts + 1, outcome.error)
        return statuses

    def _digest(self, subscription: Subscription) -> list[Delivery]:
        """One mail with everything due for a digest subscription; each delivery recorded."""
        deliveries = self.outbox.claim_digest(subscription.subscription_id,
                                              self.settings.lease)
        if not deliveries:
            return []
        outcome = self._mail(deliveries, subscription)
        self._record(deliveries, [outcome] * len(deliveries))
        return deliveries

    def _mail(self, deliveries: list[Delivery], subscription: Subscription) -> Outcome:
        address = (self.persons.email(subscription.person_id or "")
                   if self.persons is not None else None)
        if self.mailer is None or address is None:
            why = "no SMTP server is set" if self.mailer is None else \
                f"person {subscription.person_id} has no e-mail address (or was erased)"
            return Outcome(False, None, why, 0.0)
        token = self.tokens.make(subscription.subscription_id) if self.tokens else ""
        base = self.settings.base_url.rstrip("/")
        mail = compose([d.message for d in deliveries], address, self.mailer.settings,
                       self.settings.base_url, f"{base}/openbaar/afmelden/{token}",
                       f"{base}/v1/unsubscribe/{token}")
        return self.mailer.send(mail, " ".join(d.delivery_id for d in deliveries))

    # --- running ---------------------------------------------------------------------

    def run(self) -> None:
        """Send until stopped; an outbox that cannot be reached is waited out."""
        while not self._stopping.is_set():
            try:
                if self.send_due() == 0:
                    self._stopping.wait(self.settings.poll)
            except (StoreUnavailable, sqlite3.OperationalError) as error:
                LOG.warning("sender waiting: %s", error)
                self._stopping.wait(1.0)
            except Exception:  # a sender that stops sending loses nothing, but helps no one
                LOG.exception("sender failed a batch; its deliveries are sent again later")
                self._stopping.wait(1.0)

    def start(self) -> Sender:
        self._thread = threading.Thread(target=self.run, name="deliveries", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=False)
        self.poster.close()
