"""The laundering attack, as a database administrator gone bad would try it, on SQLite and
PostgreSQL: rewrite the seed note consistently, then make the store look clean again by
(a) deleting the checkpoints, (b) also resetting the tree, (c) also replacing the signing key,
(d) rolling the whole database back to a backup and appending other events. Each is caught
three ways: the signer refuses, both witnesses raise an alarm and cosign nothing, and
``audit verify --trusted`` with a checkpoint saved before the attack fails."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from adapters.signer_state import FileSignerMemory
from adapters.signing import Ed25519Signer
from adapters.witness_state import FileWitnessState
from api import offline_verify
from domain.actor import Actor
from domain.audit.note import COSIGNATURE, vkey
from domain.audit.service import Audit
from domain.audit.signer import SignerRefused
from domain.audit.witness import Witness
from domain.audit.witnessing import WitnessClient, Witnesses, WitnessKey
from tests.conftest import make_ledger
from tests.integration.audit.conftest import _close, audited_ledger
from tests.integration.audit.rows import Rows

ORIGIN = "ledger.example.nl/notaledger"
AUDIT_TABLES = ("tree", "nodes", "leaves", "checkpoints", "cosignatures")


class InProcess(WitnessClient):
    """A witness called directly, as its HTTP endpoint would call it."""

    def __init__(self, witness: Witness) -> None:
        self.url, self.witness = witness.name, witness

    def add_checkpoint(self, body: str) -> tuple[int, str]:
        return self.witness.add_checkpoint(body)


@dataclass
class Scene:
    settings: dict
    audited: object
    memory: FileSignerMemory
    witnesses: list[Witness]
    states: list[FileWitnessState]
    alarms: list
    tmp: Path

    def audit(self, signer=None, memory=True) -> Audit:
        """The signer as the checkpoint service builds it (or as an attacker would)."""
        recorder = self.audited.ledger.recorder  # its stored rows, read afresh each time
        return Audit(recorder, self.audited.store, signer or self.audited.signer,
                     self.audited.reader, self.memory if memory else None, ORIGIN,
                     [WitnessKey(w.name, w._signer.verifier()) for w in self.witnesses])

    def push(self, audit: Audit, checkpoint) -> int:
        clients = [InProcess(w) for w in self.witnesses]
        keys = [WitnessKey(w.name, w._signer.verifier()) for w in self.witnesses]
        return Witnesses(clients, keys).collect(checkpoint, audit.prove,
                                                audit.keep_cosignatures)


@pytest.fixture
def scene(durable_store, tmp_path):
    audited = audited_ledger(durable_store, Ed25519Signer.generate())
    alarms: list = []
    witnesses, states = [], []
    for n in (1, 2):
        key = Ed25519Signer.generate()
        state = FileWitnessState(tmp_path / f"w{n}", key, f"audit.example.nl/w{n}")
        witnesses.append(Witness(f"audit.example.nl/w{n}", key, ORIGIN,
                                 audited.signer.verifier(), state, alert=alarms.append))
        states.append(state)
    made = Scene(durable_store, audited, FileSignerMemory(tmp_path / "signer"), witnesses,
                 states, alarms, tmp_path)
    yield made
    _close(audited)


def sign_and_witness(scene: Scene) -> tuple[Audit, object, Path]:
    """The honest checkpoint, cosigned by both witnesses; saved as a trusted file."""
    audit = scene.audit()
    checkpoint = audit.checkpoint()
    assert scene.push(audit, checkpoint) == 2
    trusted = scene.tmp / "trusted.checkpoint"
    trusted.write_text(audit.signed_note(checkpoint))
    return audit, checkpoint, trusted


def rewrite_seed_note(scene: Scene, rows: Rows) -> None:
    note = str(scene.audited.ids["note"])
    events = [r for r in rows.all() if r[1] == note]
    decided = next(v for _, _, v, t, _ in events if t.endswith("OutcomeRecorded"))
    rows.rewrite(note, decided, lambda content: content.update(outcome="rejected"))


def delete_checkpoints(rows: Rows) -> None:
    for table in ("checkpoints", "cosignatures"):
        rows.sql(f"DELETE FROM {rows.audit(table)}")


def reset_tree(rows: Rows) -> None:
    for table in ("nodes", "leaves"):
        rows.sql(f"DELETE FROM {rows.audit(table)}")
    rows.sql(f"UPDATE {rows.audit('tree')} SET size = 0, last_notification_id = NULL")


def backup(rows: Rows) -> None:
    rows.snapshot()
    for table in AUDIT_TABLES:
        rows.sql(f"CREATE TABLE {rows.audit('backup_' + table)} AS SELECT * FROM "
                 f"{rows.audit(table)}")


def restore(rows: Rows) -> None:
    rows.restore()
    for table in AUDIT_TABLES:
        rows.sql(f"DELETE FROM {rows.audit(table)}")
        rows.sql(f"INSERT INTO {rows.audit(table)} SELECT * FROM "
                 f"{rows.audit('backup_' + table)}")


def append_other_events(scene: Scene) -> None:
    ledger = make_ledger(scene.settings)
    actor = Actor("VRO", "drafter", key_id="k-other")
    ledger.draft_note(actor, reference="2026-0000999999", title="Een andere nota",
                      kind="decision", date="2026-06-06", from_unit="NPLV", to_official="MVRO",
                      ministry="VRO", actively_public=False)
    ledger.close()


def attack(variant: str, scene: Scene, rows: Rows) -> Ed25519Signer:
    """Launder the store; returns the key the attacker signs with."""
    key = scene.audited.signer
    if variant == "d":
        restore(rows)
        append_other_events(scene)
        return key
    rewrite_seed_note(scene, rows)
    delete_checkpoints(rows)
    if variant in ("b", "c"):
        reset_tree(rows)
    if variant == "c":
        key = Ed25519Signer.generate()
    return key


@pytest.mark.parametrize("variant", ["a", "b", "c", "d"])
def test_the_laundering_attack_is_caught_three_ways(scene, variant, capsys):
    rows = Rows(scene.settings)
    if variant == "d":
        backup(rows)
        sign_and_witness(scene)
        append_other_events(scene)
    audit, checkpoint, trusted = sign_and_witness(scene)
    before = scene.tmp / "before.json"
    before.write_text(json.dumps(audit.bundle(scene.audited.ids["note"])))
    attacker_key = attack(variant, scene, rows)

    # 1. the signer, with its memory, refuses
    with pytest.raises(SignerRefused):
        scene.audit(signer=attacker_key).checkpoint()

    # 2. a signer without memory signs the laundered store; both witnesses refuse and alarm
    laundered_audit = scene.audit(signer=attacker_key, memory=False)
    laundered = laundered_audit.checkpoint()
    if variant == "a":  # the stored tree still holds the signed leaves: no rewrite is signed
        assert (laundered.size, laundered.root) == (checkpoint.size, checkpoint.root)
    else:
        assert scene.push(laundered_audit, laundered) == 0
        assert {a.kind for a in scene.alarms} <= {"fork", "rollback", "bad signature"}
        assert all(state.alarms >= 1 for state in scene.states)  # each witness alarmed
    assert all(state.latest().checkpoint.root.hex() == checkpoint.root
               for state in scene.states)  # the evidence sits beside the honest checkpoint

    # 3. verify --trusted with the checkpoint saved before the attack fails
    report = laundered_audit.verify(scene.audited.signer.verifier(),
                                    trusted=trusted.read_text())
    laundered_audit.check_trusted(report, trusted.read_text(), scene.audited.signer.verifier())
    assert not report.ok
    assert {"fork", "rolled back"} & {b.kind for b in report.breaks}

    # the bundle exported before still verifies; given the laundered checkpoint, a fork shows
    witness_keys = [vkey(w.name, COSIGNATURE, w._signer.verifier().public_key)
                    for w in scene.witnesses]
    quorum = [f"--witness-key={k}" for k in witness_keys] + ["--quorum", "2"]
    assert offline_verify.main([str(before), *quorum]) == 0
    if variant == "b":  # the same size signed twice with two roots
        newer = scene.tmp / "laundered.checkpoint"
        newer.write_text(laundered_audit.signed_note(laundered))
        assert offline_verify.main([str(before), "--trusted", str(newer)]) == 1
        assert "FORK" in capsys.readouterr().err
    rows.close()


def test_an_honest_extension_is_signed_and_cosigned_again(scene):
    audit, first, trusted = sign_and_witness(scene)
    append_other_events(scene)
    second = scene.audit().checkpoint()
    assert second.size > first.size and scene.push(audit, second) == 2
    assert scene.alarms == []
    report = audit.verify(scene.audited.signer.verifier(), trusted=trusted.read_text())
    audit.check_trusted(report, trusted.read_text(), scene.audited.signer.verifier())
    assert report.ok, report.breaks
