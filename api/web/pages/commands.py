"""The forms on a note: one use case of the Ledger each, in the role it needs, bound to the
version the page showed; a refusal is shown on the note, in Dutch, with what was typed."""

from __future__ import annotations

from uuid import UUID

from flask import abort, flash, g, redirect, render_template, request, url_for

from api.http.services import services
from api.web.errors import status_of
from api.web.identity import act_as
from api.web.pages.actions import ACTIONS
from api.web.pages.blueprints import pages
from api.web.pages.forms import field, form_token, number
from api.web.pages.note import render_note
from api.web.pages.reading import changes_between, visible
from api.web.refusals import dutch
from domain.errors import LedgerError, StaleVersion


@pages.post("/nota/<ref>/actie/<name>")
def command(ref, name):
    """Run one form's command on the note, bound to the version shown; back to the note."""
    chosen = ACTIONS.get(name)
    if chosen is None:
        abort(404)
    me = act_as(chosen.role)
    note = UUID(visible(ref)["id"])  # others get 'not found'; the aggregate decides the rest
    shown = number(request.form.get("version"), "versie")
    try:
        saved = chosen.run(_Bound(services().ledger, shown), note,
                           me.actor(request.form.get("token")))
    except LedgerError as error:
        return _refused(note, name, error, shown)
    flash(chosen.done)
    return redirect(url_for("web.note", ref=str(saved.id), na=saved.position))


def _refused(note: UUID, name: str, error: LedgerError, shown: int):
    """The note as it is now, the refusal in Dutch, the form's values kept; a page older
    than the note also shows what changed since the version it showed."""
    g.failed_form = name
    now = visible(str(note))
    stale = changes_between(now, shown) if isinstance(error, StaleVersion) else None
    return render_note(now, status_of(error), failed=name, error=dutch(error),
                       stale=stale, shown=shown)


class _Bound:
    """The ledger with every change bound to the version the page showed."""

    def __init__(self, ledger, version: int) -> None:
        self._ledger, self._version = ledger, version

    def __getattr__(self, name):
        method = getattr(self._ledger, name)
        return lambda *args, **kwargs: method(*args, expected_version=self._version, **kwargs)


@pages.get("/nota/nieuw")
def new_note():
    act_as("drafter")
    return render_template("new_note.html", token=form_token(), values={})


@pages.post("/nota/nieuw")
def draft():
    me = act_as("drafter")
    values = request.form
    try:
        fields = {"reference": field("reference", label="de referentie"),
                  "title": field("title", label="de titel"),
                  "kind": values.get("kind") or "decision",
                  "date": field("date", label="de datum"),
                  "from_unit": field("from_unit", label="de eenheid"),
                  "to_official": field("to_official", label="aan wie de nota gaat"),
                  "ministry": me.organisation, "drafted_by": [me.person_id],
                  "actively_public": values.get("actively_public") == "ja"}
        saved = services().ledger.draft_note(me.actor(values.get("token")), **fields)
    except LedgerError as error:
        return render_template("new_note.html", token=values.get("token") or form_token(),
                               values=values, error=dutch(error)), status_of(error)
    flash("De nota is aangemaakt.")
    return redirect(url_for("web.note", ref=str(saved.id), na=saved.position))
