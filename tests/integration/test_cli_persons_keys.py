"""``notaledger persons`` and ``keys create --person``: tombstones and bound keys."""

from __future__ import annotations

import pytest

from api.cli.main import main


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NOTALEDGER_STORE", "sqlite")
    monkeypatch.setenv("NOTALEDGER_SQLITE_PATH", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("NOTALEDGER_PERSONS_PATH", str(tmp_path / "persons.sqlite"))
    monkeypatch.setenv("NOTALEDGER_KEYS_PATH", str(tmp_path / "keys.sqlite"))
    return tmp_path


def test_an_erased_id_cannot_be_given_a_name_again(workdir, capsys):
    """Issue 12, repro 6: `persons add` on an erased id put a name back on past events."""
    assert main(["persons", "add", "p-1", "A. Ambtenaar", "--org", "VRO",
                 "--role", "drafter"]) == 0
    assert main(["persons", "erase", "p-1"]) == 0
    assert main(["persons", "add", "p-1", "A. Ambtenaar", "--org", "VRO"]) == 2
    assert "p-1 was erased; an erased id never carries a name again" in capsys.readouterr().err


def test_a_key_is_bound_only_to_a_person_of_its_organisation_holding_its_role(workdir, capsys):
    main(["persons", "add", "p-min", "M. Minister", "--kind", "minister", "--org", "VRO",
          "--role", "decider"])
    assert main(["keys", "create", "--org", "VRO", "--role", "decider", "--person",
                 "p-min"]) == 0
    assert "bound to p-min" in capsys.readouterr().out
    assert main(["keys", "create", "--org", "OCW", "--role", "decider", "--person",
                 "p-min"]) == 2
    assert "belongs to VRO" in capsys.readouterr().err
    assert main(["keys", "create", "--org", "VRO", "--role", "drafter", "--person",
                 "p-min"]) == 2
    assert main(["keys", "create", "--org", "VRO", "--role", "drafter", "--person",
                 "p-nobody"]) == 2
    assert "not registered" in capsys.readouterr().err


def test_a_civil_servant_decides_only_under_a_recorded_mandate(workdir, capsys):
    assert main(["persons", "add", "p-dg", "D. G.", "--org", "VRO", "--role", "decider"]) == 2
    assert "mandate" in capsys.readouterr().err
    assert main(["persons", "add", "p-dg", "D. G.", "--org", "VRO", "--role", "decider",
                 "--mandate", "mandaatbesluit VRO 2026"]) == 0


def test_operator_keys_are_made_on_the_command_line(workdir, capsys):
    assert main(["keys", "create", "--org", "BZK", "--role", "operator"]) == 0
    assert "as operator" in capsys.readouterr().out
