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


def _folder(workdir):
    """A folder with the example as Word and PDF, and one text that is no nota."""
    from tests.documents import docx_from_text, pdf_letterhead

    folder = workdir / "notas"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "a.docx").write_bytes(docx_from_text(text))
    (folder / "b.pdf").write_bytes(pdf_letterhead(text.replace("2026-0000500123",
                                                               "2026-0000500124")))
    (folder / "c.txt").write_text("Neem vier appels.", encoding="utf-8")
    return folder


def test_a_folder_is_imported_file_by_file_with_a_closing_table(workdir, capsys):
    folder = _folder(workdir)
    assert main(["import", str(folder)]) == 2  # one file was refused
    out = capsys.readouterr().out
    rows = {line.split("│")[1].strip(): line for line in out.splitlines()
            if line.startswith("│") and "." in line.split("│")[1]}
    assert "imported" in rows["a.docx"] and "2026-0000500123" in rows["a.docx"]
    assert "imported" in rows["b.pdf"] and "VRO" in rows["b.pdf"]
    assert "refused" in rows["c.txt"] and "not a nota" in out
    assert main(["import", str(folder / "a.docx")]) == 0
    assert "nothing new recorded" in capsys.readouterr().out


def test_a_dry_run_as_json_holds_every_parsed_field_and_records_nothing(workdir, capsys):
    import json

    assert main(["import", str(EXAMPLE), "--dry-run", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    (result,) = answer["files"]
    assert (answer["dry_run"], result["status"], result["ministry"]) == (True, "would_record",
                                                                        "VRO")
    nota = result["nota"]
    assert nota["reference"] == "2026-0000500123" and len(nota["advised_decisions"]) == 2
    assert [m["state"] for m in nota["motions"]] == ["taken_over", "held"]
    assert nota["commitments"][2]["relation"] == "mentions"
    assert {"sections", "attachments", "consulted", "co_senders", "warnings"} <= nota.keys()
    main(["verify", "--json"])
    assert '"events": 0' in capsys.readouterr().out


def test_a_dry_run_refuses_what_the_import_refuses(workdir, capsys):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "## Aanleiding\n", "## Aanleiding\n\n" + "Lange tekst. " * 20_000 + "\n\n")
    nota = workdir / "long.md"
    nota.write_text(text, encoding="utf-8")
    assert main(["import", str(nota), "--dry-run"]) == 2
    dry = capsys.readouterr().err
    assert main(["import", str(nota)]) == 2
    assert "200000" in dry.replace(",", "") and capsys.readouterr().err == dry
