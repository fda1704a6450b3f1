"""The public registers read through the published notes' index, in SQLite and Redis alike:
the commitments and motions of published notes (no others), filtered, ordered and paged as
the registers are, each with exactly the published notes that link it. The expected
answers come from the ledger's own aggregates (the contract's oracle)."""

from __future__ import annotations

import pytest

from projections.public_index import COMMITMENT, MOTION
from projections.queries import CommitmentQuery, MotionQuery, Paging
from projections.reader import ViewReader
from projections.runner import Runner
from tests.conftest import make_ledger
from tests.integration.projection_fixtures import make_view_store
from tests.integration.test_seed_story import CLERK, MVRO, NPLV, record_seed_story
from tests.integration.test_views_contract import (
    ALL_ROWS,
    TODAY,
    built_views,
    ids,
    storied_world,
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The seed story and a few hundred varied note lives, some published."""
    built = storied_world(tmp_path_factory, seed=11)
    yield built
    built[0].close()


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def views(request, world, tmp_path_factory):
    store, dispose = built_views(request.param, world[0], tmp_path_factory)
    yield store
    dispose()


def published(oracle) -> dict[str, dict]:
    return {k: note for k, note in oracle.notes.items() if note["status"] == "published"}


def public_items(oracle, kind: str) -> set[str]:
    return {i for note in published(oracle).values() for i in note[f"{kind}_ids"]}


def reader(views) -> ViewReader:
    return ViewReader(views, None, today=lambda: TODAY)


def test_a_published_notes_row_is_indexed_by_what_it_links(world, views):
    _, _, oracle = world
    assert len(public_items(oracle, "commitment")) > 5 and len(public_items(oracle, "motion"))
    for prefix, kind in ((COMMITMENT, "commitment"), (MOTION, "motion")):
        assert {t[len(prefix):] for t in views.terms("public", prefix)} == public_items(oracle,
                                                                                        kind)


@pytest.mark.parametrize("query, keep", [
    (CommitmentQuery(paging=ALL_ROWS), lambda c: True),
    (CommitmentQuery(status="fulfilled", paging=ALL_ROWS), lambda c: c["status"] == "fulfilled"),
    (CommitmentQuery(status="open", ministry="VRO", paging=ALL_ROWS),
     lambda c: c["status"] == "open" and c["ministry"] == "VRO"),
    (CommitmentQuery(overdue=True, paging=ALL_ROWS),
     lambda c: c["status"] in ("open", "partially_fulfilled") and c["deadline"]["end"]
     and c["deadline"]["end"] < TODAY.isoformat()),
])
def test_the_public_commitments_are_those_of_published_notes_as_the_register_asks(
        world, views, query, keep):
    _, _, oracle = world
    public = public_items(oracle, "commitment")
    expected = oracle.commitments_where(lambda c: str(c["id"]) in public and keep(c))
    listed = reader(views).public_commitments(query)
    assert (ids(listed), listed.total) == (expected, len(expected))


def test_public_commitments_page_in_the_registers_order(world, views):
    _, _, oracle = world
    public = public_items(oracle, "commitment")
    expected = oracle.commitments_where(lambda c: str(c["id"]) in public)
    pages = [reader(views).public_commitments(CommitmentQuery(paging=Paging(offset, 4)))
             for offset in range(0, len(expected), 4)]
    assert [i for page in pages for i in ids(page)] == expected
    assert {page.total for page in pages} == {len(expected)}


def test_the_public_motions_are_those_of_published_notes_in_the_registers_order(world, views):
    _, _, oracle = world
    public = public_items(oracle, "motion")
    listed = reader(views).public_motions(MotionQuery(paging=ALL_ROWS))
    assert ids(listed) == oracle.motions_where(lambda m: str(m["id"]) in public)
    held = reader(views).public_motions(MotionQuery(status="held", paging=ALL_ROWS))
    assert ids(held) == oracle.motions_where(
        lambda m: str(m["id"]) in public and m["status"] == "held")


def test_each_public_item_names_exactly_the_published_notes_that_link_it(world, views):
    _, _, oracle = world
    notes = published(oracle)
    for kind, read_one in (("commitment", reader(views).public_commitment),
                           ("motion", reader(views).public_motion)):
        for item in sorted(public_items(oracle, kind))[:20]:
            shown = read_one(item)
            assert {n["id"] for n in shown["notes"]} == {
                k for k, note in notes.items() if item in note[f"{kind}_ids"]}


def test_a_commitment_or_motion_of_no_published_note_is_not_public(world, views):
    _, _, oracle = world
    hidden_commitment = next(k for k in oracle.commitments
                             if k not in public_items(oracle, "commitment"))
    hidden_motion = next(k for k in oracle.motions if k not in public_items(oracle, "motion"))
    assert reader(views).public_commitment(hidden_commitment) is None
    assert reader(views).public_motion(hidden_motion) is None


@pytest.fixture(params=["sqlite", "redis"])
def seeded(request, tmp_path):
    """The seed story published, its views in each store in turn, and a runner to catch up."""
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    story = record_seed_story(ledger)
    store, dispose = make_view_store(request.param, tmp_path)
    runner = Runner(ledger, store)
    runner.catch_up()
    yield ledger, story, store, runner
    dispose()
    ledger.close()


def test_an_answer_given_again_follows_every_event_projected_since(seeded):
    ledger, story, store, runner = seeded
    first = str(story["commitments"][0])

    def statuses() -> dict[str, str]:
        listed = reader(store).public_commitments(CommitmentQuery(paging=ALL_ROWS))
        return {c["id"]: c["status"] for c in listed.items}

    assert statuses()[first] == "fulfilled" and statuses() == statuses()
    ledger.set_commitment_status(story["commitments"][0], CLERK, "partially_fulfilled",
                                 "only in part")
    runner.catch_up()
    assert statuses()[first] == "partially_fulfilled"

    other = ledger.register_commitment(
        CLERK, text="informeert de Kamer over de huurtoeslag", minister="de minister van VRO",
        ministry="VRO", recipients=[{"name": "Grinwis", "party": "CU"}],
        to_several_members=False, debate_kind="commissiedebat", debate_date="2026-06-10",
        deadline="eind 2026").id
    runner.catch_up()
    note = sent_note_linking(ledger, other)
    runner.catch_up()
    assert str(other) not in statuses()  # its note's letter is sent, the note not published
    ledger.publish_note(note, NPLV)
    runner.catch_up()
    assert statuses()[str(other)] == "fulfilled"
    shown = reader(store).public_commitments(CommitmentQuery(party="CU", paging=ALL_ROWS))
    (linked,) = [c for c in shown.items if c["id"] == str(other)]
    assert [n["id"] for n in linked["notes"]] == [str(note)]


def sent_note_linking(ledger, commitment):
    """An actively public note whose sent letter fulfils the commitment (not yet published)."""
    note = ledger.draft_note(NPLV, reference="2026-PUB-2", title="Huurtoeslag",
                             kind="information", date="2026-06-20", from_unit="NPLV",
                             to_official="MVRO", ministry="VRO", actively_public=True).id
    ledger.link_commitment(note, NPLV, commitment)
    ledger.set_paraph_route(note, NPLV, [{"role": "head", "unit": "NPLV"}])
    ledger.start_review(note, NPLV)
    ledger.initial(note, NPLV, 0)
    ledger.submit_note(note, NPLV)
    ledger.decide_note(note, MVRO)
    ledger.sign_letter(note, MVRO)
    ledger.send_letter(note, NPLV, "TK")
    return note
