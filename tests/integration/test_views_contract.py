"""One contract for every view store: the same log gives the same answers in SQLite and Redis.

The expected answers are worked out independently, from the ledger's own aggregates and
its log, by plain Python; each store must give exactly those, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Tracking
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from adapters.persons import SQLitePersonRegistry
from adapters.views_redis import RedisTrackingRecorder, RedisViewStore
from adapters.views_sqlite import SQLiteViewStore
from domain.commitment import UNSETTLED
from domain.errors import InvalidInput
from projections.catalogue import PROJECTORS
from projections.facts import split_topic
from projections.inbox import OPEN_FOR_ANSWERS
from projections.queries import (
    CommitmentQuery,
    InboxQuery,
    MotionQuery,
    NoteQuery,
    Paging,
    is_overdue,
)
from projections.reader import ViewReader
from projections.rebuild import rebuild
from projections.rows import Table, Write
from projections.runner import Runner
from projections.store import APPLICATION, PositionConflict
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import (
    make_view_store,
    redis_views_client,
    remove_prefix,
)
from tests.integration.projection_workload import write_stories
from tests.integration.test_seed_story import record_seed_story

TODAY = date(2026, 8, 1)
ALL_ROWS = Paging(limit=500)


class Oracle:
    """What the views should say, from the aggregates and the raw log."""

    def __init__(self, ledger) -> None:
        self.created: dict[str, int] = {}
        self.kind: dict[str, str] = {}
        self.awaiting: dict[tuple[str, str], int] = {}
        for n in ledger.recorder.select_notifications(0, 1_000_000):
            kind, name = split_topic(n.topic)
            key = str(n.originator_id)
            self.created.setdefault(key, n.id)
            self.kind[key] = kind
            if name in ("ConsultationRequested", "ConsultationReopened"):
                org = ledger.mapper.to_domain_event(n).organisation
                self.awaiting[(key, org)] = n.id
        self.notes = {k: ledger.note(UUID(k)) for k, v in self.kind.items() if v == "note"}
        self.commitments = {k: ledger.commitment(UUID(k)) for k, v in self.kind.items()
                            if v == "commitment"}
        self.motions = {k: ledger.motion(UUID(k)) for k, v in self.kind.items()
                        if v == "motion"}

    def notes_where(self, keep) -> list[str]:
        keys = [k for k, note in self.notes.items() if keep(note)]
        return sorted(keys, key=lambda k: self.created[k], reverse=True)

    def commitments_where(self, keep) -> list[str]:
        def order(key: str):
            end = self.commitments[key]["deadline"]["end"]
            return (date.fromisoformat(end).toordinal() if end else 10**7, key)
        return sorted((k for k, c in self.commitments.items() if keep(c)), key=order)

    def motions_where(self, keep) -> list[str]:
        def order(key: str):
            return (self.motions[key]["status"] != "held", -self.created[key])
        return sorted((k for k, m in self.motions.items() if keep(m)), key=order)

    def inbox(self, org: str) -> list[str]:
        keys = [(self.awaiting[(k, org)], f"{org}|{k}") for k, note in self.notes.items()
                if note["status"] in OPEN_FOR_ANSWERS and org in note["consultations"]
                and note["consultations"][org]["status"] in ("requested", "reopened")]
        return [key for _, key in sorted(keys)]


def storied_world(tmp_path_factory, seed: int) -> tuple:
    """A ledger holding the seed story and a few hundred varied note lives (``seed`` picks
    them), the seed story's ids, and the oracle over that ledger."""
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite", "NOTALEDGER_SQLITE_PATH":
                          str(tmp_path_factory.mktemp("log") / "events.sqlite")})
    ids = record_seed_story(ledger)
    write_stories(ledger, 3000, seed=seed)
    return ledger, ids, Oracle(ledger)


def built_views(kind: str, ledger, tmp_path_factory) -> tuple:
    """The ledger's views in a fresh store of the kind, and a function that disposes of it."""
    store, dispose = make_view_store(kind, tmp_path_factory.mktemp("views"))
    Runner(ledger, store, batch_size=300).catch_up()
    return store, dispose


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    built = storied_world(tmp_path_factory, seed=7)
    yield built
    built[0].close()


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def views(request, world, tmp_path_factory):
    """The world's views in each store, built once per store."""
    store, dispose = built_views(request.param, world[0], tmp_path_factory)
    yield store
    dispose()


