"""A retried request is recognised in the aggregate's own events and not run again."""

from __future__ import annotations

import pytest

from domain.actor import Actor
from domain.errors import DuplicateReference
from domain.note import Note
from tests.conftest import make_ledger

FIELDS = dict(title="Retry", kind="decision", date="2026-06-05", from_unit="NPLV",
              to_official="MVRO", ministry="VRO", actively_public=False)


def drafter(request: str | None = None) -> Actor:
    return Actor("VRO", "drafter", key_id="k1", request=request)


def test_a_change_retried_with_its_request_is_answered_with_the_first_version(ledger):
    note = ledger.draft_note(drafter(), reference="2026-RETRY-1", **FIELDS).id
    first = ledger.revise_title(note, drafter("r-1"), "Once")
    ledger.add_advised_decision(note, drafter("r-2"), "Besluit")
    again = ledger.revise_title(note, drafter("r-1"), "Once")

    assert (again.id, again.version) == (first.id, first.version)
    assert ledger.note(note)["version"] == first.version + 1  # nothing was added
    # a retry carrying the If-Match of the first attempt is answered too, not refused
    assert ledger.revise_title(note, drafter("r-1"), "Once",
                               expected_version=first.version - 1).version == first.version
    # another request with the same text is a new command
    assert ledger.revise_title(note, drafter("r-3"), "Once").version == first.version + 2


def test_a_creation_retried_with_its_request_is_answered_and_another_is_a_duplicate(ledger):
    first = ledger.draft_note(drafter("c-1"), reference="2026-RETRY-2", **FIELDS)
    again = ledger.draft_note(drafter("c-1"), reference="2026-RETRY-2", **FIELDS)
    assert (again.id, again.version) == (first.id, first.version)
    with pytest.raises(DuplicateReference):
        ledger.draft_note(drafter("c-2"), reference="2026-RETRY-2", **FIELDS)
    with pytest.raises(DuplicateReference):
        ledger.draft_note(drafter(), reference="2026-RETRY-2", **FIELDS)


def test_an_aggregate_remembers_a_bounded_number_of_recent_requests(ledger, store):
    note = ledger.draft_note(drafter(), reference="2026-RETRY-3", **FIELDS).id
    for n in range(130):  # past a snapshot (every 100 events): remembered across it
        ledger.revise_title(note, drafter(f"m-{n}"), f"Title {n}")
    if store["NOTALEDGER_STORE"] != "memory":  # read afresh: the snapshot, then 30 events
        fresh = make_ledger(store)
        stored = fresh.repository.get(note)
        fresh.close()
    else:
        stored = ledger.repository.get(note)
    assert isinstance(stored, Note)
    assert stored.answered("m-129") == 131 and stored.answered("m-66") == 68
    assert stored.answered("m-65") is None  # forgotten: only the newest 64 are kept
    assert ledger.revise_title(note, drafter("m-90"), "Title 90").version == 92
    # events of keyless commands keep the shape they always had
    events = list(ledger.events.get(note))
    assert "request" not in events[0].actor and events[1].actor["request"] == "m-0"
