"""The drafter's, paraph's and decider's forms on a note: each one use case of the Ledger,
in the role it needs, through the same access rules as the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from flask import abort, flash, redirect, render_template, request, url_for

from api.http.services import services
from api.web.identity import act_as
from api.web.pages.blueprints import pages
from api.web.pages.forms import field, form_token, number
from api.web.pages.reading import visible
from domain.errors import InvalidInput


@dataclass(frozen=True)
class Command:
    role: str
    run: Callable  # (ledger, note id, actor) -> Saved
    done: str


def _steps(text: str) -> list[dict]:
    """Paraph steps, one a line: 'rol | eenheid'."""
    steps = []
    for line in text.splitlines():
        role, _, unit = line.partition("|")
        if line.strip():
            steps.append({"role": role.strip(), "unit": unit.strip()})
    if not steps:
        raise InvalidInput("geef minstens één stap: 'rol | eenheid' per regel")
    return steps


COMMANDS = {
    "titel": Command("drafter", lambda lg, n, a: lg.revise_title(n, a, field("title")),
                     "De titel is gewijzigd."),
    "sectie": Command("drafter", lambda lg, n, a: lg.revise_section(
        n, a, field("name"), field("text")), "De sectie is opgeslagen."),
    "beslispunt": Command("drafter", lambda lg, n, a: lg.add_advised_decision(
        n, a, field("text")), "Het beslispunt is toegevoegd."),
    "afstemming-vragen": Command("drafter", lambda lg, n, a: lg.request_consultation(
        n, a, field("organisation"), field("role"), field("due", False) or None),
        "De afstemming is gevraagd."),
    "route": Command("drafter", lambda lg, n, a: lg.set_paraph_route(
        n, a, _steps(field("steps"))), "De parafenroute is vastgesteld."),
    "route-starten": Command("drafter", lambda lg, n, a: lg.start_review(n, a),
                             "De parafering is gestart."),
    "paraaf": Command("drafter", lambda lg, n, a: lg.initial(
        n, a, number(request.form.get("step"), "stap")), "Uw paraaf is gezet."),
    "paraaf-weigeren": Command("drafter", lambda lg, n, a: lg.refuse_initial(
        n, a, number(request.form.get("step"), "stap"), field("reason")),
        "De paraaf is geweigerd; de nota gaat terug naar de opsteller."),
    "indienen": Command("drafter", lambda lg, n, a: lg.submit_note(n, a),
                        "De nota is ter besluitvorming ingediend."),
    "uitkomst": Command("decider", lambda lg, n, a: lg.record_outcome(
        n, a, number(request.form.get("number"), "beslispunt"), field("outcome"),
        field("remarks", False)), "Het besluit op het beslispunt is vastgelegd."),
    "besluiten": Command("decider", lambda lg, n, a: lg.decide_note(n, a),
                         "Het besluit over de nota is vastgelegd."),
    "kamerstuk": Command("registrar", lambda lg, n, a: lg.register_letter(
        n, a, field("parliament_number")), "Het Kamerstuknummer is geregistreerd."),
}


@pages.post("/nota/<ref>/actie/<name>")
def command(ref, name):
    """Run one command on the note, bound to the version shown; back to the note."""
    chosen = COMMANDS.get(name)
    if chosen is None:
        abort(404)
    me = act_as(chosen.role)
    note = UUID(visible(ref)["id"])  # others get 'not found'; the aggregate decides the rest
    shown = number(request.form.get("version"), "versie")
    saved = chosen.run(_Bound(services().ledger, shown), note,
                       me.actor(request.form.get("token")))
    flash(chosen.done)
    return redirect(url_for("web.note", ref=str(saved.id)))


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
    fields = {"reference": field("reference"), "title": field("title"),
              "kind": request.form.get("kind") or "decision", "date": field("date"),
              "from_unit": field("from_unit"), "to_official": field("to_official"),
              "ministry": me.organisation, "drafted_by": [me.person_id],
              "actively_public": request.form.get("actively_public") == "ja"}
    saved = services().ledger.draft_note(me.actor(request.form.get("token")), **fields)
    flash("De nota is aangemaakt.")
    return redirect(url_for("web.note", ref=str(saved.id)))