def ids(page) -> list[str]:
    return [item["id"] for item in page.items]


def test_every_note_in_the_view_is_the_note_in_the_ledger(world, views):
    _, _, oracle = world
    for key, state in oracle.notes.items():
        view = views.note(key)
        for field in ("reference", "title", "status", "ministry", "advised", "attachments",
                      "co_senders", "commitment_ids", "motion_ids", "version", "chain_head",
                      "collaborating", "drafted_by", "sections", "annotations"):
            expected = state[field] if state[field] != {} else []  # state's empty numbered dict
            assert view[field] == expected, (key, field)
        assert {o: c["status"] for o, c in view["consultations"].items()} == {
            o: c["status"] for o, c in state["consultations"].items()}


@pytest.mark.parametrize("query, keep", [
    (NoteQuery(), lambda n: True),
    (NoteQuery(status="draft"), lambda n: n["status"] == "draft"),
    (NoteQuery(status="published"), lambda n: n["status"] == "published"),
    (NoteQuery(owner="vro"), lambda n: n["ministry"] == "VRO"),
    (NoteQuery(consulted="SZW"), lambda n: "SZW" in n["consultations"]
     and n["consultations"]["SZW"]["status"] != "withdrawn"),
    (NoteQuery(visible_to="OCW", status="in_review"), lambda n: n["status"] == "in_review" and (
        n["ministry"] == "OCW" or "OCW" in n["collaborating"]
        or n["consultations"].get("OCW", {}).get("status", "withdrawn") != "withdrawn")),
    (NoteQuery(text="herzien"), lambda n: "herzien" in n["title"].lower()),
    (NoteQuery(text="2026-00002617"), lambda n: "2026-00002617" in n["reference"]),
    (NoteQuery(status="decided", text="zorg"), lambda n: n["status"] == "decided"
     and "zorg" in n["title"]),
])
def test_notes_are_listed_newest_first_by_status_organisation_and_text(world, views, query,
                                                                        keep):
    expected = world[2].notes_where(keep)
    everything = views.notes(NoteQuery(**{**vars(query), "paging": ALL_ROWS}))

    assert ids(everything) == expected
    assert everything.total == len(expected)


def test_pages_of_notes_add_up_to_the_whole_list(world, views):
    whole = ids(views.notes(NoteQuery(status="draft", paging=ALL_ROWS)))
    pages = [views.notes(NoteQuery(status="draft", paging=Paging(offset, 7)))
             for offset in range(0, len(whole) + 7, 7)]

    assert [key for page in pages for key in ids(page)] == whole
    assert {page.total for page in pages} == {len(whole)}


def test_pages_of_an_intersection_add_up_to_the_whole_of_it(world, views):
    def query(paging):
        return NoteQuery(visible_to="VRO", status="draft", paging=paging)  # two terms

    whole = ids(views.notes(query(ALL_ROWS)))
    pages = [views.notes(query(Paging(offset, 5))) for offset in range(0, len(whole) + 5, 5)]

    assert len(whole) > 5  # more than one page
    assert [key for page in pages for key in ids(page)] == whole
    assert {page.total for page in pages} == {len(whole)}


def test_the_trail_holds_every_event_of_the_note_in_order(world, views):
    ledger, story, _ = world
    history = ledger.history(story["note"])
    trail = views.trail(str(story["note"]))

    assert [e["version"] for e in trail] == [h["version"] for h in history]
    assert [e["hash"] for e in trail] == [h["hash"] for h in history]
    assert [e["prev_hash"] for e in trail] == [h["prev_hash"] for h in history]
    assert trail[-1]["description"] == "Published (active disclosure under the Woo)"


def unsettled(c: dict) -> bool:
    return c["status"] in UNSETTLED


def ended_before(c: dict, day: date) -> bool:
    return c["deadline"]["end"] is not None and date.fromisoformat(c["deadline"]["end"]) < day


