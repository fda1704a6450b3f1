"""One bootstrap: each part built from the settings on first use, or handed in, and closed once."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from adapters.keys import SQLiteKeyStore
from api.bootstrap import bootstrap


@pytest.fixture
def settings(tmp_path) -> dict[str, str]:
    return {"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_SQLITE_PATH": str(tmp_path / "ev.sqlite"),
            "NOTALEDGER_KEYS_PATH": str(tmp_path / "keys.sqlite"),
            "NOTALEDGER_VIEWS_PATH": str(tmp_path / "views.sqlite"),
            "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite"),
            "NOTALEDGER_IDEMPOTENCY_PATH": str(tmp_path / "idem.sqlite")}


def test_a_command_that_needs_the_keys_opens_no_event_store(settings, tmp_path):
    with bootstrap(settings) as services:
        services.keys.create("VRO", "drafter")
    assert (tmp_path / "keys.sqlite").exists()
    assert not (tmp_path / "ev.sqlite").exists()
    assert not (tmp_path / "views.sqlite").exists()


def test_a_part_is_built_once_and_cannot_be_replaced(settings):
    with bootstrap(settings) as services:
        assert services.ledger is services.ledger
        with pytest.raises(FrozenInstanceError):
            services.ledger = None


def test_parts_handed_in_are_used_and_left_open_for_their_owner(settings, tmp_path):
    keys = SQLiteKeyStore(tmp_path / "own-keys.sqlite")
    with bootstrap(settings, keys=keys, views=None) as services:
        made = services.keys.create("VRO", "drafter")
        assert services.views is None
        assert services.ledger.recorder.max_notification_id() in (None, 0)
        closers = len(services.closers)
    assert closers == 1  # the ledger it built, not the keys or views handed in
    assert keys.authenticate(made.token).organisation == "VRO"  # still open
    keys.close()


def test_without_redis_the_feed_reads_the_log_and_keys_are_cached(settings):
    with bootstrap({**settings, "NOTALEDGER_KEY_CACHE_SECONDS": "0"}) as services:
        assert services.redis is None and services.stream is None
        assert type(services.feed).__name__ == "LogFeed"
        assert services.keys.seconds == 0
        assert services.signer is None  # the API signs nothing unless handed a signer


def test_an_unknown_part_is_refused(settings):
    with pytest.raises(TypeError, match="no service ledgr"):
        bootstrap(settings, ledgr=None)


def test_keyed_answers_are_kept_in_redis_for_the_configured_seconds(settings, redis_client):
    from adapters.idempotency import DONE, NEW
    from tests.conftest import redis_url

    with bootstrap({**settings, "NOTALEDGER_REDIS_URL": redis_url(),
                    "NOTALEDGER_IDEMPOTENCY_TTL": "86400.0"}) as services:
        records = services.idempotency
        assert records.claim("k1", "retry-1", "print").state == NEW
        records.finish("k1", "retry-1", "print", 200, "{}", {})
        assert records.claim("k1", "retry-1", "print").state == DONE
        assert 0 < redis_client.ttl("notaledger:idempotency:k1:retry-1") <= 86400
