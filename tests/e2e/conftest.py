"""The HTTP service on real stores, with its projections running, and a key per role."""

from __future__ import annotations

import pytest

from adapters.checkpoints import SQLiteAuditStore
from adapters.feed import LogFeed, RedisStreamFeed
from adapters.idempotency import RedisIdempotencyStore, SQLiteIdempotencyStore
from adapters.keys import SQLiteKeyStore
from adapters.outbox import SQLiteOutbox
from adapters.persons import SQLitePersonRegistry
from adapters.signing import Ed25519Signer
from adapters.views_sqlite import SQLiteViewStore
from api.bootstrap import bootstrap
from api.http.app import create_app
from api.http.auth import CachedKeys
from domain.audit.service import Audit
from projections.runner import Runner
from tests.conftest import make_ledger


class Site:
    """One running API: its Flask app, stores and projection runner, and keys to call it."""

    def __init__(self, settings: dict, tmp_path, idempotency=None, views=None, stream=None,
                 outbox=None, **config) -> None:
        ledger = make_ledger(settings)
        self.views = views or SQLiteViewStore(tmp_path / "views.sqlite")
        self.runner = Runner(ledger, self.views, feed=stream, poll_interval=0.01).start()
        self.signer = Ed25519Signer.generate()
        self.audit = Audit(ledger.recorder, SQLiteAuditStore(str(tmp_path / "audit.sqlite")),
                           self.signer)
        self.services = bootstrap(
            {}, ledger=ledger, keys=CachedKeys(SQLiteKeyStore(tmp_path / "keys.sqlite"), 0),
            idempotency=idempotency or SQLiteIdempotencyStore(tmp_path / "idem.sqlite"),
            views=self.views, persons=SQLitePersonRegistry(tmp_path / "persons.sqlite"),
            feed=RedisStreamFeed(stream) if stream else LogFeed(ledger, poll_seconds=0.02),
            stream=stream, audit=self.audit,
            verifier=self.signer.verifier(),
            outbox=outbox or SQLiteOutbox(tmp_path / "outbox.sqlite"))
        self.app = create_app({"SERVICES": self.services, "TESTING": True,
                               "LOG_LEVEL": "WARNING", **config})
        self.ledger = ledger

    def key(self, organisation: str, role: str) -> dict:
        """Headers carrying a fresh key for this organisation and role."""
        token = self.services.keys.create(organisation, role).token
        return {"Authorization": f"Bearer {token}"}

    def client(self):
        return self.app.test_client()

    def settle(self) -> None:
        """Wait until the views include everything recorded so far."""
        head = self.ledger.recorder.max_notification_id() or 0
        assert self.runner.wait_until(head, timeout=10), "the projections did not catch up"

    def close(self) -> None:
        self.runner.stop()
        self.runner.join(timeout=10)
        self.views.close()
        self.ledger.close()


@pytest.fixture
def site(tmp_path):
    """The API on SQLite: events, views, keys and idempotency records."""
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path)
    yield running
    running.close()


@pytest.fixture
def production_site(tmp_path, request):
    """The API on PostgreSQL events and Redis idempotency records."""
    from tests.conftest import store_settings

    settings = store_settings("postgres", tmp_path, request)
    client = request.getfixturevalue("redis_client")
    running = Site(settings, tmp_path, idempotency=RedisIdempotencyStore(client))
    yield running
    running.close()


@pytest.fixture
def client(site):
    return site.client()
