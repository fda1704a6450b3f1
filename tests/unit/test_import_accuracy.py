"""The parser against the hand annotations in tests/data: at least 0.95 on every field."""

from __future__ import annotations

import pytest

from bench.accuracy import Tally, bag, scalar, score
from bench.importer import measure
from tests.conftest import SHARED, shared_file

AIM = 0.95


def below_aim(result) -> list[str]:
    return [f"{name}: precision {tally.precision:.2f}, recall {tally.recall:.2f}"
            for name, tally in result.fields.items()
            if tally.precision < AIM or tally.recall < AIM]


def test_the_example_and_the_layout_variants_score_at_least_the_aim_on_every_field():
    sets, _ = measure(SHARED)
    own = sets["own"]
    assert own.fields["reference"].tp >= 4  # the example and three variants were read
    assert below_aim(own) == [], own.misses


def test_the_seed_and_the_corpus_score_at_least_the_aim_on_every_field():
    shared_file("corpus", "notas")
    sets, skipped = measure(SHARED)
    assert skipped == []
    assert below_aim(sets["corpus"]) == [], sets["corpus"].misses


def test_a_wrong_value_is_a_false_positive_and_a_false_negative():
    assert scalar("MVRO", "NPLV") == Tally(fp=1, fn=1)
    assert scalar("MVRO", None) == Tally(fn=1)
    assert scalar(None, "onbekend") == Tally(fp=1)
    assert scalar("Kamerbrief  X", "kamerbrief x") == Tally(tp=1)
    assert bag(["SZW", "OCW"], ["SZW", "VWS"]) == Tally(tp=1, fp=1, fn=1)


def test_commitments_are_matched_by_their_phrase_and_scored_part_by_part():
    gold = {"commitments": [{"contains": "vaccinatiegraad", "members": ["van Asten (D66)"],
                             "debate": None, "deadline": "voor zomer 2026",
                             "relation": "fulfils"}]}
    found = {"commitments": [{"text": "… de vaccinatiegraad te verhogen …",
                              "members": ["van Asten (D66)"], "debate": None,
                              "deadline": "voor zomer", "relation": "fulfils"},
                             {"text": "iets anders", "members": [], "debate": None,
                              "deadline": None, "relation": "fulfils"}]}
    result = score("x", gold, found)
    assert result.fields["commitments"] == Tally(tp=1, fp=1)
    assert result.fields["commitments.deadline"] == Tally(fp=1, fn=1)
    assert result.fields["commitments.relation"] == Tally(tp=1, fp=1)


@pytest.mark.parametrize("placeholder", ["onbekend", "unknown"])
def test_no_parse_holds_a_placeholder_for_an_unknown_value(placeholder):
    import json

    from adapters.importer import parse_nota
    from adapters.importer.documents import document_text
    from bench.importer import ANNOTATIONS, document, found_in

    for path in ANNOTATIONS.glob("*.json"):
        source = document(json.loads(path.read_text(encoding="utf-8")), SHARED)
        if source.exists():
            found = json.dumps(found_in(parse_nota(document_text(source.read_bytes()))))
            assert placeholder not in found.lower(), path.name
