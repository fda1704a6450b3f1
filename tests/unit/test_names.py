"""The one naming and redaction policy, person by person, for authorised readers and the public."""

from __future__ import annotations

import pytest

from domain.names import ERASED, REDACTED, Names
from tests.unit.test_projection_reader import Persons


def registry() -> Persons:
    persons = Persons()
    persons.register("p-minister", "Mona Keijzer", "minister")
    persons.register("p-member", "Pieter Grinwis", "member_of_parliament")
    persons.register("p-state-secretary", "Vicky Maeijer", "state_secretary")
    persons.register("p-servant", "Jan Jansen", "civil_servant")
    persons.register("p-erased", "Els de Vries", "civil_servant")
    persons.register("p-erased-minister", "Hugo de Jonge", "minister")
    persons.erase("p-erased")
    persons.erase("p-erased-minister")
    return persons


@pytest.mark.parametrize(("person_id", "authorised", "public"), [
    ("p-minister", "Mona Keijzer", "Mona Keijzer"),
    ("p-member", "Pieter Grinwis", "Pieter Grinwis"),
    ("p-state-secretary", "Vicky Maeijer", "Vicky Maeijer"),
    ("p-servant", "Jan Jansen", REDACTED),
    ("p-erased", ERASED, REDACTED),
    ("p-erased-minister", ERASED, ERASED),
    ("p-never-registered", None, REDACTED),
    (None, None, None),
])
def test_each_kind_of_person_is_shown_alike_by_every_reading(person_id, authorised, public):
    persons = registry()

    assert Names(persons)(person_id) == authorised
    assert Names(persons, public=True)(person_id) == public


def test_without_a_registry_nobody_is_named_and_the_public_sees_redactions():
    assert Names(None)("p-minister") is None
    assert Names(None, public=True)("p-minister") == REDACTED


def test_each_person_is_looked_up_once_per_reading():
    persons = registry()
    names = Names(persons)
    for _ in range(5):
        names("p-servant")

    assert persons.lookups == 1
