"""The read door's shapes: names at read time, redacted in public, shown to auditors."""

from __future__ import annotations

from domain.actor import Actor
from domain.names import ERASED, REDACTED, Names
from domain.persons import Person, PersonRegistry
from projections.canonical import canonical, differences
from projections.reader import named_entry, public_note
from projections.rows import Table
from tests.unit.projection_log import Log, fold, table
from tests.unit.test_projection_notes import draft, full_life


class Persons(PersonRegistry):
    """A registry in a dict, for tests without a database."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.lookups = 0

    def register(self, person_id: str, name: str, kind: str) -> None:
        self.people[person_id] = Person(person_id, kind, name)

    def get(self, person_id: str) -> Person | None:
        self.lookups += 1
        return self.people.get(person_id)

    def erase(self, person_id: str) -> bool:
        person = self.people.get(person_id)
        if person is None or person.name is None:
            return False
        self.people[person_id] = Person(person_id, person.kind, None)
        return True


def registry() -> Persons:
    persons = Persons()
    persons.register("p-drafter", "Jan Jansen", "civil_servant")
    persons.register("p-head", "Els de Vries", "civil_servant")
    persons.register("p-minister", "Mona Keijzer", "minister")
    return persons


def published() -> dict:
    note = draft()
    full_life(note)
    return table(fold(Log().record(note), "notes"), "public")[str(note.id)]


def test_the_public_view_redacts_civil_servants_and_names_the_minister():
    shown = public_note(published(), Names(registry(), public=True))

    redacted = {"id": None, "name": REDACTED}
    assert shown["drafted_by"] == [redacted, redacted]  # p-other is unknown: redacted too
    assert shown["decided_by"] == {"id": None, "name": "Mona Keijzer"}
    assert [step["person"] for step in shown["initialled_by"]] == [redacted, redacted]
    assert "p-drafter" not in str(shown) and "p-minister" not in str(shown)


def test_auditors_see_names_and_erasure_shows_at_once_without_touching_the_view():
    log, note = Log(), draft()
    note.revise_section(Actor("VRO", "drafter", person_id="p-drafter"), "kern", "Tekst.")
    rows = table(fold(log.record(note), "trail"), "trail")
    entry = rows[sorted(rows)[1]]
    persons = registry()

    assert named_entry(entry, Names(persons))["actor"] == {
        "organisation": "VRO", "role": "drafter", "key_id": None,
        "person": {"id": "p-drafter", "name": "Jan Jansen"}}
    persons.erase("p-drafter")
    assert named_entry(entry, Names(persons))["actor"]["person"] == {"id": "p-drafter",
                                                                     "name": ERASED}
    assert entry["actor"] == {"organisation": "VRO", "role": "drafter", "key_id": None,
                              "person_id": "p-drafter"}


def test_differences_name_the_rows_and_fields_that_differ():
    row = ("notes", "a", {"status": "draft", "title": "X"}, ["all"], 1.0)
    live = [row, ("notes", "b", {"status": "draft"}, ["all"], 2.0)]
    rebuilt = [("notes", "a", {"status": "decided", "title": "X"}, ["all"], 1.0),
               ("notes", "c", {}, ["all"], 3.0)]

    assert differences(live, rebuilt) == ["notes a: differs in status",
                                          "notes b: only in the live view",
                                          "notes c: missing from the live view"]
    assert differences(live, live) == []
    assert canonical(row) == canonical(("notes", "a", {"title": "X", "status": "draft"},
                                        ["all"], 1))


def test_a_row_write_reindexes_only_what_changed_unless_the_order_moved():
    listed = Table("t", lambda d: [f"status:{d['s']}"], lambda d: d["n"])
    same_order = listed.write("k", {"s": "a", "n": 1}, {"s": "b", "n": 1})
    moved = listed.write("k", {"s": "a", "n": 1}, {"s": "a", "n": 2})
    gone = listed.write("k", {"s": "a", "n": 1}, None)

    assert (same_order.terms_to_add(), same_order.terms_to_remove()) == (["status:b"],
                                                                         ["status:a"])
    assert moved.terms_to_add() == ["all", "status:a"] and moved.terms_to_remove() == []
    assert gone.doc is None and gone.terms_to_remove() == ["all", "status:a"]
