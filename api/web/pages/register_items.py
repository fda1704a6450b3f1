"""One commitment or motion, and the registrar's forms on it: status with its reason, the
cabinet's appraisal, the vote, holding a motion."""

from __future__ import annotations

from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for

from api.http.services import services
from api.web.identity import act_as
from api.web.pages.blueprints import pages
from api.web.pages.forms import field, form_token, number
from api.web.pages.reading import reader
from domain import commitment, motion
from domain.errors import NotFound


def _id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotFound(f"no such item {text}") from None


@pages.get("/registers/toezeggingen/<item>")
def commitment_page(item):
    found = reader().commitment(str(_id(item)))
    if found is None:
        abort(404)
    return render_template("commitment.html", c=found, statuses=commitment.STATUSES,
                           token=form_token())


@pages.post("/registers/toezeggingen/<item>/status")
def commitment_status(item):
    me = act_as("registrar")
    saved = services().ledger.set_commitment_status(
        _id(item), me.actor(request.form.get("token")), field("status"), field("reason"),
        expected_version=number(request.form.get("version"), "versie"))
    flash("De status van de toezegging is vastgelegd.")
    return redirect(url_for("web.commitment_page", item=item, na=saved.position))


@pages.get("/registers/moties/<item>")
def motion_page(item):
    found = reader().motion(str(_id(item)))
    if found is None:
        abort(404)
    return render_template("motion.html", m=found, appraisals=motion.APPRAISALS,
                           token=form_token())


MOTION_ACTIONS = {
    "appreciatie": (lambda lg, m, a, v: lg.appraise_motion(
        m, a, field("appraisal"), field("remarks", False), expected_version=v),
        "De appreciatie is vastgelegd."),
    "stemming": (lambda lg, m, a, v: lg.record_motion_vote(
        m, a, request.form.get("adopted") == "ja", field("vote_date", False) or None,
        expected_version=v), "De uitslag van de stemming is vastgelegd."),
    "aanhouden": (lambda lg, m, a, v: lg.hold_motion(m, a, expected_version=v),
                  "De motie is aangehouden."),
}


@pages.post("/registers/moties/<item>/<action>")
def motion_action(item, action):
    chosen = MOTION_ACTIONS.get(action)
    if chosen is None:
        abort(404)
    me = act_as("registrar")
    run, done = chosen
    saved = run(services().ledger, _id(item), me.actor(request.form.get("token")),
                number(request.form.get("version"), "versie"))
    flash(done)
    return redirect(url_for("web.motion_page", item=item, na=saved.position))