@pytest.mark.parametrize("query, keep", [
    (CommitmentQuery(), lambda c: True),
    (CommitmentQuery(status="fulfilled"), lambda c: c["status"] == "fulfilled"),
    (CommitmentQuery(ministry="VRO"), lambda c: c["ministry"] == "VRO"),
    (CommitmentQuery(member="Van  Asten"), lambda c: "van Asten" in [
        r["name"] for r in c["recipients"]]),
    (CommitmentQuery(party="cu"), lambda c: "CU" in [r["party"] for r in c["recipients"]]),
    (CommitmentQuery(debate="zorg"), lambda c: "zorg" in c["debate"]["title"].lower()),
    (CommitmentQuery(overdue=True), lambda c: unsettled(c) and ended_before(c, TODAY)),
    (CommitmentQuery(overdue=False, status="open"), lambda c: c["status"] == "open"
     and not ended_before(c, TODAY)),
    (CommitmentQuery(due_within_days=120), lambda c: unsettled(c) and c["deadline"]["end"]
     and TODAY.toordinal() <= date.fromisoformat(c["deadline"]["end"]).toordinal()
     <= TODAY.toordinal() + 120),
])
def test_commitments_are_filtered_and_sorted_by_deadline(world, views, query, keep):
    expected = world[2].commitments_where(keep)
    page = views.commitments(CommitmentQuery(**{**vars(query), "paging": ALL_ROWS}), TODAY)

    assert ids(page) == expected and page.total == len(expected)


@pytest.mark.parametrize("query, keep", [
    (MotionQuery(), lambda m: True),
    (MotionQuery(status="held"), lambda m: m["status"] == "held"),
    (MotionQuery(submitter="grinwis"), lambda m: "Grinwis" in [
        s["name"] for s in m["submitters"]]),
    (MotionQuery(party="D66", ministry="OCW"), lambda m: m["ministry"] == "OCW" and "D66" in [
        s["party"] for s in m["submitters"]]),
])
def test_motions_are_filtered_with_held_motions_first(world, views, query, keep):
    expected = world[2].motions_where(keep)
    page = views.motions(MotionQuery(**{**vars(query), "paging": ALL_ROWS}))

    assert ids(page) == expected and page.total == len(expected)


@pytest.mark.parametrize("org", ["SZW", "OCW", "JenV", "VWS"])
def test_an_inbox_holds_the_awaited_consultations_oldest_first(world, views, org):
    page = views.inbox(InboxQuery(org, paging=ALL_ROWS), TODAY)

    assert [f"{row['organisation']}|{row['note_id']}" for row in page.items] == \
        world[2].inbox(org)
    overdue = views.inbox(InboxQuery(org, overdue=True, paging=ALL_ROWS), TODAY)
    assert all(row["due"] and row["due"] < TODAY.isoformat() for row in overdue.items)
    assert overdue.total == sum(1 for row in page.items if row["due"]
                                and row["due"] < TODAY.isoformat())


def test_the_public_view_lists_exactly_the_published_notes(world, views):
    expected = world[2].notes_where(lambda n: n["status"] == "published")
    page = views.public_notes(ALL_ROWS)

    assert sorted(ids(page)) == sorted(expected) and page.total == len(expected)
    assert views.public_note(expected[0])["reference"] == world[2].notes[expected[0]][
        "reference"]
    draft = world[2].notes_where(lambda n: n["status"] == "draft")[0]
    assert views.public_note(draft) is None


def test_the_dashboard_counts_what_the_ledger_holds(world, views):
    oracle = world[2]
    board = views.dashboard(TODAY)
    by_status = defaultdict(int)
    for note in oracle.notes.values():
        by_status[note["status"]] += 1
    per_ministry: dict = defaultdict(lambda: {"open": 0, "overdue": 0})
    for c in oracle.commitments.values():
        if unsettled(c):
            per_ministry[c["ministry"]]["open"] += 1
            per_ministry[c["ministry"]]["overdue"] += ended_before(c, TODAY)

    assert {s: n for s, n in board["notes_by_status"].items() if n} == dict(by_status)
    assert board["commitments_by_ministry"] == dict(per_ministry)
    assert board["held_motions"] == sum(m["status"] == "held" for m in oracle.motions.values())


def test_both_stores_hold_identical_rows_for_the_same_log(world, tmp_path):
    dumps = []
    for kind in ("sqlite", "redis"):
        store, dispose = make_view_store(kind, tmp_path)
        try:
            Runner(world[0], store, batch_size=1000).catch_up()
            dumps.append({p: list(store.dump(p)) for p in PROJECTORS})
        finally:
            dispose()

    assert dumps[0] == dumps[1]


# --- the mechanics every store shares ---------------------------------------------------

@pytest.fixture(params=["sqlite", "redis"])
def view_store(request, tmp_path):
    """Each view store in turn, empty."""
    store, dispose = make_view_store(request.param, tmp_path)
    yield store
    dispose()


