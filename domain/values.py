"""Checks and normalisation of the plain values that events carry."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from domain.errors import InvalidInput

_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def text(name: str, value: object, limit: int = 10_000) -> str:
    """A non-empty, stripped string of at most ``limit`` characters."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} must be a non-empty text")
    if len(value) > limit:
        raise InvalidInput(f"{name} is {len(value)} characters long; at most {limit} allowed")
    return value.strip()


def slug(name: str, value: object) -> str:
    """A lowercase identifier such as a section name (``kern``)."""
    cleaned = str(value or "").strip().lower().replace(" ", "_")
    if not _SLUG.match(cleaned):
        raise InvalidInput(f"{name} {value!r} must be a short lowercase name such as 'kern'")
    return cleaned


def iso_date(name: str, value: object) -> str:
    """A date as ``YYYY-MM-DD``."""
    return day(value, name).isoformat()


def day(value: object, name: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` into a date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{name} {value!r} is not a date as YYYY-MM-DD") from None


def positive(name: str, value: object) -> int:
    """A whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """One of a fixed set of words."""
    choices = tuple(choices)
    if value not in choices:
        raise InvalidInput(f"{name} {value!r} must be one of: {', '.join(choices)}")
    return value


def members(value: Iterable[dict]) -> list[dict]:
    """Members of parliament as ``[{"name": …, "party": …}]``; one of the two may be unknown
    (empty: "de motie van JA21" names a party only), never both."""
    result = []
    for member in value or ():
        if not isinstance(member, dict):
            raise InvalidInput("each member must be an object with name and party")
        name = _optional("member name", member.get("name"), 200)
        party = _optional("member party", member.get("party"), 50)
        if not (name or party):
            raise InvalidInput("each member needs a name or a party (member name and member "
                               "party are both empty)")
        result.append({"name": name, "party": party})
    return result


def _optional(name: str, value: object, limit: int) -> str:
    """A stripped string, empty when the value is missing."""
    return text(name, value, limit) if value not in (None, "") else ""
