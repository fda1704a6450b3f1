"""Errors as pages: the same statuses as the API, in plain Dutch words."""

from __future__ import annotations

import logging

from flask import Blueprint, g, render_template
from werkzeug.exceptions import HTTPException

from api.http.problems import DOMAIN_STATUS, Problem
from domain.errors import LedgerError, NotFound

log = logging.getLogger("notaledger.web")
TITLES = {400: "Het verzoek klopt niet", 403: "Dat mag u niet", 404: "Niet gevonden",
          409: "Dat kan nu niet", 412: "De gegevens zijn gewijzigd", 422: "Dat klopt niet",
          503: "Tijdelijk niet beschikbaar", 500: "Er ging iets mis"}


def page(status: int, detail: str):
    title = TITLES.get(status, "Er ging iets mis")
    return render_template("error.html", status=status, title=title, detail=detail), status


def from_domain(error: LedgerError):
    if isinstance(error, NotFound):
        return page(404, "Deze pagina bestaat niet, of u heeft er geen toegang toe.")
    status = next((s for kind, s, _ in DOMAIN_STATUS if isinstance(error, kind)), 422)
    return page(status, str(error))


def from_problem(error: Problem):
    return page(error.status, error.detail)


def from_http(error: HTTPException):
    return page(error.code or 500, error.description or "")


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
