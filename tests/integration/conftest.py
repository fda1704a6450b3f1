"""Fixtures of the integration tests beside the shared ones."""

from __future__ import annotations

import pytest


@pytest.fixture
def outbox_schema(pg_schema):
    """A PostgreSQL outbox's own schema beside a fresh event store schema (the bootstrap's
    name for it; pg_schema drops it afterwards)."""
    return f"{pg_schema}_outbox"
