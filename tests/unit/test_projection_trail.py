"""The trail: every event, in order, described, with who, when and its chain links."""

from __future__ import annotations

import re

import pytest

from domain import commitment, motion, note
from domain.actor import Actor
from domain.audit.chain import GENESIS
from projections.catalogue import projectors
from projections.describe import BY_KIND
from projections.trail import trail_key
from tests.unit.projection_log import Log, fold, table
from tests.unit.test_projection_notes import draft, full_life

EVENT_NAMES = re.compile(r'@event\("(\w+)"')


@pytest.mark.parametrize("module, kind", [(note, "note"), (commitment, "commitment"),
                                          (motion, "motion")])
def test_every_event_the_domain_can_record_has_a_description(module, kind):
    with open(module.__file__, encoding="utf-8") as source:
        names = set(EVENT_NAMES.findall(source.read()))

    assert names and names <= set(BY_KIND[kind])


def test_the_trail_has_one_entry_per_event_in_version_order_with_its_chain_links():
    log, made = Log(), draft()
    full_life(made)
    facts = log.record(made)
    trail = table(fold(facts, "trail"), "trail")
    entries = [trail[key] for key in sorted(trail)]

    assert [e["version"] for e in entries] == list(range(1, len(facts) + 1))
    assert entries[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(entries, entries[1:], strict=False))
    assert entries[-1]["hash"] == made.chain_head
    assert sorted(trail) == [trail_key(str(made.id), v) for v in range(1, len(facts) + 1)]


def test_an_entry_says_what_happened_and_who_did_it_by_person_id_only():
    log, made = Log(), draft()
    made.request_consultation(Actor("VRO", "drafter", key_id="k9", person_id="p-7"), "SZW",
                              "co_responsible", reply_by="2026-06-19")
    entry = table(fold(log.record(made), "trail"), "trail")[trail_key(str(made.id), 2)]

    assert entry["description"] == ("Asked SZW for consultation (co-responsible), "
                                    "answer due 2026-06-19")
    assert entry["actor"] == {"organisation": "VRO", "role": "drafter", "key_id": "k9",
                              "person_id": "p-7"}
    assert entry["type"] == "ConsultationRequested" and entry["aggregate_type"] == "note"
    assert entry["at"].startswith("20") and entry["position"] == 2


def test_long_texts_are_clipped_in_descriptions_but_kept_whole_in_the_entry():
    log, made = Log(), draft()
    text = "Zeer lange aantekening " * 20
    made.revise_section(Actor("VRO", "drafter"), "kern", text)
    entry = table(fold(log.record(made), "trail"), "trail")[trail_key(str(made.id), 2)]

    assert entry["description"] == f"Revised section kern ({len(text.strip())} characters)"
    assert entry["data"]["text"] == text.strip()


def test_the_trail_is_still_found_by_its_former_name():
    assert projectors("audit") == projectors("trail")