ROWS = Table("notes", lambda doc: [f"status:{doc['status']}"], lambda doc: doc["n"])
TRAIL_ROWS = Table("trail", lambda doc: ["of:t"], lambda doc: doc["n"], listable=False)


def put(key: str, status: str, n: int) -> Write:
    return ROWS.write(key, None, {"id": key, "status": status, "n": n})


def test_a_batch_lands_only_on_the_position_it_was_computed_from(view_store):
    view_store.apply("notes", [put("a", "draft", 1)], 10, None)

    with pytest.raises(PositionConflict):
        view_store.apply("notes", [put("b", "draft", 2)], 20, None)
    with pytest.raises(PositionConflict):
        view_store.apply("notes", [put("b", "draft", 2)], 20, 9)
    with pytest.raises(PositionConflict):
        view_store.apply("notes", [put("b", "draft", 2)], 10, 10)
    assert view_store.position("notes") == 10
    assert view_store.get_many("notes", ["a", "b"]) == {"a": {"id": "a", "status": "draft",
                                                               "n": 1}}


def test_rows_move_between_terms_and_can_be_deleted(view_store):
    view_store.apply("notes", [put("a", "draft", 1), put("b", "draft", 2)], 1, None)
    moved = ROWS.write("a", {"id": "a", "status": "draft", "n": 1},
                       {"id": "a", "status": "decided", "n": 1})
    gone = ROWS.write("b", {"id": "b", "status": "draft", "n": 2}, None)
    view_store.apply("notes", [moved, gone], 2, 1)

    assert view_store.count("notes", "status:draft") == 0
    assert view_store.count("notes", "status:decided") == 1
    assert view_store.count("notes", "all") == 1
    assert view_store.get_many("notes", ["b"]) == {}
    assert "status:decided" in view_store.terms("notes", "status:")


def test_a_rebuilt_space_replaces_the_live_one_at_once(view_store):
    view_store.apply("notes", [put("old", "draft", 1)], 5, None)
    space = view_store.create_space("notes")
    view_store.apply("notes", [put("new", "draft", 1)], 7, None, space=space)

    assert view_store.get_many("notes", ["old", "new"]).keys() == {"old"}
    view_store.swap("notes", space)
    assert view_store.get_many("notes", ["old", "new"]).keys() == {"new"}
    assert view_store.position("notes") == 7
    with pytest.raises(ValueError):
        view_store.drop_space("notes", space)


def test_every_position_at_once_is_each_position_alone(view_store):
    view_store.apply("notes", [put("a", "draft", 1)], 10, None)
    space = view_store.create_space("trail")
    view_store.apply("trail", [], 4, None, space=space)  # a space not (yet) live
    names = ["notes", "trail", "commitments"]

    assert view_store.positions(names) == {name: view_store.position(name) for name in names}
    assert view_store.positions(names) == {"notes": 10, "trail": None, "commitments": None}
    assert view_store.positions([]) == {}


def test_waiting_for_a_position_returns_once_it_is_applied(view_store):
    assert view_store.wait_for("notes", 3, timeout=0.05) is False
    view_store.apply("notes", [], 3, None)

    assert view_store.wait_for("notes", 3, timeout=0.05) is True
    assert view_store.wait_for("notes", None, timeout=0) is True


def test_an_unknown_status_is_refused_before_any_store_is_asked(view_store):
    with pytest.raises(InvalidInput, match="status 'drafted' must be one of"):
        view_store.notes(NoteQuery(status="drafted"))


class TestRedisTrackingIsTheLibrarysTracking(TrackingRecorderTestCase):
    """The library's own tracking-recorder tests, unmodified, on the Redis store's tracking:
    the APPLY script the runner writes every batch with."""

    def create_recorder(self) -> RedisTrackingRecorder:
        self.client = redis_views_client()
        self.prefix = f"test:{uuid4().hex[:10]}:"
        return RedisViewStore(self.client, prefix=self.prefix).tracking("notes")

    def tearDown(self) -> None:
        remove_prefix(self.client, self.prefix)
        self.client.close()


