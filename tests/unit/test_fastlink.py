"""The verifier's fast path and the chain's definition give the same verdict on every row,
whoever wrote it: key order, whitespace, unicode escapes, number forms, floats, big integers,
lone surrogates, malformed bytes (property-based, with Hypothesis)."""

from __future__ import annotations

import json

import msgspec
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from domain.audit.fastlink import fast_columns, fast_link
from domain.audit.verify import Digests, LogVerifier, digest, digest_records

TOPIC = "notaledger.note:SectionRevised"
AGGREGATE = "0b9d3c52-5d62-4a4e-9a49-5b6a0c1d2e3f"
TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
KEYS = st.sampled_from(["a", "b", "Z", "é", "_type_", "_data_", "hash", "prev_hash", "😀",
                        "a\u0000", "\u2028"]) | TEXT
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-5, 5)
           | st.floats(allow_nan=True, allow_infinity=True) | TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(KEYS, inner, max_size=4), max_leaves=16)
EXAMPLES = settings(max_examples=300, deadline=None)


def by_definition(aggregate: str, version: int, topic: str, state: bytes):
    """The verdict of ``domain.audit.chain`` read literally: (prev_hash, hash) or None."""
    try:
        content = json.loads(state.decode("utf-8"))
        stored = content.pop("hash")
        prev = content["prev_hash"]
        canonical = canonical_bytes(aggregate, version, topic, content)
        return (prev, stored) if link_hash(prev, canonical) == stored else None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


# --- what another writer may have hashed, and how it may have stored it ------------------

