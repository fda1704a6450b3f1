"""Each projection's shape number moves with the shape of its rows.

Views built by an earlier version are refused as outdated when a projection's number in
``SHAPES`` differs from the one they were built with (projections/honesty.py): that guard is
only as good as the numbers. This test projects the example nota's whole story and reads
off every path of every row and every kind of index term; ``view_shapes.json`` holds them
for each projection's current number. A change to what a projection writes fails here
until its number is raised and the file written again (``NOTALEDGER_WRITE_SHAPES=1``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from adapters.views_sqlite import SQLiteViewStore
from api.cli.demo import EXAMPLE, load_demo
from projections.catalogue import PROJECTORS, SHAPES
from projections.runner import Runner
from tests.conftest import make_ledger

RECORDED = Path(__file__).resolve().parent.parent / "data" / "view_shapes.json"
AN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def paths(value, prefix: str = "") -> set[str]:
    """Every path in a row ("notes.letter.sent", "notes.route[].unit"); a map by id, or
    whose entries are all objects (by organisation, ...), counts as one entry ("*")."""
    if isinstance(value, dict):
        if not value:
            return {prefix + "{}"}
        if all(AN_ID.match(key) for key in value) or all(
                isinstance(entry, dict) for entry in value.values()):
            return set().union(*(paths(entry, prefix + ".*") for entry in value.values()))
        return set().union(*(paths(entry, f"{prefix}.{key}") for key, entry in value.items()))
    if isinstance(value, list):
        return {prefix + "[]"}.union(*(paths(entry, prefix + "[]") for entry in value))
    return {prefix}


def shapes_of(store: SQLiteViewStore) -> dict[str, dict]:
    found = {}
    for name in PROJECTORS:
        rows, terms = set(), set()
        for table, _key, doc, row_terms, _score in store.dump(name):
            doc = json.loads(doc) if isinstance(doc, str | bytes) else doc
            rows |= {table + path for path in paths(doc)}
            terms |= {f"{table}:{term.split(':')[0]}" for term in row_terms}
        found[name] = {"shape": SHAPES[name], "rows": sorted(rows), "terms": sorted(terms)}
    return found


@pytest.fixture(scope="module")
def projected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shapes")
    ledger = make_ledger({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(folder / "events.sqlite")})
    store = SQLiteViewStore(folder / "views.sqlite")
    try:
        load_demo(ledger, None, EXAMPLE)
        Runner(ledger, store).catch_up()
        yield shapes_of(store)
    finally:
        store.close()
        ledger.close()


def test_every_projection_has_a_shape_number():
    assert set(SHAPES) == set(PROJECTORS)
    assert all(isinstance(shape, int) and shape >= 1 for shape in SHAPES.values())


@pytest.mark.parametrize("name", sorted(PROJECTORS))
def test_a_projection_writes_what_its_shape_number_says(projected, name):
    if os.environ.get("NOTALEDGER_WRITE_SHAPES") == "1":
        RECORDED.write_text(json.dumps(projected, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(RECORDED.read_text())[name]
    now = projected[name]
    assert now["rows"] and now["terms"], f"the example's story wrote no {name} rows"
    if now["shape"] == recorded["shape"]:
        assert (now["rows"], now["terms"]) == (recorded["rows"], recorded["terms"]), (
            f"the {name} projection writes rows or terms of another shape than shape "
            f"{recorded['shape']} did: raise SHAPES[{name!r}] in projections/catalogue.py "
            "(views built before are then rebuilt, not served as they are) and write "
            "tests/data/view_shapes.json again with NOTALEDGER_WRITE_SHAPES=1")
    else:
        assert now["shape"] > recorded["shape"], "a shape number only goes up"
        pytest.fail(f"SHAPES[{name!r}] was raised: write tests/data/view_shapes.json again "
                    "with NOTALEDGER_WRITE_SHAPES=1")
