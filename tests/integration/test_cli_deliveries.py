"""``notaledger subscriptions …`` and ``notaledger deliveries …``: plain messages, and a
clear refusal with a non-zero exit for bad input."""

from __future__ import annotations

import json

import pytest

from api.cli.main import main
from tests.conftest import PG


@pytest.fixture(params=["sqlite", "postgres"])
def scratch(tmp_path, monkeypatch, request):
    """One host's SQLite files, or PostgreSQL with the outbox beside the event store."""
    for name, file in (("SQLITE_PATH", "events.sqlite"), ("PERSONS_PATH", "persons.sqlite"),
                       ("OUTBOX_PATH", "outbox.sqlite")):
        monkeypatch.setenv(f"NOTALEDGER_{name}", str(tmp_path / file))
    monkeypatch.setenv("NOTALEDGER_STORE", request.param)
    if request.param == "postgres":
        for name, value in {**PG, "NOTALEDGER_PG_SCHEMA": request.getfixturevalue("pg_schema"),
                            "NOTALEDGER_WEBHOOK_PRIVATE_ADDRESSES": "allow"}.items():
            monkeypatch.setenv(name, value)
    return tmp_path


def test_a_subscription_is_made_listed_rotated_and_stopped(scratch, capsys):
    assert main(["subscriptions", "create", "--org", "SZW", "--webhook",
                 "http://127.0.0.1:9/szw", "--topic", "note.decided"]) == 0
    made = capsys.readouterr().out.splitlines()
    subscription = made[0].split()[1]
    assert made[1].startswith("whsec_") and "only time" in made[2]
    assert main(["subscriptions", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["subscription_id"] == subscription and listed["topics"] == ["note.decided"]
    assert main(["subscriptions", "rotate-secret", subscription]) == 0
    rotated = capsys.readouterr().out.splitlines()
    assert rotated[0].startswith("whsec_") and rotated[0] != made[1]
    assert main(["subscriptions", "stop", subscription]) == 0
    assert main(["subscriptions", "list"]) == 0
    assert "0 subscription(s)" in capsys.readouterr().out
    assert main(["deliveries", "replay", subscription]) == 2
    assert f"no subscription {subscription}" in capsys.readouterr().err


def test_bad_input_is_a_plain_message_and_a_non_zero_exit(scratch, capsys):
    assert main(["subscriptions", "create", "--org", "SZW", "--webhook", "ftp://x/y"]) == 2
    assert "give an absolute https:// address" in capsys.readouterr().err
    assert main(["deliveries", "show", "msg_1_sub_nothing"]) == 2
    assert "no delivery msg_1_sub_nothing" in capsys.readouterr().err
    assert main(["deliveries", "list", "--limit", "0"]) == 2
    assert main(["persons", "email", "p-nobody", "a@b.nl"]) == 2
    assert "not registered" in capsys.readouterr().err
    assert main(["deliveries", "status", "--max-lag", "0"]) == 0
    assert "outbox at nothing yet of 0" in capsys.readouterr().out


def test_an_unknown_outbox_setting_is_a_plain_message(scratch, capsys, monkeypatch):
    monkeypatch.setenv("NOTALEDGER_OUTBOX", "redis")
    assert main(["subscriptions", "list"]) == 2
    assert "NOTALEDGER_OUTBOX='redis': expected postgres, sqlite or sqlite:PATH" in \
        capsys.readouterr().err
