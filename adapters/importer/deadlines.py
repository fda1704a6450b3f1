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
_TITLE_AFTER = re.compile(r"(?:\s+over)?(?:\s+(?:(?:en|van|de|het)\s+)*[A-Z][\w-]*)+")
_LATER = re.compile(r"\bbij\s+(?:het|de)\s+(?:volgende|eerstvolgende|komende)\b|\bop\s+een\s+"
                    r"later(?:e)?\s+(?:moment|tijdstip)\b|\bin\s+een\s+(?:volgende|latere)\s+"
                    r"(?:brief|voortgangsbrief|rapportage)\b", re.I)
_NEW = re.compile(r"\bzeg(?:t|gen)\s+u\b[^.]*\btoe\b|\bu\b[^.]*\bzult\b|\bseparaat\b", re.I)
_PART = re.compile(r"\b(?:deels|gedeeltelijk|voor\s+een\s+deel|een\s+eerste\s+stap)\b", re.I)


def later_occasion(text: str, deadline: str | None) -> bool:
    """Whether the commitment is due at a later occasion ('bij het volgende debat'), so a
    letter now only mentions it."""
    return bool(_LATER.search(deadline or "") or _LATER.search(text))


def relation_of(text: str, later: bool) -> str:
    """What the nota does with a commitment: 'mentions' one due later or newly made here,
    'partly_fulfils' one it says it meets in part, else 'fulfils'."""
    if later or _NEW.search(text):
        return "mentions"
    return "partly_fulfils" if _PART.search(text) else "fulfils"


def deadline_in(text: str) -> str | None:
    """The first deadline phrase in the text, as written (a sentence's capital dropped)."""
    match = _DEADLINE.search(text)
    if match is None:
        return None
    phrase = match[0]
    if re.search(r"(?:debat|overleg)$", phrase, re.I) and (title := _TITLE_AFTER.match(
            text, match.end())):
        phrase += title[0]  # 'bij het volgende commissiedebat Ruimtelijke Ordening'
    phrase = " ".join(phrase.split())
    return phrase[0].lower() + phrase[1:] if match.start() == 0 else phrase
