"""The person registry, in SQLite and PostgreSQL: names outside the log, erasable."""

from __future__ import annotations

import pytest

from adapters.persons import PostgresPersonRegistry, SQLitePersonRegistry
from domain.errors import InvalidInput
from domain.names import ERASED, REDACTED, Names
from domain.persons import PersonErased
from tests.conftest import PG, make_ledger
from tests.integration.test_seed_story import record_seed_story


@pytest.fixture(params=["sqlite", "postgres"])
def registry(request, tmp_path):
    if request.param == "sqlite":
        yield SQLitePersonRegistry(tmp_path / "persons.sqlite")
        return
    schema = request.getfixturevalue("pg_schema")
    conninfo = (f"dbname={PG['NOTALEDGER_PG_DBNAME']} host={PG['NOTALEDGER_PG_HOST']} "
                f"port={PG['NOTALEDGER_PG_PORT']} user={PG['NOTALEDGER_PG_USER']}")
    store = PostgresPersonRegistry(conninfo, schema)
    yield store
    store.close()


def test_a_registered_name_is_found_by_id(registry):
    registry.register("p-1", "J. Jansen", "civil_servant")
    person = registry.get("p-1")
    assert (person.name, person.kind, person.erased) == ("J. Jansen", "civil_servant", False)
    assert registry.get("p-unknown") is None


def test_erasing_forgets_the_name_but_keeps_the_person(registry):
    registry.register("p-1", "J. Jansen", "civil_servant")
    assert registry.erase("p-1") is True
    assert registry.erase("p-1") is False
    assert registry.get("p-1").name is None
    assert Names(registry)("p-1") == ERASED


def test_civil_servants_are_redacted_in_public_and_ministers_are_not(registry):
    registry.register("p-1", "J. Jansen", "civil_servant")
    registry.register("p-2", "M. de Minister", "minister")
    assert Names(registry, public=True)("p-1") == REDACTED
    assert Names(registry)("p-1") == "J. Jansen"
    assert Names(registry, public=True)("p-2") == "M. de Minister"


def test_a_person_needs_a_known_kind(registry):
    with pytest.raises(InvalidInput, match="person kind"):
        registry.register("p-1", "X", "astronaut")


def test_erasing_a_drafter_leaves_every_chain_intact(durable_store, tmp_path):
    ledger = make_ledger(durable_store)
    registry = SQLitePersonRegistry(tmp_path / "persons.sqlite")
    registry.register("p-drafter-1", "A. Ambtenaar", "civil_servant")
    record_seed_story(ledger)
    before = [n.state for n in ledger.recorder.select_notifications(None, 10_000)]
    registry.erase("p-drafter-1")
    after = [n.state for n in ledger.recorder.select_notifications(None, 10_000)]
    assert before == after
    assert b"p-drafter-1" in before[0] and b"Ambtenaar" not in b"".join(before)
    assert ledger.verify().ok
    ledger.close()


def test_an_erased_id_is_a_tombstone_that_never_carries_a_name_again(registry):
    registry.register("p-1", "J. Jansen", "civil_servant", "VRO", ("drafter",))
    registry.erase("p-1")
    with pytest.raises(PersonErased, match="p-1 was erased"):
        registry.register("p-1", "J. Jansen", "civil_servant", "VRO", ("drafter",))
    assert registry.get("p-1").name is None and registry.get("p-1").roles == ()


def test_a_person_has_an_organisation_and_roles(registry):
    registry.register("p-1", "J. Jansen", "civil_servant", "J&V", ("drafter", "registrar"))
    person = registry.get("p-1")
    assert (person.organisation, person.roles) == ("JenV", ("drafter", "registrar"))
    assert person.refusal("JenV", "drafter") is None
    assert "does not hold the role decider" in person.refusal("JenV", "decider")
    assert "belongs to JenV" in person.refusal("VRO", "drafter")


def test_only_a_minister_state_secretary_or_mandated_person_may_decide(registry):
    with pytest.raises(InvalidInput, match="mandate"):
        registry.register("p-1", "J. Jansen", "civil_servant", "VRO", ("decider",))
    registry.register("p-2", "S. Staats", "state_secretary", "VRO", ("decider",))
    registry.register("p-3", "D. G.", "civil_servant", "VRO", ("decider",),
                      mandate="mandaatbesluit DGVRO 2026")
    assert registry.get("p-3").mandate == "mandaatbesluit DGVRO 2026"


def test_an_older_table_gets_the_new_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE persons (person_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                   "name TEXT)")
        db.execute("INSERT INTO persons VALUES ('p-old', 'civil_servant', 'Oud')")
    registry = SQLitePersonRegistry(path)
    assert registry.get("p-old").roles == () and registry.get("p-old").organisation is None
