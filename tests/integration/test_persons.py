"""The person registry, in SQLite and PostgreSQL: names outside the log, erasable."""

from __future__ import annotations

import pytest

from adapters.persons import PostgresPersonRegistry, SQLitePersonRegistry
from domain.errors import InvalidInput
from domain.names import ERASED, REDACTED, Names
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
