"""De nota: everything about one note, and for a consultee what changed since its answer."""

from __future__ import annotations

from flask import g, render_template

from api.web.pages.blueprints import pages
from api.web.pages.reading import (
    answered_version,
    changes_between,
    named,
    reader,
    remembered,
    visible,
)


def since_answer(note: dict, organisation: str) -> dict | None:
    """For an organisation that answered before: its answer's version and what changed."""
    if organisation not in note["consultations"]:
        return None
    version = remembered().get(
        ("answered", note["id"], organisation, note["version"]),
        lambda: answered_version(reader().trail(note["id"]), organisation))
    if version is None:
        return None
    found = [] if version == note["version"] else changes_between(note, version)
    return {"version": version, "changes": found}


@pages.get("/nota/<ref>")
def note(ref):
    found = visible(ref)
    mine = found["consultations"].get(g.principal.organisation)
    return render_template("note.html", note=named(found), mine=mine,
                           since=since_answer(found, g.principal.organisation))
