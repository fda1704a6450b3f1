"""Trail rows: names resolved for auditors, civil servants redacted for the public."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.persons import Person, PersonRegistry
from domain.trail import PUBLIC_COLUMNS, trail_rows


class Persons(PersonRegistry):
    """An in-memory registry."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def register(self, person_id: str, name: str, kind: str) -> None:
        self.people[person_id] = Person(person_id, kind, name)

    def get(self, person_id: str) -> Person | None:
        return self.people.get(person_id)

    def erase(self, person_id: str) -> bool:
        self.people[person_id] = Person(person_id, self.people[person_id].kind, None)
        return True


HISTORY = [
    {"version": 1, "type": "Drafted", "timestamp": datetime(2026, 6, 5, tzinfo=UTC),
     "actor": {"organisation": "VRO", "role": "drafter", "key_id": "k1", "person_id": "p-1"},
     "prev_hash": "0" * 64, "hash": "a" * 64, "reference": "2026-1",
     "drafted_by": ["p-1", "p-2"]},
    {"version": 2, "type": "Decided", "timestamp": datetime(2026, 6, 6, tzinfo=UTC),
     "actor": {"organisation": "VRO", "role": "decider", "key_id": "k2", "person_id": "p-min"},
     "prev_hash": "a" * 64, "hash": "b" * 64},
]


def registry() -> Persons:
    persons = Persons()
    persons.register("p-1", "Anna de Vries", "civil_servant")
    persons.register("p-min", "Mona Keijzer", "minister")
    return persons


def test_auditors_see_names_and_ids():
    rows = trail_rows(HISTORY, registry())
    assert (rows[0]["person"], rows[0]["person_id"], rows[0]["key_id"]) == (
        "Anna de Vries", "p-1", "k1")
    assert rows[0]["details"] == {"reference": "2026-1",
                                  "drafted_by": ["Anna de Vries (p-1)", "p-2"]}
    assert rows[0]["time"] == "2026-06-05T00:00:00+00:00" and rows[1]["person"] == "Mona Keijzer"


def test_the_public_sees_ministers_but_not_civil_servants_nor_ids():
    rows = trail_rows(HISTORY, registry(), public=True)
    assert tuple(rows[0]) == PUBLIC_COLUMNS
    assert rows[0]["person"] == "■■■ (5.1.2e Woo)"
    assert rows[0]["details"]["drafted_by"] == ["■■■ (5.1.2e Woo)"] * 2  # p-2: unknown
    assert rows[1]["person"] == "Mona Keijzer"


def test_an_erased_name_shows_as_erased_and_the_row_keeps_its_hashes():
    persons = registry()
    persons.erase("p-1")
    rows = trail_rows(HISTORY, persons)
    assert rows[0]["person"] == "[erased]" and rows[0]["hash"] == "a" * 64
