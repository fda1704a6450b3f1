"""Errors as pages: the same statuses as the API, in plain Dutch words."""

from __future__ import annotations

import logging

from flask import Blueprint, g, render_template
from werkzeug.exceptions import HTTPException, default_exceptions

from api.http.problems import DOMAIN_STATUS, Problem
from api.web.refusals import dutch
from domain.errors import InvalidInput, LedgerError, NotFound

log = logging.getLogger("notaledger.web")
TITLES = {400: "Het verzoek klopt niet", 403: "Dat mag u niet", 404: "Niet gevonden",
          405: "Dat kan op deze pagina niet", 409: "Dat kan nu niet",
          412: "De gegevens zijn gewijzigd", 413: "Het formulier is te groot",
          422: "Dat klopt niet", 503: "Tijdelijk niet beschikbaar", 500: "Er ging iets mis"}
DETAILS = {400: "Het verzoek kon niet worden gelezen. Laad de pagina opnieuw en probeer het "
                "nog eens.",
           403: "U heeft geen toegang tot deze pagina of handeling.",
           404: "Deze pagina bestaat niet, of u heeft er geen toegang toe.",
           405: "Deze pagina kan op deze manier niet worden opgevraagd.",
           409: "Dat kan in deze fase niet.",
           413: "Het formulier is te groot om te verwerken.",
           503: "De dienst is even niet beschikbaar. Probeer het zo opnieuw.",
           500: "Er ging iets onverwachts mis."}


def page(status: int, detail: str):
    title = TITLES.get(status, "Er ging iets mis")
    return render_template("error.html", status=status, title=title, detail=detail), status


def status_of(error: LedgerError) -> int:
    """As the API answers, except that a form filled in wrongly is 422 on a page."""
    if isinstance(error, InvalidInput):
        return 422
    return next((s for kind, s, _ in DOMAIN_STATUS if isinstance(error, kind)), 422)


def from_domain(error: LedgerError):
    if isinstance(error, NotFound):
        return page(404, DETAILS[404])
    return page(status_of(error), dutch(error))


def from_problem(error: Problem):
    """The API layer's own problems speak English: a page says what the status means."""
    return page(error.status, DETAILS.get(error.status, DETAILS[500]))


def from_http(error: HTTPException):
    """A description of our own is Dutch; werkzeug's default one is not shown."""
    code = error.code or 500
    default = default_exceptions.get(code)
    own = error.description and (default is None or error.description != default.description)
    return page(code, error.description if own else DETAILS.get(code, DETAILS[500]))


def from_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return from_http(error)
    log.exception("unhandled error on a page", extra={"event": "error"})
    return page(500, "Er ging iets onverwachts mis; kenmerk "
                     f"{getattr(g, 'request_id', '')}.")


def register(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(LedgerError, from_domain)
    blueprint.register_error_handler(Problem, from_problem)
    blueprint.register_error_handler(HTTPException, from_http)
    blueprint.register_error_handler(Exception, from_unexpected)
