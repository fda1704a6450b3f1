"""A letter settles what it says it settles: fulfils, partly fulfils, or only mentions."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from tests.integration.test_seed_story import record_seed_story


@pytest.mark.parametrize("relation,status", [("fulfils", "fulfilled"),
                                             ("partly_fulfils", "partially_fulfilled"),
                                             ("mentions", "open")])
def test_sending_the_letter_does_what_the_link_says(ledger, monkeypatch, relation, status):
    ids = record_seed_story(ledger, relations=[relation] * 5)
    commitments = [ledger.commitment(c) for c in ids["commitments"]]
    assert {c["status"] for c in commitments} == {status}
    note = ledger.note(ids["note"])
    assert set(note["commitment_relations"].values()) == {relation}
    assert {c["note_relations"][str(ids["note"])] for c in commitments} == {relation}


def test_a_partly_fulfilled_commitment_names_the_letter(ledger):
    ids = record_seed_story(ledger, relations=["partly_fulfils"] * 5)
    settlement = ledger.commitment(ids["commitments"][0])["settlements"][-1]
    assert settlement["reference"] == "2026-0000261701" and settlement["chamber"] == "TK"


def test_an_unknown_relation_is_refused(ledger):
    with pytest.raises(InvalidInput, match="relation"):
        record_seed_story(ledger, relations=["settles"] * 5)
