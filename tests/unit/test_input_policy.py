"""The edge's input policy: whatever it lets through, the chain's canonical form encodes
and verifies (property-based, with Hypothesis)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from api.http.hardening import MAX_DEPTH, Refused, clean, parse
from api.http.schemas.notes import AttachmentSchema, SectionSchema, TitleSchema
from domain.actor import Actor
from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.fastlink import fast_link
from domain.errors import InvalidInput
from tests.conftest import make_ledger

DRAFTER = Actor("VRO", "drafter")
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)
EXAMPLES = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def ledger():
    app = make_ledger({"NOTALEDGER_STORE": "memory"})
    yield app
    app.close()


@EXAMPLES
@given(JSON)
def test_every_value_the_policy_accepts_takes_the_verifiers_fast_path(value):
    try:
        cleaned = clean({"information": value})
    except Refused:
        return
    state = {**cleaned, "prev_hash": GENESIS}
    state["hash"] = link_hash(GENESIS, canonical_bytes("id", 1, "topic", state))
    stored = json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    assert fast_link("id", 1, "topic", stored) == (GENESIS, state["hash"])


@EXAMPLES
@given(title=st.text(max_size=80), text=st.text(max_size=200), name=st.text(max_size=40))
def test_schema_command_and_chain_accept_what_the_policy_accepts(ledger, title, text, name):
    note = ledger.draft_note(DRAFTER, reference=f"P-{abs(hash((title, text, name)))}",
                             title="Eigenschap", kind="decision", date="2026-06-05",
                             from_unit="NPLV", to_official="MVRO", ministry="VRO",
                             actively_public=False).id
    commands = ((TitleSchema(), {"title": title}, lambda b: ledger.revise_title(
                    note, DRAFTER, b["title"])),
                (SectionSchema(), {"text": text}, lambda b: ledger.revise_section(
                    note, DRAFTER, "kern", b["text"])),
                (AttachmentSchema(), {"number": 1, "name": name, "information": text},
                 lambda b: ledger.add_attachment(note, DRAFTER, **b)))
    for schema, body, run in commands:
        try:
            loaded = schema.load(clean(body))
            run(loaded)
        except (Refused, ValidationError, InvalidInput):
            continue
    assert ledger.verify(note).ok


@pytest.mark.parametrize("text, field", [
    ("a\ud800b", "title"), ("a\x00b", "title"), ("a\x1bb", "title"), ("a\u202eb", "title"),
    ("a\x85b", "title"), ("tab\there", "title"), ("line\nbreak", "title"),
    ("a\x07b", "text")])
def test_the_policy_refuses_surrogates_and_control_characters_naming_the_field(text, field):
    with pytest.raises(Refused) as refused:
        clean({"outer": [{field: text}]})
    assert refused.value.field == f"outer.0.{field}"


def test_long_text_keeps_tab_and_newline_and_everything_is_nfc():
    assert clean({"text": "een\tregel\r\ntwee"}) == {"text": "een\tregel\ntwee"}
    assert clean({"title": "Cafe\u0301"}) == {"title": "Caf\u00e9"}


def test_nesting_deeper_than_the_limit_is_refused_before_and_after_parsing():
    with pytest.raises(Refused):
        parse(b"[" * 5000 + b"]" * 5000)
    with pytest.raises(Refused):
        clean(json.loads("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)))
    assert clean(json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)) is not None


def test_numbers_beyond_interoperable_json_are_refused():
    for raw in (b'{"n": NaN}', b'{"n": 9007199254740993}'):
        with pytest.raises(Refused):
            parse(raw)
