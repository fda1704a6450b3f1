"""``notaledger projections status|rebuild|check`` as an operator uses them."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from api.cli.main import main as cli_main
from domain.actor import Actor
from projections.log import in_part
from tests.conftest import make_ledger

DRAFTER = Actor("VRO", "drafter", person_id="p-1")


@pytest.fixture
def environment(tmp_path, monkeypatch):
    settings = {"NOTALEDGER_STORE": "sqlite",
                "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
                "NOTALEDGER_VIEWS": "sqlite", "NOTALEDGER_VIEWS_PATH": str(tmp_path / "v.sqlite")}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NOTALEDGER_REDIS_URL", raising=False)
    ledger = make_ledger(settings)
    for n in range(3):
        ledger.draft_note(DRAFTER, reference=f"2026-CLI-{n}", title=f"Nota {n}", kind="decision",
                          date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                          ministry="VRO", actively_public=False)
    ledger.close()
    return tmp_path


def test_status_shows_views_never_built_then_up_to_date_after_a_rebuild(environment, capsys):
    assert projections(["status"]) == 0
    before = capsys.readouterr().out
    assert projections(["rebuild"]) == 0
    progress = capsys.readouterr().err
    assert projections(["status", "--json"]) == 0

    assert "empty: no views stored" in before and "3" in before
    assert "3/3 events" in progress and "events/s" in progress and "ETA" in progress
    assert '"state": "up to date"' in capsys.readouterr().out


def test_status_max_lag_is_a_healthcheck_that_fails_when_views_fall_behind(environment, capsys):
    assert projections(["status", "--max-lag", "100"]) == 1  # never built: not healthy
    assert "notes is empty" in capsys.readouterr().err
    assert projections(["rebuild"]) == 0
    assert projections(["status", "--max-lag", "0"]) == 0
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(environment / "events.sqlite")})
    for n in range(3):
        ledger.revise_title(ledger.note_id(f"2026-CLI-{n}"), DRAFTER, f"Nota {n}b")
    ledger.close()
    capsys.readouterr()

    assert projections(["status", "--max-lag", "3"]) == 0
    assert projections(["status", "--max-lag", "2"]) == 1
    assert "notes is behind by 3 (more than --max-lag 2)" in capsys.readouterr().err


def test_check_lists_each_difference_and_exits_non_zero(environment, capsys):
    projections(["rebuild"])
    assert projections(["check", "notes"]) == 0
    with sqlite3.connect(environment / "v.sqlite") as db:
        space = db.execute("SELECT space FROM views_live WHERE projection = 'notes'").fetchone()
        db.execute(f"UPDATE notes_{space[0]}_rows SET doc = json_set(doc, '$.title', 'Vals') "
                   "WHERE tbl = 'notes' AND json_extract(doc, '$.reference') = '2026-CLI-1'")
    capsys.readouterr()

    assert projections(["check", "notes"]) == 1
    out = capsys.readouterr().out
    assert "notes: DIFFERS at position 3" in out and "differs in title" in out
    assert projections(["rebuild", "notes"]) == 0 and projections(["check"]) == 0


def test_an_unknown_projection_or_store_is_a_plain_refusal(environment, capsys, monkeypatch):
    assert projections(["check", "nope"]) == 2
    assert "no projection 'nope'" in capsys.readouterr().err
    monkeypatch.setenv("NOTALEDGER_VIEWS", "mongo")
    assert projections(["status"]) == 2
    assert "NOTALEDGER_VIEWS='mongo'" in capsys.readouterr().err


def test_an_unreachable_redis_is_exit_status_three_with_the_reason(environment, capsys,
                                                                    monkeypatch):
    monkeypatch.setenv("NOTALEDGER_VIEWS", "redis")
    monkeypatch.setenv("NOTALEDGER_REDIS_URL", "redis://127.0.0.1:1/0")

    assert projections(["status"]) == 3
    assert "view store is unavailable" in capsys.readouterr().err


def test_rebuild_jobs_share_the_aggregates_each_to_exactly_one_process():
    ids = [uuid.uuid4() for _ in range(1000)] + [f"aggregate-{n}" for n in range(300)]

    for count in (1, 2, 3):
        shares = [[a for a in ids if in_part(a, index, count)] for index in range(count)]
        assert sum(len(share) for share in shares) == len(ids)
        assert {str(a) for share in shares for a in share} == {str(a) for a in ids}
        assert min(len(share) for share in shares) > len(ids) / count * 0.8


def test_a_rebuild_shared_between_processes_gives_the_same_views(environment, capsys):
    assert projections(["rebuild", "--jobs", "2"]) == 0
    assert projections(["check"]) == 0
    assert projections(["status", "--json"]) == 0

    assert capsys.readouterr().out.count('"position": 3') == 4


def projections(argv: list[str]) -> int:
    return cli_main(["projections", *argv])
