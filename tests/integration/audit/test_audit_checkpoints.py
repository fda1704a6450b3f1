"""The global tree and its signed checkpoints, on every event store."""

from __future__ import annotations

import json

import pytest

from domain.audit.log import LogReader
from domain.audit.merkle import leaf_hash, root_of, verify_consistency, verify_inclusion
from domain.audit.service import Audit, NoSigningKey, NotCheckpointed
from domain.audit.store import Leaf, TreeMoved
from domain.audit.tree import prove_inclusion
from tests.integration.test_seed_story import NPLV


class CountingReader(LogReader):
    """A log reader that counts the records it hands out."""

    def __init__(self, inner: LogReader) -> None:
        self.inner, self.records = inner, 0

    def read(self, after, limit):
        records = self.inner.read(after, limit)
        self.records += len(records)
        return records

    def last_id(self) -> int:
        return self.inner.last_id()


def chain_hashes(ledger) -> list[bytes]:
    """Every event's chain hash, in notification order."""
    return [bytes.fromhex(json.loads(n.state)["hash"])
            for n in ledger.recorder.select_notifications(None, 10_000)]


def test_a_checkpoint_signs_the_root_over_every_chain_hash_in_log_order(audited):
    checkpoint = audited.audit.checkpoint()
    hashes = chain_hashes(audited.ledger)
    assert checkpoint.size == len(hashes) == 63
    assert checkpoint.root == root_of(leaf_hash(h) for h in hashes).hex()
    assert checkpoint.signed_by(audited.signer.verifier())
    assert audited.audit.checkpoints() == [checkpoint]


def test_a_new_checkpoint_reads_only_the_events_logged_since_the_last(audited):
    counting = CountingReader(audited.reader)
    audit = Audit(audited.ledger.recorder, audited.store, audited.signer, counting)
    audit.checkpoint()
    assert counting.records == 63
    for number in range(3):
        audited.ledger.register_commitment(
            NPLV, text=f"toezegging {number}", minister="de minister van VRO", ministry="VRO",
            recipients=[], to_several_members=True, deadline="na de zomer",
            debate_kind="commissiedebat", debate_date="2026-04-08", debate_title="Wonen")
    counting.records = 0
    second = audit.checkpoint()
    assert (counting.records, second.size) == (3, 66)
    assert second.root == root_of(leaf_hash(h) for h in chain_hashes(audited.ledger)).hex()


def test_checkpoints_are_consistent_with_each_other(audited):
    first = audited.audit.checkpoint()
    for number in range(5):
        audited.ledger.submit_motion(
            NPLV, text=f"verzoekt de regering {number}", submitters=[{"name": "X", "party": "Y"}],
            debate_kind="tweeminutendebat", debate_date="2026-06-03", debate_title="Wonen",
            ministry="VRO")
    second = audited.audit.checkpoint()
    proof = audited.audit.consistency(first.number, second.number)
    path = [bytes.fromhex(step) for step in proof["path"]]
    old, new = bytes.fromhex(first.root), bytes.fromhex(second.root)
    assert verify_consistency(first.size, second.size, old, new, path)
    assert not verify_consistency(first.size, second.size, new, new, path)


def test_every_event_has_an_inclusion_proof_in_the_checkpoint(audited):
    checkpoint = audited.audit.checkpoint()
    root = bytes.fromhex(checkpoint.root)
    for index, chain_hash in enumerate(chain_hashes(audited.ledger)):
        path = prove_inclusion(audited.store, index, checkpoint.size)
        assert verify_inclusion(index, checkpoint.size, leaf_hash(chain_hash), path, root)


def test_an_unchanged_log_needs_no_new_checkpoint_on_the_interval(audited):
    audited.audit.checkpoint()
    assert audited.audit.checkpoint(only_if_grown=True) is None
    assert len(audited.audit.checkpoints()) == 1


def test_a_stale_tree_extension_is_refused(audited):
    audited.audit.sync()
    with pytest.raises(TreeMoved):
        audited.store.extend(0, [Leaf(0, 1, "x", 1)], [(0, 0, b"\0" * 32)], 1)


def test_checkpoints_need_a_signing_key(audited):
    with pytest.raises(NoSigningKey, match="NOTALEDGER_AUDIT_KEY_FILE"):
        Audit(audited.ledger.recorder, audited.store).checkpoint()


def test_a_proof_needs_a_checkpoint_that_covers_the_note(audited):
    with pytest.raises(NotCheckpointed, match="no checkpoint has been made yet"):
        audited.audit.bundle(audited.ids["note"])
