"""The tamper suite: random changes to the stored rows, each one caught by audit verify."""

from __future__ import annotations

import random

import pytest

from domain.audit.merkle import root_of
from domain.audit.tree import event_leaf
from tests.integration.audit.rows import Rows

KINDS = {"modified", "missing", "inserted", "reordered", "rewritten", "forged"}
TAMPERINGS = 100


def flip_a_byte(rows: Rows, rng: random.Random) -> set[str]:
    _, aggregate, version, _, state = rng.choice(rows.all())
    at = rng.randrange(len(state))
    changed = bytes([(state[at] + rng.randrange(1, 256)) % 256])
    rows.set_state(aggregate, version, state[:at] + changed + state[at + 1:])
    return {"modified"}


def delete(rows: Rows, rng: random.Random) -> set[str]:
    _, aggregate, version, _, _ = rng.choice(rows.all())
    rows.delete(aggregate, version)
    return {"missing"}


def duplicate(rows: Rows, rng: random.Random) -> set[str]:
    """Replay a stored event as the next version of its aggregate."""
    every = rows.all()
    _, aggregate, version, topic, state = rng.choice(every)
    newest = max(v for _, a, v, _, _ in every if a == aggregate)
    rows.insert(aggregate, newest + 1, topic, state)
    return {"modified", "reordered", "inserted"}


def reorder(rows: Rows, rng: random.Random) -> set[str]:
    """Swap two events of one chain, or two places in the log."""
    every = rows.all()
    if rng.random() < 0.5:
        chains: dict[str, list] = {}
        for row in every:
            chains.setdefault(row[1], []).append(row)
        chain = rng.choice([c for c in chains.values() if len(c) > 1])
        first = rng.randrange(len(chain) - 1)
        (_, aggregate, version, one_topic, one), (_, _, _, two_topic, two) = chain[first:first + 2]
        rows.set_event(aggregate, version, two_topic, two)
        rows.set_event(aggregate, version + 1, one_topic, one)
    else:
        first, second = rng.sample(every, 2)
        while first[1] == second[1]:
            first, second = rng.sample(every, 2)
        rows.swap_positions(first[0], second[0])
    return {"reordered", "missing", "inserted"}


def rewrite(rows: Rows, rng: random.Random) -> set[str]:
    """Rewrite a chain consistently from some version on, recomputing every hash."""
    every = rows.all()
    _, aggregate, version, _, _ = rng.choice(every)

    def change(content: dict) -> None:
        content["actor"] = {**content["actor"], "key_id": "k-rewritten"}

    rows.rewrite(aggregate, version, change)
    return {"rewritten"}


TAMPERS = (flip_a_byte, delete, duplicate, reorder, rewrite)


@pytest.fixture
def sealed(durable_audited):
    """The seed story under a signed checkpoint, with a pristine copy of its rows."""
    durable_audited.audit.checkpoint()
    rows = Rows(durable_audited.settings)
    rows.snapshot()
    yield durable_audited, rows
    rows.close()


def test_an_untouched_log_verifies_against_its_signed_checkpoint(sealed):
    audited, _ = sealed
    report = audited.audit.verify(audited.signer.verifier())
    assert report.ok, report.breaks
    assert (report.checkpoints, report.tree_size) == (1, report.events)


def test_every_one_of_a_hundred_random_tamperings_is_detected(sealed):
    audited, rows = sealed
    rng = random.Random(20260605)
    verifier = audited.signer.verifier()
    for attempt in range(TAMPERINGS):
        tamper = TAMPERS[attempt % len(TAMPERS)]
        expected = tamper(rows, rng)
        report = audited.audit.verify(verifier)
        kinds = {b.kind for b in report.breaks}
        assert not report.ok, f"tampering {attempt} ({tamper.__name__}) went unnoticed"
        assert kinds <= KINDS and kinds & expected, (tamper.__name__, report.breaks)
        assert all(b.aggregate_id and b.version >= 0 and b.detail for b in report.breaks)
        rows.restore()
    assert audited.audit.verify(verifier).ok


