"""The command line: plain messages, exit codes, and nothing recorded on refusal."""

from __future__ import annotations

import pytest

from api.cli.main import main
from tests.conftest import EXAMPLE, shared_file

SEED = ("seeds", "nota-2026-0000261701.md")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NOTALEDGER_STORE", "sqlite")
    monkeypatch.setenv("NOTALEDGER_SQLITE_PATH", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("NOTALEDGER_PERSONS_PATH", str(tmp_path / "persons.sqlite"))
    return tmp_path


@pytest.fixture
def seed():
    return str(shared_file(*SEED))


def test_demo_imports_the_seed_plays_its_life_and_verifies(workdir, seed, capsys):
    assert main(["demo", "--seed", seed]) == 0
    out = capsys.readouterr().out
    assert "note 2026-0000261701: published" in out
    assert "Sent the letter to the Tweede Kamer" in out
    assert "all verify" in out
    assert main(["verify"]) == 0


def test_import_dry_run_prints_the_plan_and_records_nothing(workdir, seed, capsys):
    assert main(["import", seed, "--ministry", "VRO", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "advised decision 2: Akkoord met verzending" in out
    assert "motion (held) by Grinwis (CU)" in out
    assert "dry run: nothing recorded" in out
    main(["verify", "--json"])
    assert '"events": 0' in capsys.readouterr().out


def test_importing_twice_reports_that_nothing_new_was_recorded(workdir, seed, capsys):
    assert main(["import", seed, "--ministry", "VRO"]) == 0
    assert "recorded note 2026-0000261701" in capsys.readouterr().out
    assert main(["import", seed, "--ministry", "VRO"]) == 0
    assert "nothing new recorded" in capsys.readouterr().out


def test_a_file_that_is_not_a_nota_gets_a_plain_message_and_exit_2(workdir, capsys):
    recipe = workdir / "recipe.txt"
    recipe.write_text("Neem vier appels.", encoding="utf-8")
    assert main(["import", str(recipe), "--ministry", "VRO"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("notaledger: ") and "Traceback" not in err


def test_a_missing_file_and_an_unknown_ministry_are_refused(workdir, seed, capsys):
    assert main(["import", str(workdir / "absent.md"), "--ministry", "VRO"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["import", seed, "--ministry", "not a ministry!"]) == 2
    assert "not an organisation code" in capsys.readouterr().err


def test_verify_exits_1_when_a_chain_is_broken(workdir, seed, capsys):
    import sqlite3

    main(["demo", "--seed", seed])
    capsys.readouterr()
    with sqlite3.connect(workdir / "events.sqlite") as db:
        db.execute("UPDATE stored_events SET state = replace(state, 'NPLV', 'NPLX') "
                   "WHERE rowid = 1")
    assert main(["verify"]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_the_demo_without_the_shared_folder_plays_the_example_nota(workdir, capsys, monkeypatch):
    monkeypatch.setattr("api.cli.demo.SEED", workdir / "absent.md")
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "note 2026-0000500123: published" in out
    assert "all verify" in out


def test_the_example_nota_imports_with_its_owner_read_from_the_document(workdir, capsys):
    assert main(["import", str(EXAMPLE), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "motion (held) by Bakkenes (GL-PvdA)" in out
    assert "dry run: nothing recorded" in out
