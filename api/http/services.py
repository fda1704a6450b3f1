"""What the HTTP layer talks to, built once by the app factory and found per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from domain.ledger import Ledger


@dataclass
class Services:
    """The ledger, key and idempotency stores, views, persons, the live feed and Redis."""

    ledger: Ledger
    keys: Any
    idempotency: Any
    views: Any = None
    persons: Any = None
    audit: Any = None
    feed: Any = None
    redis: Any = None
    importer: Any = None
    settings: dict = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Stop what runs in the background and release connections, newest first."""
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def services() -> Services:
    return current_app.extensions["notaledger"]
