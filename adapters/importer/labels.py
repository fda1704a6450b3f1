"""The labels of a nota's header column ('Onze referentie', 'Datum', 'Aan', ...)."""

from __future__ import annotations

import re

# (field key, label pattern); one key may have several labels, in order of preference.
LABELS = (
    ("actively_public", r"nota actief openbaar|actief openbaar"),
    ("reference", r"onze referentie|ons kenmerk|kenmerk|referentie"),
    ("date", r"datum"),
    ("drafted_by", r"opgesteld door|auteur|steller"),
    ("collaborated_with", r"samengewerkt met"),
    ("consulted", r"(?:extern\s+\S+\s+)?afgestemd(?:\s+met)?"),
    ("attachments_count", r"aantal bijlagen|bijlage\(n\)|bijlagen|bijlage"),
    ("copy_to", r"kopie aan|in afschrift aan|afschrift aan"),
    ("decision_deadline", r"beslistermijn|uiterste beslisdatum"),
    ("paraph_route", r"parafenroute"),
    ("subject", r"onderwerp|betreft"),
    ("to", r"aan"),
    ("from_", r"van"),
)
REFERENCE_LABELS = ("onze referentie", "kenmerk", "referentie", "ons kenmerk")
SINGLE_LINE = {"actively_public", "reference", "date", "attachments_count",
               "decision_deadline"}
NOT_RECORDED = {"copy_to", "decision_deadline", "paraph_route"}

_ANY = "|".join(f"(?P<{key}_{index}>{pattern})" for index, (key, pattern) in enumerate(LABELS))
_LABEL = re.compile(rf"^\s*#*\s*(?:{_ANY})(?=$|[\s:])(?P<sep>\s*:?\s*)(?P<value>.*)$", re.I)
_KIND = re.compile(r"^\s*(?:nota\s+)?ter\s+(besluitvorming|beslissing|ondertekening|informatie|"
                   r"kennisname)\s*$", re.I)
KINDS = {"besluitvorming": "decision", "beslissing": "decision", "ondertekening": "signature",
         "informatie": "information", "kennisname": "information"}


def match_label(line: str) -> tuple[str, str, str] | None:
    """(field key, label as written, inline value) when the line starts with a header label."""
    match = _LABEL.match(line)
    if match is None:
        return None
    group = next(name for name, text in match.groupdict().items()
                 if text is not None and name not in ("sep", "value"))
    key = group.rsplit("_", 1)[0]
    return key, match[group], match["value"].strip()


def is_label(line: str) -> bool:
    """Whether the line is a header label standing alone, without a value."""
    found = match_label(line)
    return found is not None and not found[2]


def starts_field(line: str) -> bool:
    """Whether the line is a label, alone or clearly followed by its value ('Aan: MOCW')."""
    match = _LABEL.match(line)
    separator = match["sep"] if match else ""
    return match is not None and (not match["value"] or ":" in separator
                                  or "\t" in separator or len(separator) > 1)


def match_kind(line: str) -> str | None:
    """'decision', 'signature' or 'information' for a 'TER ...' status line."""
    match = _KIND.match(line)
    return KINDS[match[1].lower()] if match else None
