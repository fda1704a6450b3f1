"""Erasing a person's name leaves every chain, checkpoint and proof valid."""

from __future__ import annotations

import json

from api import offline_verify
from api.bootstrap import build_persons
from domain.trail import trail_rows


def test_erasing_a_person_leaves_chains_checkpoints_and_proofs_valid(durable_audited, tmp_path,
                                                                      capsys):
    audited = durable_audited
    persons = build_persons({**audited.settings,
                             "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite")})
    persons.register("p-drafter-1", "Anna de Vries", "civil_servant")
    first = audited.audit.checkpoint()
    before = audited.audit.bundle(audited.ids["note"])

    assert persons.erase("p-drafter-1")
    audited.audit.checkpoint()

    report = audited.audit.verify(audited.signer.verifier())
    assert report.ok and report.checkpoints == 2, report.breaks
    after = audited.audit.bundle(audited.ids["note"])
    assert after["events"] == before["events"]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(after))
    assert offline_verify.main([str(path), "--key", after["signer"]["ed25519"]]) == 0
    assert audited.audit.consistency(first.number, 2)["path"] is not None
    trail = trail_rows(audited.ledger.history(audited.ids["note"]), persons)
    assert trail[0]["person"] == "[erased]" and trail[0]["person_id"] == "p-drafter-1"
    assert "Anna" not in capsys.readouterr().out + json.dumps(trail)
    if hasattr(persons, "close"):
        persons.close()
