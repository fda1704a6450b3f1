"""The forms on a note, by the name in their URL: each one use case of the Ledger, the role
it needs, and what the page says when it is done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from flask import request

from api.web.pages.forms import Onjuist, field, number


@dataclass(frozen=True)
class Action:
    role: str
    run: Callable  # (ledger bound to the version shown, note id, actor) -> Saved
    done: str


def _steps(text: str) -> list[dict]:
    """Paraph steps, one a line: 'rol | eenheid'."""
    steps = []
    for line in text.splitlines():
        role, _, unit = line.partition("|")
        if line.strip():
            steps.append({"role": role.strip(), "unit": unit.strip()})
    if not steps:
        raise Onjuist("Geef minstens één stap van de parafenroute: 'rol | eenheid' per regel.")
    return steps


def _item(name: str, label: str) -> UUID:
    try:
        return UUID(field(name, label=f"de {label}"))
    except ValueError:
        raise Onjuist(f"Kies een {label} uit de lijst.") from None


def _int(name: str, label: str) -> int:
    return number(request.form.get(name), label)


DRAFTING = {
    "titel": Action("drafter", lambda lg, n, a: lg.revise_title(
        n, a, field("title", label="de titel")), "De titel is gewijzigd."),
    "sectie": Action("drafter", lambda lg, n, a: lg.revise_section(
        n, a, field("name", label="de naam van de sectie"), field("text", label="de tekst")),
        "De sectie is opgeslagen."),
    "beslispunt": Action("drafter", lambda lg, n, a: lg.add_advised_decision(
        n, a, field("text", label="het beslispunt")), "Het beslispunt is toegevoegd."),
    "beslispunt-wijzigen": Action("drafter", lambda lg, n, a: lg.revise_advised_decision(
        n, a, _int("number", "nummer van het beslispunt"), field("text", label="het beslispunt")),
        "Het beslispunt is gewijzigd."),
    "beslispunt-verwijderen": Action("drafter", lambda lg, n, a: lg.remove_advised_decision(
        n, a, _int("number", "nummer van het beslispunt")), "Het beslispunt is verwijderd."),
    "bijlage": Action("drafter", lambda lg, n, a: lg.add_attachment(
        n, a, _int("number", "volgnummer"), field("name", label="de naam van de bijlage"),
        field("information", False)), "De bijlage is toegevoegd."),
    "bijlage-verwijderen": Action("drafter", lambda lg, n, a: lg.remove_attachment(
        n, a, _int("number", "volgnummer")), "De bijlage is verwijderd."),
    "afstemming-vragen": Action("drafter", lambda lg, n, a: lg.request_consultation(
        n, a, field("organisation", label="de organisatie"), field("role", label="de rol"),
        field("due", False) or None), "De afstemming is gevraagd."),
    "afstemming-intrekken": Action("drafter", lambda lg, n, a: lg.withdraw_consultation(
        n, a, field("organisation", label="de organisatie")), "Het verzoek om afstemming is "
        "ingetrokken."),
    "route": Action("drafter", lambda lg, n, a: lg.set_paraph_route(
        n, a, _steps(field("steps", label="de parafenroute"))), "De parafenroute is vastgesteld."),
    "route-starten": Action("drafter", lambda lg, n, a: lg.start_review(n, a),
                            "De parafering is gestart."),
}

ROUTE_AND_DECISION = {
    "paraaf": Action("drafter", lambda lg, n, a: lg.initial(n, a, _int("step", "stap")),
                     "Uw paraaf is gezet."),
    "paraaf-weigeren": Action("drafter", lambda lg, n, a: lg.refuse_initial(
        n, a, _int("step", "stap"), field("reason", label="de reden van weigering")),
        "De paraaf is geweigerd; de nota gaat terug naar de opsteller."),
    "indienen": Action("drafter", lambda lg, n, a: lg.submit_note(n, a),
                       "De nota is ter besluitvorming ingediend."),
    "uitkomst": Action("decider", lambda lg, n, a: lg.record_outcome(
        n, a, _int("number", "beslispunt"), field("outcome", label="het besluit"),
        field("remarks", False)), "Het besluit op het beslispunt is vastgelegd."),
    "besluiten": Action("decider", lambda lg, n, a: lg.decide_note(n, a),
                        "Het besluit over de nota is vastgelegd."),
}

LETTER = {
    "mede-namens": Action("drafter", lambda lg, n, a: lg.add_co_sender(
        n, a, field("co_sender", label="namens wie de brief mede gaat")),
        "De medeondertekenaar is toegevoegd."),
    "brief-plannen": Action("drafter", lambda lg, n, a: lg.plan_letter(
        n, a, field("planned", label="de planning")), "De planning van de Kamerbrief is "
        "vastgelegd."),
    "brief-ondertekenen": Action("decider", lambda lg, n, a: lg.sign_letter(n, a),
                                 "De Kamerbrief is ondertekend."),
    "brief-verzenden": Action("drafter", lambda lg, n, a: lg.send_letter(
        n, a, field("chamber", label="de Kamer")), "De Kamerbrief is verzonden; de gekoppelde "
        "toezeggingen en moties zijn bijgewerkt."),
    "kamerstuk": Action("registrar", lambda lg, n, a: lg.register_letter(
        n, a, field("parliament_number", label="het Kamerstuknummer")),
        "Het Kamerstuknummer is geregistreerd."),
    "toezegging-koppelen": Action("drafter", lambda lg, n, a: lg.link_commitment(
        n, a, _item("commitment", "toezegging"), field("relation", label="de relatie")),
        "De toezegging is gekoppeld."),
    "motie-koppelen": Action("drafter", lambda lg, n, a: lg.link_motion(
        n, a, _item("motion", "motie")), "De motie is gekoppeld."),
    "publiceren": Action("drafter", lambda lg, n, a: lg.publish_note(n, a),
                         "De nota is actief openbaar gemaakt."),
}

ACTIONS = {**DRAFTING, **ROUTE_AND_DECISION, **LETTER}
