"""Openbaar: published notes as the Woo publishes them, and the registers; no sign-in."""

from __future__ import annotations

from flask import abort, render_template, request

from api.http.access import note_id
from api.web.pages.blueprints import public_pages
from api.web.pages.reading import reader
from projections.queries import CommitmentQuery, MotionQuery, Paging


@public_pages.get("")
def index():
    read = reader()
    text = request.args.get("zoek") or None
    return render_template("public.html", notes=read.public_notes(Paging(0, 100), text),
                           commitments=read.public_commitments(CommitmentQuery(
                               paging=Paging(0, 100))).items,
                           motions=read.public_motions(MotionQuery(
                               paging=Paging(0, 100))).items,
                           text=text or "")


@public_pages.get("/nota/<ref>")
def note(ref):
    found = reader().public_note(str(note_id(ref)))
    if found is None:
        abort(404, "Deze nota is niet (of nog niet) openbaar gemaakt.")
    return render_template("public_note.html", note=found)
