"""What leaves the ledger: message topics, who may subscribe to what, and the retry rule.

A *message* is one event told to one organisation it concerns; a *delivery* is one message
to one subscription (a ministry's webhook, or a person's mailbox). Topics are named as
Standard Webhooks event types: ``consultation.requested``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from domain.errors import InvalidInput

TOPICS = {
    "consultation.requested": "a consultation was requested of the organisation",
    "consultation.reopened": "a consultation of the organisation was reopened",
    "consultation.withdrawn": "a consultation of the organisation was withdrawn",
    "consultation.answered": "a consultation on one of the organisation's notes was answered",
    "consultation.reply_due": "a consultation reply of the organisation is due soon",
    "consultation.overdue": "a consultation reply (of or to the organisation) is overdue",
    "note.submitted": "one of the organisation's notes was submitted for decision",
    "note.returned": "one of the organisation's notes was returned to draft",
    "note.decided": "the decision was taken on a note of or consulted with the organisation",
    "note.letter_sent": "the letter of one of the organisation's notes was sent to parliament",
    "note.published": "one of the organisation's notes was published (Woo)",
    "commitment.registered": "a commitment of the organisation was registered",
    "commitment.due_soon": "a commitment of the organisation is due in 14 days",
    "commitment.overdue": "a commitment of the organisation is overdue",
}
DEFAULT_TOPICS = ("consultation.requested", "consultation.answered", "note.returned",
                  "note.decided", "commitment.due_soon", "commitment.overdue")
CHANNELS = ("webhook", "email")
STATUSES = ("pending", "delivered", "dead", "cancelled")
_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")


def topics(requested: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The topics asked for, checked and in a stable order; the defaults when none are."""
    if not requested:
        return DEFAULT_TOPICS
    unknown = sorted(set(requested) - TOPICS.keys())
    if unknown:
        raise InvalidInput(f"topic {unknown[0]!r} is not one of: {', '.join(TOPICS)}")
    return tuple(topic for topic in TOPICS if topic in requested)


def email_address(text: str) -> str:
    """An e-mail address as given, or a clear refusal."""
    address = str(text or "").strip()
    if not _EMAIL.match(address):
        raise InvalidInput(f"{text!r} is not an e-mail address")
    return address


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with full jitter: attempt n waits between half and all of
    ``base · 2^(n-1)``, never more than ``cap`` seconds; after ``limit`` failed attempts
    the delivery is dead-lettered."""

    base: float = 5.0
    cap: float = 3600.0
    limit: int = 12

    def __post_init__(self) -> None:
        if self.base <= 0 or self.cap < self.base or self.limit < 1:
            raise InvalidInput(f"backoff needs 0 < base <= cap and a limit of at least 1, "
                               f"not base={self.base}, cap={self.cap}, limit={self.limit}")

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after the ``failures``-th failed attempt."""
        ceiling = min(self.cap, self.base * 2 ** min(failures - 1, 40))
        return ceiling * (0.5 + 0.5 * (rng or random).random())

    def exhausted(self, failures: int) -> bool:
        return failures >= self.limit
