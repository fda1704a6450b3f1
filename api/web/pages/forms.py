"""Small helpers for the pages' forms."""

from __future__ import annotations

import secrets

from flask import request

from api.web.refusals import Onjuist

__all__ = ["Onjuist", "field", "form_token", "number"]


def form_token() -> str:
    """A token per rendered form: a double submit of it is one command (the ledger
    recognises a request it has already recorded)."""
    return secrets.token_urlsafe(16)


def number(value: str | None, label: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise Onjuist(f"Vul bij {label} een geheel getal in.") from None


LABELS = {"status": "de nieuwe status", "reason": "de reden", "appraisal": "de appreciatie",
          "members": "de Kamerleden", "text": "de tekst", "minister": "de bewindspersoon",
          "debate_kind": "de soort debat"}


def field(name: str, required: bool = True, label: str | None = None) -> str:
    value = (request.form.get(name) or "").strip()
    if required and not value:
        raise Onjuist(f"Vul {label or LABELS.get(name, name)} in.")
    return value