def test_tracking_and_the_runner_share_one_position_written_one_way():
    client, prefix = redis_views_client(), f"test:{uuid4().hex[:10]}:"
    store = RedisViewStore(client, prefix=prefix)
    try:
        store.apply("notes", [], 5, None)
        tracking = store.tracking("notes")
        assert tracking.max_tracking_id(APPLICATION) == 5
        tracking.insert_tracking(Tracking(APPLICATION, 7))
        assert store.position("notes") == 7
        with pytest.raises(PositionConflict):
            store.apply("notes", [], 8, 5)  # computed from the position tracking moved on
    finally:
        remove_prefix(client, prefix)
        client.close()


PEOPLES_TERMS = {"sections", "section_revisions", "commitments", "motions", "drafted_by",
                 "route", "decided_by"}


def test_the_reader_names_each_actor_of_the_trail_and_flags_what_is_overdue(world, views,
                                                                           tmp_path):
    _, story, _ = world
    persons = SQLitePersonRegistry(tmp_path / "persons.sqlite")
    persons.register("p-drafter-1", "Jan Jansen", "civil_servant")
    reader = ViewReader(views, persons, today=lambda: TODAY)

    stored, read = views.note(str(story["note"])), reader.note(str(story["note"]))
    assert {k: v for k, v in read.items() if k not in PEOPLES_TERMS} == {
        k: v for k, v in stored.items() if k not in PEOPLES_TERMS}
    assert read["sections"] == {name: texts[-1] for name, texts in stored["sections"].items()}
    assert read["drafted_by"] == [{"id": "p-drafter-1", "name": "Jan Jansen"},
                                  {"id": "p-drafter-2", "name": None},
                                  {"id": "p-drafter-3", "name": None}]
    assert [step["initialled_by"]["id"] for step in read["route"]] == [
        step["initialled_by"] for step in stored["route"]]
    assert read["decided_by"] == {"id": stored["decided_by"], "name": None}
    assert [c["id"] for c in read["commitments"]] == stored["commitment_ids"]
    assert [m["id"] for m in read["motions"]] == stored["motion_ids"]
    trail = reader.trail(str(story["note"]))
    assert trail[0]["actor"]["person"] == {"id": "p-drafter-1", "name": "Jan Jansen"}
    persons.erase("p-drafter-1")
    assert reader.trail(str(story["note"]))[0]["actor"]["person"]["name"] == "[erased]"
    listed = reader.commitments(CommitmentQuery(paging=ALL_ROWS))
    assert {doc["id"]: doc["overdue"] for doc in listed.items} == {
        doc["id"]: is_overdue(doc, TODAY) for doc in listed.items}


def test_the_public_reader_redacts_civil_servants_and_names_the_minister(world, views,
                                                                         tmp_path):
    _, story, _ = world
    persons = SQLitePersonRegistry(tmp_path / "persons.sqlite")
    persons.register("p-drafter-1", "Jan Jansen", "civil_servant")
    persons.register("p-minister-vro", "Mona Keijzer", "minister")
    shown = ViewReader(views, persons).public_note(str(story["note"]))

    assert shown["drafted_by"] == [{"id": None, "name": "■■■ (5.1.2e Woo)"}] * 3
    assert shown["decided_by"] == {"id": None, "name": "Mona Keijzer"}
    assert "p-drafter-1" not in str(shown) and "Jan Jansen" not in str(shown)
    listed = ViewReader(views, persons).public_notes(ALL_ROWS)
    assert str(story["note"]) in [item["id"] for item in listed.items]


