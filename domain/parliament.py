"""Values shared by commitments and motions: debates and derived ids."""

from __future__ import annotations

import hashlib
from uuid import UUID, uuid5

from domain import values

PARLIAMENT_NAMESPACE = UUID("9d7c2b1e-3f4a-4b8e-8c21-6a5e0f3d9b02")
DEBATE_KINDS = (
    "commissiedebat", "tweeminutendebat", "plenair debat", "notaoverleg",
    "wetgevingsoverleg", "schriftelijk overleg", "mondelinge vragen", "other",
)


def debate(kind: str, date: str | None, title: str = "") -> dict:
    """A debate as events carry it: kind, ISO date (or None) and title."""
    values.check_choice("debate kind", kind, DEBATE_KINDS)
    return {"kind": kind, "date": values.iso_date("debate date", date) if date else None,
            "title": str(title or "").strip()}


def derived_id(kind: str, *parts: object) -> UUID:
    """An id that follows from what identifies the thing, so a retry cannot duplicate it."""
    normalised = "|".join(" ".join(str(part or "").lower().split()) for part in parts)
    digest = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    return uuid5(PARLIAMENT_NAMESPACE, f"{kind}:{digest}")
