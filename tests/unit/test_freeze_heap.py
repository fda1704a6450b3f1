"""A serving process leaves its start-up objects out of later collections (gc.freeze);
an app made in a test process, where many apps come and go, does not."""

from __future__ import annotations

import gc
import sys
from types import SimpleNamespace

import pytest

from api.http.app import freeze_start_up


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_outside_a_server_nothing_is_frozen(unfrozen):
    assert freeze_start_up(SimpleNamespace(config={"FREEZE_HEAP": None})) is False
    assert gc.get_freeze_count() == 0


def test_a_serving_process_freezes_what_start_up_made(unfrozen):
    made = [[n] for n in range(1000)]  # objects the collector tracks
    assert freeze_start_up(SimpleNamespace(config={"FREEZE_HEAP": True})) is True
    assert gc.get_freeze_count() >= len(made)
    assert not any(gc.is_tracked(x) and x in gc.get_objects(2) for x in made[:3])


@pytest.fixture
def under_granian():
    kept = sys.argv[:]  # the detection reads this very list (api/web/secret.py)
    sys.argv[:] = ["granian", "--workers", "2", "api.http.app:create_app"]
    yield
    sys.argv[:] = kept


def test_under_a_server_it_freezes_unless_turned_off(unfrozen, under_granian):
    assert freeze_start_up(SimpleNamespace(config={"FREEZE_HEAP": False})) is False
    assert gc.get_freeze_count() == 0
    assert freeze_start_up(SimpleNamespace(config={"FREEZE_HEAP": None})) is True
    assert gc.get_freeze_count() > 0