def test_a_sqlite_space_in_the_earlier_layout_is_read_and_written_alike(world, tmp_path):
    """Spaces made before the rows table became a rowid table (rows WITHOUT ROWID) are
    not converted: the same log gives the same rows and answers in both layouts."""
    stores = []
    for earlier in (False, True):
        store = SQLiteViewStore(tmp_path / f"views-{earlier}.sqlite")
        if earlier:
            for name in PROJECTORS:
                space = store.create_space(name)
                rows = store._tables(name, space)[0]
                with store._write() as db:
                    db.execute(f"DROP TABLE {rows}")
                    db.execute(f"CREATE TABLE {rows} (tbl TEXT, key TEXT, doc TEXT NOT NULL, "
                               "score REAL NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID")
                    db.execute("INSERT INTO views_live VALUES (?, ?)", (name, space))
        Runner(world[0], store, batch_size=700).catch_up()
        stores.append(store)
    current, earlier = stores
    with earlier._write() as db:
        layouts = [sql for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE name LIKE '%\\_rows' ESCAPE '\\'")]
    assert len(layouts) == len(PROJECTORS) and all("WITHOUT ROWID" in s for s in layouts)

    for name in PROJECTORS:
        assert list(earlier.dump(name)) == list(current.dump(name)), name
    for query in (NoteQuery(status="draft", paging=Paging(limit=7, offset=3)),
                  NoteQuery(consulted="SZW", paging=ALL_ROWS)):
        assert ids(earlier.notes(query)) == ids(current.notes(query)) != []
    for store in stores:
        store.close()


def test_a_sqlite_space_rebuilt_before_its_terms_are_indexed_by_key_equals_a_live_build(
        world, tmp_path):
    """A rebuild's space indexes its terms by row key only as it is made live, deleting
    each term row by its whole key meanwhile: small batches move rows' scores and drop
    their terms from batch to batch, and the views equal those a live runner built."""
    live = SQLiteViewStore(tmp_path / "live.sqlite")
    Runner(world[0], live, batch_size=5).catch_up()
    rebuilt = SQLiteViewStore(tmp_path / "rebuilt.sqlite")
    spaces = rebuild(world[0], rebuilt, list(PROJECTORS.values()), batch_size=5, swap=False)
    with rebuilt._write() as db:
        assert not any(rebuilt._is_keyed(db, rebuilt._tables(name, space)[1])
                       for name, space in spaces.items())
        # the trail's rows are only ever added: their key index waits for the swap; the
        # notes' were replaced from batch to batch, and found by key from the first
        assert not rebuilt._rows_keyed(db, rebuilt._tables("trail", spaces["trail"])[0])
        assert rebuilt._rows_keyed(db, rebuilt._tables("notes", spaces["notes"])[0])

    for name, space in spaces.items():
        assert list(rebuilt.dump(name, space)) == list(live.dump(name)), name
    rebuilt.swap_all(spaces)
    for name in PROJECTORS:
        assert list(rebuilt.dump(name)) == list(live.dump(name)), name
    indexed = SQLiteViewStore(tmp_path / "rebuilt.sqlite")  # asks the file, not a memory
    with indexed._write() as db:
        assert all(indexed._is_keyed(db, indexed._tables(name, space)[1])
                   and indexed._rows_keyed(db, indexed._tables(name, space)[0])
                   for name, space in spaces.items())
    moved = ROWS.write("a", {"id": "a", "status": "draft", "n": 1},
                       {"id": "a", "status": "decided", "n": 2})
    space = rebuilt.create_space("notes")
    rebuilt.apply("notes", [put("a", "draft", 1)], 1, None, space)
    rebuilt.apply("notes", [moved], 2, 1, space)
    assert [row[3] for row in rebuilt.dump("notes", space)] == [["all", "status:decided"]]
    trail = rebuilt.create_space("trail")
    rebuilt.apply("trail", [TRAIL_ROWS.write("t:1", None, {"n": 1})], 1, None, trail)
    assert rebuilt.get_many("trail", ["t:1", "t:2"], trail) == {"t:1": {"n": 1}}
    rebuilt.apply("trail", [TRAIL_ROWS.write("t:1", {"n": 1}, {"n": 2})], 2, 1, trail)
    assert [row[2] for row in rebuilt.dump("trail", trail)] == [{"n": 2}]  # replaced
    for store in (live, rebuilt, indexed):
        store.close()


def test_a_swap_that_fails_leaves_no_memory_of_its_index(tmp_path, monkeypatch):
    """The key index a failed swap made is rolled back with it; the store must not go on
    taking the space's rows for keyed, or a replaced row would be kept twice."""
    store = SQLiteViewStore(tmp_path / "views.sqlite")
    space = store.create_space("notes")
    store.apply("notes", [put("a", "draft", 1)], 1, None, space)

    def fails(db, projection):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(store, "_live", fails)
    with pytest.raises(RuntimeError, match="disk"):
        store.swap("notes", space)
    monkeypatch.undo()
    with store._write() as db:
        assert not store._rows_keyed(db, store._tables("notes", space)[0])
    moved = ROWS.write("a", {"id": "a", "status": "draft", "n": 1},
                       {"id": "a", "status": "decided", "n": 2})
    store.apply("notes", [moved], 2, 1, space)
    assert [row[1] for row in store.dump("notes", space)] == ["a"]
    store.swap("notes", space)
    assert [row[3] for row in store.dump("notes")] == [["all", "status:decided"]]
    store.close()
