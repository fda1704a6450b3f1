"""A note found by its reference costs the same with 20 notes visible as with 4,000: the
SQLite view store walks the reference's own rows, not every note the caller may see."""

from __future__ import annotations

from adapters.views_sqlite import SQLiteViewStore
from projections.notes import NOTES
from projections.queries import NoteQuery, Paging


def _note(n: int) -> dict:
    return {"id": f"n{n}", "reference": f"2026-{n:06d}", "ministry": "VRO", "collaborating": [],
            "consultations": {}, "status": "draft", "created_position": n}


def _steps_to_find(tmp_path, notes: int) -> int:
    """SQLite virtual-machine steps (in hundreds) for one look-up by reference."""
    store = SQLiteViewStore(tmp_path / f"views-{notes}.sqlite")
    try:
        store.apply("notes", [NOTES.write(f"n{n}", None, _note(n)) for n in range(notes)],
                    1, None)
        steps = []
        store._db().set_progress_handler(lambda: steps.append(1) and 0, 100)
        page = store.notes(NoteQuery(reference="2026-000007", visible_to="VRO",
                                     paging=Paging(0, 20)))
        store._db().set_progress_handler(None, 0)
        assert [doc["id"] for doc in page.items] == ["n7"] and page.total == 1
        return len(steps)
    finally:
        store.close()


def test_a_reference_is_found_without_walking_every_visible_note(tmp_path):
    few, many = _steps_to_find(tmp_path, 20), _steps_to_find(tmp_path, 4000)

    assert many <= few + 2  # was about 1,300 (hundreds of steps) at 4,000 notes
