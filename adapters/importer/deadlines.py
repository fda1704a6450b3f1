"""The deadline a commitment states, kept literally ('voor zomer 2026', 'nog dit jaar')."""

from __future__ import annotations

import re

from adapters.importer.dates import MONTH_PATTERN

_YEAR = r"(?:\s+(?:van\s+)?\d{4})?"
_RECESS = r"(?:zomer|kerst|herfst|voorjaars|krokus|mei|paas)reces"
_PATTERNS = (
    r"\bbij\s+(?:het|de)\s+(?:volgende|eerstvolgende|komende)\b[^,.;()]{0,80}?(?:debat|overleg|"
    r"behandeling)\b",
    rf"\b(?:voor|vóór|na|tot|uiterlijk)\s+(?:het\s+)?{_RECESS}{_YEAR}",
    rf"\b(?:voor|vóór|na|in|tot)\s+(?:de\s+|het\s+)?(?:zomer|winter|kerst|voorjaar|najaar)"
    rf"(?:vakantie)?{_YEAR}",
    rf"\b(?:voor|vóór|in|uiterlijk|eind|begin|medio)\s+(?:het\s+)?(?:Q[1-4]|(?:eerste|tweede|"
    rf"derde|vierde)\s+kwartaal){_YEAR}",
    rf"\b(?:voor|vóór|uiterlijk|per|op)\s+\d{{1,2}}\s+(?:{MONTH_PATTERN})\b{_YEAR}",
    rf"\b(?:voor|vóór|uiterlijk|in|eind|begin|medio|half|na)\s+(?:{MONTH_PATTERN})\b{_YEAR}",
    r"\b(?:begin|medio|eind|einde|voor|vóór|uiterlijk|in|na)\s+(?:van\s+)?\d{4}\b",
    rf"\bin\s+de\s+week\s+van\s+\d{{1,2}}\s+(?:{MONTH_PATTERN})\b{_YEAR}",
    r"\bnog\s+(?:dit|deze)\s+(?:jaar|kalenderjaar|voorjaar|najaar|zomer|maand)\b",
    r"\b(?:dit|komend|komende|het\s+komende)\s+(?:voorjaar|najaar|jaar)\b",
    r"\b(?:jaarlijks|halfjaarlijks|zo\s+snel\s+mogelijk|z\.s\.m\.)",
)
_DEADLINE = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS), re.I)


def deadline_in(text: str) -> str | None:
    """The first deadline phrase in the text, as written (a sentence's capital dropped)."""
    match = _DEADLINE.search(text)
    if match is None:
        return None
    phrase = " ".join(match[0].split())
    return phrase[0].lower() + phrase[1:] if match.start() == 0 else phrase
