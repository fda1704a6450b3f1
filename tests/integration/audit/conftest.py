"""Fixtures for the audit tests: a recorded ledger, its audit store and a signing key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.signing import Ed25519Signer
from domain.audit.service import Audit
from domain.ledger import Ledger
from tests.conftest import make_ledger
from tests.integration.test_seed_story import record_seed_story


@dataclass
class Audited:
    """A ledger with the seed story recorded, and its audit use cases."""

    settings: dict[str, str]
    ledger: Ledger
    audit: Audit
    store: Any
    signer: Ed25519Signer
    ids: dict
    reader: Any


def audited_ledger(settings: dict[str, str], signer: Ed25519Signer) -> Audited:
    ledger = make_ledger(settings)
    ids = record_seed_story(ledger)
    env = event_store_env(settings)
    store = audit_store_for(env)
    reader = log_reader_for(env, ledger.recorder)
    audit = Audit(ledger.recorder, store, signer, reader)
    return Audited(settings, ledger, audit, store, signer, ids, reader)


@pytest.fixture
def signer() -> Ed25519Signer:
    return Ed25519Signer.generate()


@pytest.fixture
def audited(store, signer):
    """On memory, SQLite and PostgreSQL."""
    made = audited_ledger(store, signer)
    yield made
    _close(made)


@pytest.fixture
def durable_audited(durable_store, signer):
    """On SQLite and PostgreSQL."""
    made = audited_ledger(durable_store, signer)
    yield made
    _close(made)


def _close(made: Audited) -> None:
    for part in (made.reader, made.store):
        if hasattr(part, "close"):
            part.close()
    made.ledger.close()
