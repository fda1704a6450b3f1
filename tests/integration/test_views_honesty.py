"""Views that never pretend: another store's views, views ahead of the log, emptied views."""

from __future__ import annotations

import shutil

import pytest

from domain.actor import Actor
from projections.catalogue import PROJECTORS, SHAPES, projectors
from projections.honesty import AHEAD, EMPTY, FOREIGN, OUTDATED, ViewsUntrusted, stamp, unstamp
from projections.log import EventLog
from projections.rebuild import rebuild, rebuild_outdated
from projections.runner import Runner
from projections.status import standings
from projections.store import PositionConflict
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import make_view_store, redis_views_client, remove_prefix

DRAFTER = Actor("VRO", "drafter", key_id="k", person_id="p-drafter-1")


@pytest.fixture(params=["sqlite", "redis"])
def views(request, tmp_path):
    store, dispose = make_view_store(request.param, tmp_path)
    yield store
    dispose()


def sqlite_ledger(path):
    return make_ledger({"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_SQLITE_PATH": str(path)})


def draft(ledger, reference):
    return ledger.draft_note(DRAFTER, reference=reference, title="Eerlijk", kind="decision",
                             date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                             ministry="VRO", actively_public=False).position


def test_views_of_another_event_store_are_refused_until_rebuilt(views, tmp_path):
    ours, theirs = sqlite_ledger(tmp_path / "a.sqlite"), sqlite_ledger(tmp_path / "b.sqlite")
    try:
        draft(ours, "2026-OURS-1")
        draft(theirs, "2026-THEIRS-1")
        draft(theirs, "2026-THEIRS-2")
        Runner(theirs, views).catch_up()

        assert {s.verdict for s in standings(ours, views)} == {FOREIGN}
        with pytest.raises(ViewsUntrusted) as refused:
            Runner(ours, views).catch_up()
        assert refused.value.trust.state == FOREIGN
        assert all(s.behind(10_000) for s in standings(ours, views))

        rebuild(ours, views, projectors())
        assert {(s.verdict, s.position) for s in standings(ours, views)} == {("up to date", 1)}
    finally:
        ours.close()
        theirs.close()


def test_views_ahead_of_a_restored_event_store_are_ahead_not_up_to_date(views, tmp_path):
    live = sqlite_ledger(tmp_path / "live.sqlite")
    draft(live, "2026-BACKUP-1")
    live.close()
    shutil.copy(tmp_path / "live.sqlite", tmp_path / "backup.sqlite")
    live = sqlite_ledger(tmp_path / "live.sqlite")
    restored = sqlite_ledger(tmp_path / "backup.sqlite")
    try:
        for n in range(2, 6):
            draft(live, f"2026-BACKUP-{n}")
        Runner(live, views).catch_up()

        found = standings(restored, views)
        assert {(s.verdict, s.position, s.head) for s in found} == {(AHEAD, 5, 1)}
        assert all(s.state.startswith("ahead") and s.behind(10_000) for s in found)
        with pytest.raises(ViewsUntrusted, match="beyond the event store's head 1"):
            Runner(restored, views).catch_up()
        draft(restored, "2026-AFTER-RESTORE")  # new events must not be taken as seen
        with pytest.raises(ViewsUntrusted):
            Runner(restored, views).catch_up()

        rebuild(restored, views, projectors())
        assert {(s.verdict, s.position) for s in standings(restored, views)} == {
            ("up to date", 2)}
    finally:
        live.close()
        restored.close()


def test_the_first_events_of_a_new_log_are_lag_not_emptied_views(views, tmp_path):
    ledger = sqlite_ledger(tmp_path / "new.sqlite")
    try:
        runner = Runner(ledger, views)
        runner.check_views()  # as the runner does when it starts, here on an empty log
        draft(ledger, "2026-NEW-1")  # recorded before the runner applies it

        assert {s.verdict for s in standings(ledger, views)} == {"behind"}
        assert not any(s.behind(1) for s in standings(ledger, views))
        runner.catch_up()
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}
        assert unstamp(views.identity()) == (EventLog(ledger).identity(), SHAPES)
    finally:
        ledger.close()


