"""De nota: everything about one note, and for a consultee what changed since its answer."""

from __future__ import annotations

from flask import g, render_template

from api.web.diff import changes
from api.web.pages.blueprints import pages
from api.web.pages.reading import answered_version, named, reader, replayed, visible


def since_answer(note: dict, organisation: str, trail: list[dict]) -> dict | None:
    """For an organisation that answered before: its answer's version and what changed."""
    version = answered_version(trail, organisation)
    if version is None:
        return None
    found = [] if version == note["version"] else changes(replayed(note, version), note)
    return {"version": version, "changes": found}


@pages.get("/nota/<ref>")
def note(ref):
    found = visible(ref)
    trail = reader().trail(found["id"])
    mine = found["consultations"].get(g.principal.organisation)
    return render_template("note.html", note=named(found), mine=mine,
                           since=since_answer(found, g.principal.organisation, trail))
