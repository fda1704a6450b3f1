"""``notaledger audit``: the auditor's commands end to end on SQLite."""

from __future__ import annotations

import csv
import io
import json

import pytest

from api import offline_verify
from api.cli import audit as audit_commands
from api.cli import ledger as ledger_commands
from api.cli import main as cli
from tests.conftest import make_ledger
from tests.integration.audit.rows import Rows
from tests.integration.test_seed_story import record_seed_story

REFERENCE = "2026-0000261701"


@pytest.fixture
def notaledger(tmp_path, monkeypatch, capsys):
    """Run ``notaledger …`` with the audit commands on a recorded SQLite ledger."""
    settings = {"NOTALEDGER_STORE": "sqlite",
                "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}
    environment = {**settings, "NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "audit.pem"),
                   "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite")}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cli, "MODULES", (ledger_commands, audit_commands))
    ledger = make_ledger(settings)
    record_seed_story(ledger)
    ledger.close()

    def run(*argv: str) -> tuple[int, str, str]:
        status = cli.main(list(argv))
        out = capsys.readouterr()
        return status, out.out, out.err

    run.settings, run.tmp = settings, tmp_path
    return run


def test_keygen_checkpoint_verify_and_export_work_together(notaledger):
    status, out, _ = notaledger("audit", "keygen")
    assert status == 0 and "key id:" in out
    assert notaledger("audit", "keygen")[0] == 2  # never overwrites a key silently
    status, out, _ = notaledger("audit", "checkpoint")
    assert status == 0 and out.startswith("checkpoint 1: 63 events")

    status, out, err = notaledger("audit", "verify", "--json")
    report = json.loads(out)
    assert status == 0 and report["ok"] and report["checkpoints_verified"] == 1
    assert report["signatures"].startswith("key ") and "verified 63 events" in err

    bundle = notaledger.tmp / "bundle.json"
    status, out, _ = notaledger("audit", "export", "--note", REFERENCE, "-o", str(bundle))
    assert status == 0 and "version 40 proven" in out
    public = str(notaledger.tmp / "audit.pem.pub")
    assert offline_verify.main([str(bundle), "--key", public]) == 0


def test_verify_exits_1_and_names_each_break(notaledger):
    notaledger("audit", "keygen")
    notaledger("audit", "checkpoint")
    rows = Rows(notaledger.settings)
    ledger = make_ledger(notaledger.settings)
    note = str(ledger.note_id(REFERENCE))
    ledger.close()
    rows.delete(note, 7)
    rows.close()

    status, out, _ = notaledger("audit", "verify")
    assert status == 1
    assert f"BROKEN {note} at version 8: missing: version 7 is absent" in out
    status, out, _ = notaledger("audit", "verify", "--note", REFERENCE, "--json")
    assert status == 1
    assert [(b["version"], b["kind"]) for b in json.loads(out)["breaks"]] == [(8, "missing")]


def test_checkpoints_are_listed_exported_and_proven_consistent(notaledger):
    notaledger("audit", "keygen")
    notaledger("audit", "checkpoint")
    notaledger("audit", "checkpoint")
    status, out, _ = notaledger("audit", "checkpoints", "--json")
    assert status == 0 and [c["number"] for c in json.loads(out)] == [1, 2]
    published = notaledger.tmp / "published.json"
    assert notaledger("audit", "checkpoints", "--export", str(published))[0] == 0
    assert json.loads(published.read_text())["signer"]["key_id"]
    status, out, _ = notaledger("audit", "consistency", "1", "2")
    assert status == 0 and json.loads(out)["path"] == []
    assert notaledger("audit", "consistency", "1", "9")[0] == 2


def test_replay_shows_a_note_as_of_a_version_or_a_moment(notaledger):
    status, out, _ = notaledger("audit", "replay", REFERENCE, "--version", "3")
    state = json.loads(out)
    assert status == 0 and state["version"] == 3 and len(state["advised"]) == 1
    status, out, _ = notaledger("audit", "replay", REFERENCE, "--as-of", state["modified_on"])
    assert json.loads(out) == state
    status, _, err = notaledger("audit", "replay", REFERENCE, "--as-of", "gisteren")
    assert status == 2 and "not an ISO 8601 time" in err
    status, _, err = notaledger("audit", "replay", REFERENCE, "--as-of", "2000-01-01")
    assert status == 2 and "existed as of" in err


def test_replay_shows_a_note_as_things_stood_in_the_api_s_shape(notaledger):
    status, out, _ = notaledger("audit", "replay", REFERENCE, "--effective-at", "2099-01-01")
    state = json.loads(out)
    assert status == 0 and state["replayed"] is True
    assert all(set(person) == {"id", "name"} for person in state["drafted_by"])
    status, out, _ = notaledger("audit", "replay", REFERENCE, "--version",
                                str(state["version"]))
    assert json.loads(out) == state
    status, _, err = notaledger("audit", "replay", REFERENCE, "--effective-at", "2000-01-01")
    assert status == 2 and "existed effective at" in err
    status, _, err = notaledger("audit", "replay", REFERENCE)
    assert status == 2 and "--effective-at" in err


