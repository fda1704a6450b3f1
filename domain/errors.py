"""Domain exceptions: each message says what was refused and why."""


class LedgerError(Exception):
    """Base of every refusal by the domain."""


class InvalidInput(LedgerError, ValueError):
    """A value is malformed or out of range."""


class NotFound(LedgerError, LookupError):
    """No such note, commitment, motion, consultation or item."""


class IllegalTransition(LedgerError):
    """The command is not allowed in the aggregate's present state."""


class NotPermitted(LedgerError):
    """The actor may not do this (e.g. answer for another organisation)."""


class DuplicateReference(LedgerError):
    """A note (or commitment, motion) with this identity already exists."""


class ConcurrencyConflict(LedgerError):
    """Someone else changed the aggregate at the same time."""


class StaleVersion(ConcurrencyConflict):
    """The expected version is not the aggregate's current version."""
