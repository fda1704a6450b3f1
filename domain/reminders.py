"""Deadlines and the reminders they give rise to: when each is due, and its settings.

A reminder is recorded as an event on the aggregate whose deadline it concerns, by the
system actor, at most once per deadline: the aggregate keeps the keys of those it
recorded, and two schedulers that race to record the same one conflict on the expected
version, so one of them is dropped. Reminders never change an aggregate's status.

The events (topics for subscribers; every field is an id, a code or a date — no names):

- ``notaledger.note:ConsultationReplyDue`` — ``organisation`` (the consulted one, which
  must answer), ``ministry`` (the note's owner), ``reference``, ``reply_by`` (YYYY-MM-DD),
  ``round``, ``remind_on`` (the day the reminder fell due): the answer is due soon.
- ``notaledger.note:ConsultationOverdue`` — the same fields: the reply-by date passed
  without an answer.
- ``notaledger.commitment:CommitmentDueSoon`` — ``ministry`` (the owner), ``owners`` (the
  owner and co-owners), ``due`` (the last day of the normalised deadline), ``remind_on``.
- ``notaledger.commitment:CommitmentOverdue`` — the same fields: the deadline passed while
  the commitment is still open or partially fulfilled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.actor import Actor
from domain.errors import InvalidInput
from domain.workdays import add_working_days

REPLY_DUE = "ConsultationReplyDue"
CONSULTATION_OVERDUE = "ConsultationOverdue"
DUE_SOON = "CommitmentDueSoon"
COMMITMENT_OVERDUE = "CommitmentOverdue"
KINDS = (REPLY_DUE, CONSULTATION_OVERDUE, DUE_SOON, COMMITMENT_OVERDUE)
SYSTEM = Actor(organisation="notaledger", role="system")  # who records a reminder


@dataclass(frozen=True)
class ReminderSettings:
    """How far deadlines lie and when reminders fall due (all settings)."""

    reply_working_days: int = 10  # a consultation's default reply-by, after the request
    reply_due_working_days: int = 2  # remind the consulted this long before the reply-by
    due_soon_days: int = 14  # remind a commitment's owner this long before its deadline
    overdue_after_days: int = 1  # an overdue reminder, this long after the last day

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"reminder setting {name} must be a whole number of at "
                                   f"least 0, not {value!r}")
        if self.reply_working_days < 1 or self.overdue_after_days < 1:
            raise InvalidInput("the default reply-by and the overdue reminder lie at least "
                               "one day after their start")

    def reply_by(self, requested_on: date) -> date:
        """The default reply-by date of a consultation requested on ``requested_on``."""
        return add_working_days(requested_on, self.reply_working_days)


DEFAULTS = ReminderSettings()


@dataclass(frozen=True)
class Reminder:
    """One reminder that is due: which kind, of what deadline, since which day."""

    kind: str
    deadline: date
    remind_on: date
    organisation: str = ""  # a consultation's consulted organisation

    @property
    def key(self) -> str:
        """What makes it once-only: a changed deadline is a new reminder."""
        return f"{self.kind}|{self.organisation}|{self.deadline.isoformat()}"


def recorded_keys(recorded: Iterable[dict], organisation: str = "") -> set[str]:
    """The keys of reminders recorded as ``{"kind", "deadline", ...}`` (aggregates and views
    keep them so)."""
    return {Reminder(r["kind"], date.fromisoformat(r["deadline"]), date.min, organisation).key
            for r in recorded}


def consultation_reminders(organisation: str, reply_by: date, requested_on: date,
                           today: date, settings: ReminderSettings) -> list[Reminder]:
    """The reminders an awaited answer has due by ``today``: a reply-due reminder in the
    days before its reply-by (not when it was asked for inside them), then an overdue one."""
    overdue_on = reply_by + timedelta(days=settings.overdue_after_days)
    if today >= overdue_on:
        return [Reminder(CONSULTATION_OVERDUE, reply_by, overdue_on, organisation)]
    remind_on = add_working_days(reply_by, -settings.reply_due_working_days)
    if remind_on <= today and requested_on < remind_on:
        return [Reminder(REPLY_DUE, reply_by, remind_on, organisation)]
    return []


def commitment_reminders(due: date, today: date, settings: ReminderSettings) -> list[Reminder]:
    """The reminders an unsettled commitment whose deadline ends on ``due`` has by ``today``."""
    overdue_on = due + timedelta(days=settings.overdue_after_days)
    if today >= overdue_on:
        return [Reminder(COMMITMENT_OVERDUE, due, overdue_on)]
    remind_on = due - timedelta(days=settings.due_soon_days)
    if remind_on <= today:
        return [Reminder(DUE_SOON, due, remind_on)]
    return []