def test_emptied_views_are_empty_and_the_runner_refills_them(tmp_path):
    client = redis_views_client()
    views, dispose = make_view_store("redis", tmp_path)
    ledger = sqlite_ledger(tmp_path / "events.sqlite")
    try:
        draft(ledger, "2026-FLUSH-1")
        Runner(ledger, views).catch_up()
        remove_prefix(client, views.prefix)  # a flush of the views' keys

        assert {s.verdict for s in standings(ledger, views)} == {EMPTY}
        assert all(s.behind(10_000) for s in standings(ledger, views))
        Runner(ledger, views).catch_up()  # an emptied store is this log's to refill
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}
    finally:
        ledger.close()
        dispose()
        client.close()


def test_views_an_earlier_version_built_are_outdated_until_those_projections_are_rebuilt(
        views, tmp_path):
    ledger = sqlite_ledger(tmp_path / "upgraded.sqlite")
    try:
        draft(ledger, "2026-UPGRADE-1")
        Runner(ledger, views).catch_up()
        identity = EventLog(ledger).identity()
        views.claim(identity, replace=True)  # as a version before view shapes claimed them
        changed = sorted(name for name, shape in SHAPES.items() if shape != 1)
        assert changed, "no projection has changed shape since the first"

        found = {s.name: s for s in standings(ledger, views)}
        assert {n for n, s in found.items() if s.verdict == OUTDATED} == set(changed)
        assert all(found[n].behind(10_000) and "run rebuild" in found[n].state for n in changed)
        with pytest.raises(ViewsUntrusted) as refused:
            Runner(ledger, views).catch_up()
        assert refused.value.trust.state == OUTDATED
        assert all(name in refused.value.trust.detail for name in changed)

        rebuild(ledger, views, [PROJECTORS[name] for name in changed])
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}

        views.claim(stamp(identity, dict.fromkeys(SHAPES, 0)), replace=True)  # all older
        rebuild(ledger, views, projectors("trail"))  # one at a time: the others stay outdated
        assert {s.name for s in standings(ledger, views)
                if s.verdict == OUTDATED} == set(SHAPES) - {"trail"}
        rebuild(ledger, views, [PROJECTORS[name] for name in sorted(set(SHAPES) - {"trail"})])
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}
        assert unstamp(views.identity()) == (identity, SHAPES)
        draft(ledger, "2026-UPGRADE-2")
        try:
            Runner(ledger, views).catch_up()
        except PositionConflict:  # the swap, seen once by this process, as a runner's loop does
            Runner(ledger, views).catch_up()
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}
    finally:
        ledger.close()


def test_a_partial_rebuild_of_another_logs_views_leaves_them_another_logs(views, tmp_path):
    ours, theirs = sqlite_ledger(tmp_path / "a.sqlite"), sqlite_ledger(tmp_path / "b.sqlite")
    try:
        draft(ours, "2026-OURS-1")
        draft(theirs, "2026-THEIRS-1")
        Runner(theirs, views).catch_up()
        rebuild(ours, views, projectors("notes"))
        assert {s.verdict for s in standings(ours, views)} == {FOREIGN}
    finally:
        ours.close()
        theirs.close()


def forget_the_claim(views) -> None:
    """As a version that claimed nothing for an empty log's views left its store."""
    if hasattr(views, "client"):
        views.client.delete(f"{views.prefix}identity")
    else:
        with views._write() as db:
            db.execute("DELETE FROM views_identity")


def test_views_built_but_never_claimed_are_an_earlier_versions_and_outdated(views, tmp_path):
    ledger = sqlite_ledger(tmp_path / "attached.sqlite")
    try:
        runner = Runner(ledger, views)
        runner.check_views()  # attached to the empty log: claimed for this code's shapes
        assert unstamp(views.identity()) == ("", SHAPES)
        draft(ledger, "2026-ATTACHED-1")
        runner.catch_up()  # the log's identity joins the claim, the shapes kept
        identity = EventLog(ledger).identity()
        assert unstamp(views.identity()) == (identity, SHAPES)
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}

        forget_the_claim(views)
        changed = {name for name, shape in SHAPES.items() if shape != 1}
        assert {s.name for s in standings(ledger, views) if s.verdict == OUTDATED} == changed
        assert rebuild_outdated(ledger, views) == sorted(changed)
        assert {s.verdict for s in standings(ledger, views)} == {"up to date"}

        forget_the_claim(views)
        with pytest.raises(ViewsUntrusted) as refused:
            Runner(ledger, views).catch_up()
        assert refused.value.trust.state == OUTDATED
    finally:
        ledger.close()