def test_a_consistent_rewrite_of_a_whole_note_is_caught_only_by_the_checkpoint(sealed):
    audited, rows = sealed
    note = str(audited.ids["note"])
    rows.rewrite(note, 1, lambda content: content.update(title="Een andere nota"))

    assert audited.ledger.verify().ok  # every chain still verifies on its own
    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.version, b.kind) for b in report.breaks] == [
        (note, 1, "rewritten")]
    assert "checkpoint 1" in report.breaks[0].detail


def test_every_consistently_rewritten_chain_is_named(sealed):
    audited, rows = sealed
    held, taken = str(audited.ids["held"]), str(audited.ids["taken"])
    rows.rewrite(held, 2, lambda content: content["actor"].update(organisation="AZ"))
    rows.rewrite(taken, 1, lambda content: content.update(text="verzoekt iets anders"))

    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.version, b.kind) for b in report.breaks] == [
        (held, 2, "rewritten"), (taken, 1, "rewritten")]


def test_dropping_the_newest_event_of_a_chain_is_caught_by_the_checkpoint(sealed):
    audited, rows = sealed
    note = str(audited.ids["note"])
    newest = max(v for _, a, v, _, _ in rows.all() if a == note)
    rows.delete(note, newest)

    assert audited.ledger.verify().ok
    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.version, b.kind) for b in report.breaks] == [
        (note, newest, "missing")]


def test_swapping_two_neighbours_of_different_chains_is_caught_by_the_checkpoint(sealed):
    audited, rows = sealed
    every = rows.all()
    first, second = next((a, b) for a, b in zip(every, every[1:], strict=False) if a[1] != b[1])
    rows.swap_positions(first[0], second[0])

    assert audited.ledger.verify().ok  # each chain still reads in order
    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.version, b.kind) for b in report.breaks] == [
        (second[1], second[2], "reordered")]


def test_rewriting_the_stored_tree_too_still_fails_against_the_signature(sealed):
    audited, rows = sealed
    note = str(audited.ids["note"])
    rows.rewrite(note, 2, lambda content: content.update(text="Gewijzigd."))
    rewritten = [event_leaf(state) for _, _, _, _, state in rows.all()]
    for index, leaf in enumerate(rewritten):
        rows.db.execute(f"UPDATE {rows.audit('nodes')} SET hash = {rows.mark} "
                        f"WHERE level = 0 AND idx = {rows.mark}", (leaf, index))

    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.kind) for b in report.breaks] == [("log", "rewritten")]
    assert "the stored tree was altered too" in report.breaks[0].detail


def test_a_checkpoint_with_a_forged_root_fails_its_signature(sealed):
    audited, rows = sealed
    note = str(audited.ids["note"])
    rows.rewrite(note, 1, lambda content: content.update(title="Vervalst"))
    forged = root_of(event_leaf(state) for _, _, _, _, state in rows.all()).hex()
    rows.db.execute(f"UPDATE {rows.audit('checkpoints')} SET root = {rows.mark}", (forged,))

    report = audited.audit.verify(audited.signer.verifier())
    assert [(b.aggregate_id, b.kind) for b in report.breaks] == [("checkpoint 1", "forged")]
    assert "does not carry a valid signature" in report.breaks[0].detail


def test_without_a_public_key_the_report_says_signatures_went_unchecked(sealed):
    audited, _ = sealed
    report = audited.audit.verify(None)
    assert report.ok and report.signatures == "not checked"
    assert any("signatures were not checked" in w for w in report.warnings)


def test_verifying_one_note_catches_its_consistent_rewrite(sealed):
    audited, rows = sealed
    note = audited.ids["note"]
    rows.rewrite(str(note), 3, lambda content: content.update(text="Niet akkoord."))

    report = audited.audit.verify_aggregate(note, audited.signer.verifier())
    assert [(b.version, b.kind) for b in report.breaks] == [(3, "rewritten")]
    assert "version 40 is not the event signed in checkpoint 1" in report.breaks[0].detail
    assert audited.audit.verify_aggregate(audited.ids["held"], audited.signer.verifier()).ok