def _ascii(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _orjson(value) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _msgspec(value) -> bytes:
    return msgspec.json.encode(value, order="sorted")


def _definition(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


HASHED_AS = {"definition": _definition, "ascii escapes": _ascii, "orjson": _orjson,
             "msgspec": _msgspec}
STORED_AS = {
    "the library's transcoder": lambda s: json.dumps(
        s, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass"),
    "unicode escapes and spaces": lambda s: json.dumps(s).encode(),
    "sorted and indented": lambda s: json.dumps(
        s, sort_keys=True, indent=2, ensure_ascii=False).encode("utf-8", "surrogatepass"),
    "keys reversed": lambda s: json.dumps(
        dict(reversed(list(s.items()))), ensure_ascii=False,
        separators=(",", ":")).encode("utf-8", "surrogatepass"),
    "orjson": lambda s: orjson.dumps(s),
}


def hashed(content: dict, how: str) -> str:
    """The link hash another writer may have stored: over its own encoding of the content."""
    try:
        encoded = HASHED_AS[how]([AGGREGATE, 2, TOPIC, content])
    except (TypeError, ValueError, msgspec.EncodeError, orjson.JSONEncodeError):
        encoded = b"unencodable"
    return link_hash(content["prev_hash"], encoded)


@EXAMPLES
@given(content=st.dictionaries(KEYS, VALUES, max_size=5), how=st.sampled_from(list(HASHED_AS)),
       writer=st.sampled_from(list(STORED_AS)))
def test_the_fast_path_vouches_only_for_what_the_definition_vouches_for(content, how, writer):
    content = {**content, "prev_hash": "ab" * 32}
    content.pop("hash", None)
    state = {**content, "hash": hashed(content, how)}
    try:
        stored = STORED_AS[writer](state)
    except (TypeError, ValueError, orjson.JSONEncodeError):
        return  # this writer cannot write it at all
    fast, judged = fast_link(AGGREGATE, 2, TOPIC, stored), by_definition(AGGREGATE, 2, TOPIC,
                                                                          stored)
    assert fast is None or fast == judged
    assert digest((7, AGGREGATE, 2, TOPIC, stored)).intact == (judged is not None)
    assert bool(digest_records([(7, AGGREGATE, 2, TOPIC, stored)]).failed) == (judged is None)


@EXAMPLES
@given(st.binary(max_size=64) | st.text(max_size=40).map(str.encode))
def test_any_bytes_get_the_definitions_verdict(noise):
    for state in (noise, b'{"prev_hash":"' + GENESIS.encode() + b'","hash":"' + noise + b'"}'):
        assert digest((1, AGGREGATE, 1, TOPIC, state)).intact == (
            by_definition(AGGREGATE, 1, TOPIC, state) is not None)


@pytest.mark.parametrize("number", ["1.0", "1e2", "1E2", "-0", "1e-05", "0.00001", "1e+16",
                                    "1e16", "18446744073709551616", "-9223372036854775809",
                                    "NaN", "Infinity", "100"])
@pytest.mark.parametrize("how", list(HASHED_AS))
def test_number_forms_get_the_definitions_verdict(number, how):
    literal = f'{{"n":{number},"prev_hash":"{GENESIS}","hash":"HASH"}}'
    content = json.loads(literal)
    content.pop("hash")
    for link in (hashed(content, how), link_hash(GENESIS, b'["%s",2,"%s",{"n":%s,"prev_hash":"%s"}]'
                                                 % (AGGREGATE.encode(), TOPIC.encode(),
                                                    number.encode(), GENESIS.encode()))):
        stored = literal.replace("HASH", link).encode()
        judged = by_definition(AGGREGATE, 2, TOPIC, stored)
        assert fast_link(AGGREGATE, 2, TOPIC, stored) in (None, judged)
        assert digest((1, AGGREGATE, 2, TOPIC, stored)).intact == (judged is not None)


def test_the_store_s_own_rows_take_the_fast_path():
    content = {"timestamp": {"_type_": "datetime_iso", "_data_": "2026-06-05T10:30:00+00:00"},
               "actor": {"organisation": "VRO", "role": "drafter"}, "prev_hash": GENESIS,
               "text": "Kamerbrief \"monitor\" é ■ 😀\n", "n": 2**63 - 1, "m": -(2**63),
               "u": 2**64 - 1, "list": [None, True]}
    content["hash"] = link_hash(GENESIS, canonical_bytes(AGGREGATE, 1, TOPIC, content))
    stored = STORED_AS["the library's transcoder"](content)
    assert fast_link(AGGREGATE, 1, TOPIC, stored) == (GENESIS, content["hash"])


def test_a_run_of_digests_links_like_single_ones():
    records, prev = [], GENESIS
    for version in range(1, 6):
        content = {"prev_hash": prev, "n": 1.5 if version == 3 else version}
        content["hash"] = prev = link_hash(prev, canonical_bytes(AGGREGATE, version, TOPIC,
                                                                 content))
        records.append((version, AGGREGATE, version, TOPIC, json.dumps(content).encode()))
    records[3] = records[3][:4] + (records[3][4].replace(b'"n": 4', b'"n": 5'),)
    one_by_one, in_a_run = LogVerifier(), LogVerifier()
    for record in records:
        one_by_one.check(digest(record))
    in_a_run.check_all(digest_records(records))
    assert one_by_one.finish() == in_a_run.finish()
    assert [(b.version, b.kind) for b in in_a_run.report.breaks] == [(4, "modified")]
    assert digest_records(records) == Digests.of(digest(r) for r in records)


def stored_row(content: dict, version: int = 1, writer: str = "the library's transcoder",
               hashed_as: str = "definition") -> bytes:
    """``content`` chained after GENESIS, its hash over ``hashed_as``'s bytes, as ``writer``
    stores it."""
    content = {**content, "prev_hash": GENESIS}
    encoded = HASHED_AS[hashed_as]([AGGREGATE, version, TOPIC, content])
    return STORED_AS[writer]({**content, "hash": link_hash(GENESIS, encoded)})


@pytest.mark.parametrize("number", [2**64, -(2**63) - 1, 10**30])
def test_integers_beyond_64_bits_are_left_to_the_definition(number):
    stored = stored_row({"n": number})
    assert fast_link(AGGREGATE, 1, TOPIC, stored) is None
    assert by_definition(AGGREGATE, 1, TOPIC, stored) is not None
    assert digest((1, AGGREGATE, 1, TOPIC, stored)).intact
    assert not digest_records([(1, AGGREGATE, 1, TOPIC, stored)]).failed


@pytest.mark.parametrize("writer", list(STORED_AS))
def test_every_control_character_and_line_separator_takes_the_fast_path(writer):
    text = "".join(map(chr, range(0x20))) + "\x7f\u2028\u2029\ufeff\"\\/é😀"
    stored = stored_row({"text": text, text: [text, {text: text}]}, writer=writer)
    assert fast_link(AGGREGATE, 1, TOPIC, stored) == by_definition(AGGREGATE, 1, TOPIC, stored)
    assert fast_link(AGGREGATE, 1, TOPIC, stored) is not None


@pytest.mark.parametrize("kept", [1, 2])
def test_a_key_given_twice_is_read_as_the_definition_reads_it(kept):
    body = stored_row({"n": kept}).decode()
    stored = body.replace('"n":', f'"n":{3 - kept},"n":', 1).encode()
    reordered = body.replace('"n":', f'"n":{kept},"n":', 1).encode()
    for state in (stored, reordered):
        judged = by_definition(AGGREGATE, 1, TOPIC, state)
        assert fast_link(AGGREGATE, 1, TOPIC, state) in (None, judged)
        assert digest((1, AGGREGATE, 1, TOPIC, state)).intact == (judged is not None)


@pytest.mark.parametrize("hashed_as", list(HASHED_AS))
def test_a_hash_over_other_bytes_than_the_definitions_is_not_vouched_for(hashed_as):
    stored = stored_row({"text": "é ■ 😀 \u2028", "actor": {"z": 1, "a": [True, None]}},
                        hashed_as=hashed_as)
    judged = by_definition(AGGREGATE, 1, TOPIC, stored)
    assert (judged is not None) == (hashed_as in ("definition", "msgspec", "orjson"))
    assert fast_link(AGGREGATE, 1, TOPIC, stored) == judged
    assert digest_records([(1, AGGREGATE, 1, TOPIC, stored)]).failed.keys() == (
        set() if judged else {0})


def test_a_long_run_with_one_bad_record_is_judged_record_by_record_only_where_it_must():
    records, prev = [], GENESIS
    for version in range(1, 201):
        content = {"prev_hash": prev, "n": version, "text": "é ■ 😀"}
        content["hash"] = prev = link_hash(prev, canonical_bytes(AGGREGATE, version, TOPIC,
                                                                 content))
        records.append((version, AGGREGATE, version, TOPIC,
                        STORED_AS["the library's transcoder"](content)))
    bad = records[130]
    records[130] = bad[:4] + (bad[4].replace(b'"n":131', b'"n":132'),)
    assert fast_columns(records[:64]) is not None and fast_columns(records[128:192]) is None
    assert digest_records(records) == Digests.of(digest(r) for r in records)
    assert list(digest_records(records).failed) == [130]
