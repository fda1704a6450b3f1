"""The composition root: the one place that names concrete adapters."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from adapters.checkpoints import audit_store_for, log_reader_for
from adapters.eventstore import event_store_env
from adapters.persons import PostgresPersonRegistry, SQLitePersonRegistry
from adapters.signing import signer_from_env
from domain.audit import Audit
from domain.ledger import Ledger
from domain.persons import PersonRegistry


def build_ledger(environ: Mapping[str, str] = os.environ) -> Ledger:
    """The application service on the configured event store."""
    return Ledger(env=event_store_env(environ))


def build_audit(ledger: Ledger, environ: Mapping[str, str] = os.environ) -> Audit:
    """The audit use cases over the ledger's log, with the configured signing key."""
    settings = event_store_env(environ)
    return Audit(ledger.recorder, audit_store_for(settings), signer_from_env(environ),
                 log_reader_for(settings, ledger.recorder))


def build_persons(environ: Mapping[str, str] = os.environ) -> PersonRegistry:
    """The person registry beside the configured event store."""
    settings = event_store_env(environ)
    if settings["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        conninfo = (f"dbname={settings['POSTGRES_DBNAME']} host={settings['POSTGRES_HOST']} "
                    f"port={settings['POSTGRES_PORT']} user={settings['POSTGRES_USER']} "
                    f"password={settings['POSTGRES_PASSWORD']}")
        return PostgresPersonRegistry(conninfo, settings["POSTGRES_SCHEMA"])
    path = Path(environ.get("NOTALEDGER_PERSONS_PATH", "var/persons.sqlite"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLitePersonRegistry(path)
