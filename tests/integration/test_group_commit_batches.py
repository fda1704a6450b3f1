"""One batch, three saves: a save whose version is taken fails alone and spends no
notification id, on each durable store."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from adapters.groupcommit import Save
from tests.conftest import make_ledger


def _event(aggregate: uuid.UUID, version: int) -> StoredEvent:
    return StoredEvent(originator_id=aggregate, originator_version=version,
                       topic="notaledger.test:Raw", state=f"{aggregate} {version}".encode())


def test_a_taken_version_fails_only_its_own_save_and_leaves_no_gap(durable_store):
    ledger = make_ledger(durable_store)
    recorder = ledger.recorder
    first, second = uuid.uuid4(), uuid.uuid4()
    recorder.insert_events([_event(first, 1), _event(second, 1)])
    mine, rival, other, stale = (Save([_event(first, 2), _event(first, 3)]),
                                 Save([_event(first, 2)]), Save([_event(second, 2)]),
                                 Save([_event(second, 1)]))
    recorder._commit_batch([mine, rival, other, stale])

    assert mine.ids == [3, 4] and other.ids == [5]
    for refused in (rival, stale):  # taken within the batch; taken in the table
        with pytest.raises(IntegrityError):
            refused.result()
    assert recorder.insert_events([_event(second, 3)]) == [6]
    stored = recorder.select_notifications(None, 100)
    assert [(n.id, n.originator_id, n.originator_version) for n in stored] == [
        (1, first, 1), (2, second, 1), (3, first, 2), (4, first, 3), (5, second, 2),
        (6, second, 3)]
    ledger.close()


def test_a_store_made_before_the_insert_function_gets_it_at_its_first_save(request, tmp_path,
                                                                            monkeypatch):
    from tests.conftest import pg_connect, store_settings

    settings = store_settings("postgres", tmp_path, request)
    schema = settings["NOTALEDGER_PG_SCHEMA"]
    make_ledger(settings).close()  # the tables, as an earlier version made them
    with pg_connect() as connection:
        connection.execute(f'DROP FUNCTION "{schema}".notaledger_events_insert_batch')
    monkeypatch.setenv("NOTALEDGER_CREATE_TABLE", "no")  # as api/cli/up.py's services
    ledger = make_ledger(settings)
    assert ledger.recorder.insert_events([_event(uuid.uuid4(), 1)]) == [1]
    with pg_connect() as connection:
        assert connection.execute("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON "
                                  "n.oid = p.pronamespace WHERE nspname = %s AND proname = "
                                  "'notaledger_events_insert_batch'", (schema,)).fetchone()[0]
    ledger.close()


def test_the_version_check_looks_each_key_up_whatever_plan_the_connection_keeps(
        request, tmp_path):
    """The function's plan is kept per connection; made for an empty, unanalysed table, a
    join over the table would scan every stored event under the lock at every commit."""
    from tests.conftest import pg_connect, store_settings

    ledger = make_ledger(store_settings("postgres", tmp_path, request))
    recorder, plans = ledger.recorder, []
    with pg_connect() as connection:
        connection.execute("LOAD 'auto_explain'")
        for setting in ("auto_explain.log_min_duration = 0",
                        "auto_explain.log_nested_statements = on",
                        "plan_cache_mode = force_generic_plan", "client_min_messages = log"):
            connection.execute(f"SET {setting}")
        connection.add_notice_handler(lambda notice: plans.append(notice.message_primary))
        query = recorder.insert_batch_statement.as_string(connection)
        for version in (1, 2):
            connection.execute(query, ([uuid.uuid4()], [version], ["t"], [b"x"], [0], "5s"))
    checks = [plan for plan in plans if "Insert on" in plan]
    assert len(checks) == 2
    for plan in checks:
        assert "Index" in plan and "Seq Scan on notaledger_events" not in plan, plan
    ledger.close()


@pytest.mark.parametrize("depth, expected", [(None, {"sqlite": 1, "postgres": 1}),
                                             ("2", {"sqlite": 1, "postgres": 2})])
def test_the_settings_reach_each_stores_committer(durable_store, depth, expected):
    """NOTALEDGER_GROUP_COMMIT_* reach the committer; SQLite commits one batch at a time
    whatever the depth says (its writers serialise on the file)."""
    settings = {**durable_store, "NOTALEDGER_GROUP_COMMIT_WINDOW_MS": "2",
                "NOTALEDGER_GROUP_COMMIT_LIMIT": "7"}
    if depth is not None:
        settings["NOTALEDGER_GROUP_COMMIT_DEPTH"] = depth
    ledger = make_ledger(settings)
    committer = ledger.recorder.committer.settings
    assert (committer.window, committer.limit) == (0.002, 7)
    assert committer.depth == expected[durable_store["NOTALEDGER_STORE"]]
    ledger.close()
