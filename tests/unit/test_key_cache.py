"""The per-process key cache: a request costs no key-store round trip, and a revocation
still takes: at once in the process that revoked, within the cache's seconds elsewhere."""

from __future__ import annotations

from adapters.keys import SQLiteKeyStore
from api.http import auth
from api.http.auth import CachedKeys


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_revoked_elsewhere_is_refused_once_its_cached_seconds_are_over(tmp_path,
                                                                            monkeypatch):
    clock = Clock()
    monkeypatch.setattr(auth.time, "monotonic", clock)
    store = SQLiteKeyStore(tmp_path / "keys.sqlite")
    made = store.create("VRO", "drafter", "cached")
    here, elsewhere = CachedKeys(store, 5.0), CachedKeys(SQLiteKeyStore(
        tmp_path / "keys.sqlite"), 5.0)  # two processes' caches over one store
    assert here.authenticate(made.token).key_id == made.key.key_id
    assert elsewhere.authenticate(made.token).key_id == made.key.key_id

    store.revoke(made.key.key_id)
    here.forget()  # what the revoking process does (POST /v1/keys/{id}/revoke)

    assert here.authenticate(made.token) is None
    clock.now += 4.9
    assert elsewhere.authenticate(made.token) is not None  # still within its 5 s
    clock.now += 0.2
    assert elsewhere.authenticate(made.token) is None


def test_an_unknown_or_revoked_key_is_never_cached(tmp_path):
    store = SQLiteKeyStore(tmp_path / "keys.sqlite")
    made = store.create("VRO", "drafter", "never")
    keys = CachedKeys(store, 60.0)
    store.revoke(made.key.key_id)

    assert keys.authenticate(made.token) is None
    assert keys.authenticate("nl_nobody_nothing") is None
    assert keys._cache == {}
