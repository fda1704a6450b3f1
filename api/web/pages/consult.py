"""Afstemming: a consultee answers for its own organisation, bound to the version it read."""

from __future__ import annotations

from uuid import UUID

from flask import flash, g, redirect, render_template, request, url_for

from api.http.services import services
from api.web.identity import act_as
from api.web.pages.blueprints import pages
from api.web.pages.forms import form_token, number
from api.web.pages.note import since_answer
from api.web.pages.reading import changes_between, visible
from api.web.refusals import dutch
from domain.errors import InvalidInput, StaleVersion

OUTCOMES = ("agreed", "agreed_with_remarks", "disagreed")


def _form(note: dict, status: int = 200, stale: list | None = None, shown: int | None = None,
          values: dict | None = None, error: str | None = None):
    me = g.principal
    return render_template("consult.html", note=note, mine=note["consultations"].get(
        me.organisation), since=since_answer(note, me.organisation), stale=stale,
        shown=shown, values=values or {}, outcomes=OUTCOMES, token=form_token(),
        error=error), status


@pages.get("/nota/<ref>/afstemming")
def consult(ref):
    act_as("consultee")
    return _form(visible(ref))


@pages.post("/nota/<ref>/afstemming")
def answer(ref):
    """Record the answer; a page older than the note is shown what changed, never saved."""
    me = act_as("consultee")
    shown = number(request.form.get("version"), "versie")
    outcome, remarks = request.form.get("outcome", ""), request.form.get("remarks", "")
    note = UUID(visible(ref)["id"])  # the aggregate decides whether this person may answer
    try:
        saved = services().ledger.answer_consultation(
            note, me.actor(request.form.get("token")), me.organisation, outcome, remarks,
            expected_version=shown)
    except InvalidInput as error:
        return _form(visible(str(note)), 422, values={"outcome": outcome, "remarks": remarks},
                     error=dutch(error))
    except StaleVersion:
        now = visible(str(note))
        return _form(now, 409, changes_between(now, shown), shown,
                     {"outcome": outcome, "remarks": remarks})
    flash("Uw afstemming is vastgelegd.")
    return redirect(url_for("web.note", ref=str(note), na=saved.position))

