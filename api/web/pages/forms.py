"""Small helpers for the pages' forms."""

from __future__ import annotations

import secrets

from flask import request

from domain.errors import InvalidInput


def form_token() -> str:
    """A token per rendered form: a double submit of it is one command (the ledger
    recognises a request it has already recorded)."""
    return secrets.token_urlsafe(16)


def number(value: str | None, label: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"{label} moet een geheel getal zijn") from None


def field(name: str, required: bool = True) -> str:
    value = (request.form.get(name) or "").strip()
    if required and not value:
        raise InvalidInput(f"vul '{name}' in")
    return value