def test_the_trail_resolves_names_for_auditors_and_redacts_them_for_the_public(notaledger):
    notaledger("persons", "add", "p-drafter-1", "Anna de Vries")
    notaledger("persons", "add", "p-minister-vro", "Mona Keijzer", "--kind", "minister")

    status, out, _ = notaledger("audit", "trail", REFERENCE, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 40
    assert (rows[0]["person"], rows[0]["person_id"]) == ("Anna de Vries", "p-drafter-1")
    decided = next(r for r in rows if r["event"] == "Decided")
    assert decided["person"] == "Mona Keijzer"

    status, out, _ = notaledger("audit", "trail", REFERENCE, "--format", "jsonl", "--public")
    public = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(public) == 40
    assert "Anna" not in out and "p-drafter-1" not in out and "key_id" not in public[0]
    assert public[0]["person"] == "■■■ (5.1.2e Woo)"
    assert next(r for r in public if r["event"] == "Decided")["person"] == "Mona Keijzer"


def test_a_checkpoint_without_a_key_is_refused_plainly(notaledger):
    status, _, err = notaledger("audit", "checkpoint")
    assert status == 2 and "NOTALEDGER_AUDIT_KEY_FILE" in err and "does not exist" in err


def test_checkpoints_on_an_interval_skip_an_unchanged_log(notaledger, monkeypatch):
    notaledger("audit", "keygen")
    naps = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(audit_commands.time, "sleep", nap)
    status, out, _ = notaledger("audit", "checkpoint", "--every", "60")
    assert status == 130 and naps == [60, 60]
    assert out.count("checkpoint ") == 1  # the second round found nothing new to sign


def test_verify_fails_on_events_without_a_checkpoint_unless_allowed(notaledger):
    notaledger("audit", "keygen")
    status, out, _ = notaledger("audit", "verify")
    assert status == 1 and "unsigned" in out and "no signed checkpoint" in out
    status, out, _ = notaledger("audit", "verify", "--allow-unsigned")
    assert status == 0 and "warning: the store holds 63 event(s)" in out


def test_the_signer_refuses_and_exits_1_when_its_checkpoints_are_deleted(notaledger):
    notaledger("audit", "keygen")
    assert notaledger("audit", "checkpoint")[0] == 0
    rows = Rows(notaledger.settings)
    rows.sql(f"DELETE FROM {rows.audit('checkpoints')}")
    rows.close()
    status, _, err = notaledger("audit", "checkpoint")
    assert status == 1 and "REFUSED" in err and "checkpoint 1" in err
    status, out, _ = notaledger("audit", "verify")
    assert status == 1 and "the signer signed 1 checkpoint(s), the store holds 0" in out


def test_export_refuses_a_store_that_fails_verification_unless_forced(notaledger, capsys):
    notaledger("audit", "keygen")
    notaledger("audit", "checkpoint")
    rows = Rows(notaledger.settings)
    ledger = make_ledger(notaledger.settings)
    note = str(ledger.note_id(REFERENCE))
    ledger.close()
    rows.rewrite(note, 3, lambda content: content.update(text="iets anders"))
    rows.close()
    bundle = notaledger.tmp / "bundle.json"
    status, _, err = notaledger("audit", "export", "--note", REFERENCE, "-o", str(bundle))
    assert status == 1 and "not exporting" in err and not bundle.exists()
    status, _, _ = notaledger("audit", "export", "--note", REFERENCE, "-o", str(bundle),
                              "--force")
    assert status == 0 and json.loads(bundle.read_text())["forced"].startswith("1 break(s)")
    offline_verify.main([str(bundle)])
    assert "exported with --force" in capsys.readouterr().out


def test_verify_trusted_fails_when_the_store_forked_from_a_saved_checkpoint(notaledger):
    notaledger("audit", "keygen")
    notaledger("audit", "checkpoint")
    trusted = notaledger.tmp / "trusted.checkpoint"
    _, out, _ = notaledger("audit", "checkpoints", "--json")
    trusted.write_text(json.loads(out)[-1]["note"])
    assert notaledger("audit", "verify", "--trusted", str(trusted))[0] == 0
    rows = Rows(notaledger.settings)
    ledger = make_ledger(notaledger.settings)
    note = str(ledger.note_id(REFERENCE))
    ledger.close()
    rows.rewrite(note, 3, lambda content: content.update(text="iets anders"))
    rows.close()
    status, out, _ = notaledger("audit", "verify", "--trusted", str(trusted))
    assert status == 1 and "trusted checkpoint" in out and "fork" in out
