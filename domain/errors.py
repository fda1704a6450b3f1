"""Domain exceptions: each message says what was refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import OperationalError


class LedgerError(Exception):
    """Base of every refusal by the domain."""


class InvalidInput(LedgerError, ValueError):
    """A value is malformed or out of range."""


class EffectiveRefused(InvalidInput):
    """An effective time the command cannot take; ``field`` names what to correct."""

    field = "effective"


class EffectiveInFuture(EffectiveRefused):
    """Something cannot be recorded as having happened after the moment it is recorded."""


class BackdatingNotAllowed(EffectiveRefused):
    """This kind of event is recorded when it happens, never as having happened earlier."""


class EffectiveReasonMissing(EffectiveRefused):
    """An event recorded as having happened earlier says why."""

    field = "effective_reason"


class NotFound(LedgerError, LookupError):
    """No such note, commitment, motion, consultation or item."""


class IllegalTransition(LedgerError):
    """The command is not allowed in the aggregate's present state: ``action`` says what
    was refused, naming the aggregate ('submit note 2026-0000261701'), ``why`` why."""

    def __init__(self, action: str, why: str = "") -> None:
        super().__init__(f"cannot {action}: {why}" if why else f"cannot {action}")
        self.action, self.why = action, why


class NotPermitted(LedgerError):
    """The actor may not do this (e.g. answer for another organisation)."""


class OtherOrganisation(NotPermitted):
    """The actor's organisation is a party, but this change belongs to another one."""


class DuplicateReference(LedgerError):
    """A note (or commitment, motion) with this identity already exists."""


class ConcurrencyConflict(LedgerError):
    """Someone else changed the aggregate at the same time."""


class StaleVersion(ConcurrencyConflict):
    """The expected version is not the aggregate's current version."""


class WriteInterrupted(OperationalError):
    """The store's connection failed after a write was sent: it may or may not have landed
    (raised by the persistence adapter, told apart from 'could not connect at all')."""


@dataclass(frozen=True)
class Receipt:
    """What a save tried to write: the aggregate, the version and the chain head it would
    have; enough to ask the store later whether that very event is there."""

    aggregate_id: UUID
    version: int
    head: str


class OutcomeUnknown(Exception):  # noqa: N818 - a state of knowledge, not a fault
    """A save was interrupted and the store cannot be asked whether it landed: neither
    success nor failure may be reported; ``Ledger.landed(receipt)`` tells later."""

    def __init__(self, receipt: Receipt) -> None:
        super().__init__(f"the event store went away while saving version {receipt.version} "
                         f"of {receipt.aggregate_id}; whether it was recorded is not known")
        self.receipt = receipt
