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
from api.web.words import nl
from domain import commitment
from projections.queries import CommitmentQuery, MotionQuery, Paging

UNSENT = ("draft", "returned", "in_review", "submitted", "decided")
LINKABLE = 500
CLOSED_MOTIONS = ("rejected", "withdrawn", "lapsed")


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


def linkable(note: dict) -> dict:
    """For the owner's drafter before the letter goes: the ministry's unsettled commitments
    and its motions still in play, not linked yet."""
    me = g.principal
    if (me.organisation != note["ministry"] or "drafter" not in me.roles
            or note["status"] not in UNSENT):
        return {"commitments": [], "motions": [], "commitment_labels": {}, "motion_labels": {}}
    read, paging = reader(), Paging(0, LINKABLE)
    commitments = [c for c in read.commitments(CommitmentQuery(
        ministry=note["ministry"], paging=paging)).items
        if c["status"] in commitment.UNSETTLED and c["id"] not in note["commitment_ids"]]
    motions = [m for m in read.motions(MotionQuery(ministry=note["ministry"], paging=paging)
                                       ).items
               if m["status"] not in CLOSED_MOTIONS and m["id"] not in note["motion_ids"]]
    return {"commitments": commitments, "motions": motions,
            "commitment_labels": {c["id"]: _label(c["text"], c["deadline"].get("text"))
                                  for c in commitments},
            "motion_labels": {m["id"]: _label(f"{m['case_number'] or ''} {m['text']}".strip(),
                                              nl(m["status"], "motion"))
                              for m in motions}}


def _label(text: str, after: str | None) -> str:
    text = text if len(text) <= 90 else text[:89] + "…"
    return f"{text} ({after})" if after else text


def render_note(found: dict, status: int = 200, **failure):
    """The note page; after a refused form, with the refusal and what was typed (failure:
    failed=form name, error=Dutch sentence, stale=changes since the version shown)."""
    mine = found["consultations"].get(g.principal.organisation)
    shown = {"failed": None, "error": None, "stale": None, "shown": None, **failure}
    return render_template("note.html", note=named(found), mine=mine,
                           since=since_answer(found, g.principal.organisation),
                           linkable=linkable(found), **shown), status


@pages.get("/nota/<ref>")
def note(ref):
    return render_note(visible(ref))
