"""Which ministry owns a nota, read from the document: its addressee, letterhead or reference.

'Van' names the drafting unit, never the owner; 'Aan' names the minister or state secretary
the nota is for, whose ministry owns it.
"""

from __future__ import annotations

import re

from adapters.importer.organisations import MINISTRY_NAMES
from domain.organisations import MINISTRIES

_CODES = {code.upper(): code for code in MINISTRIES}
_CODES.update({"EZK": "EZ", "DEF": "DEF", "MINDEF": "DEF", "DEFENSIE": "DEF", "FIN": "FIN",
               "MINFIN": "FIN", "JENV": "JenV", "J&V": "JenV", "IENW": "IenW", "I&W": "IenW",
               "AENM": "AenM", "A&M": "AenM", "MINBZK": "BZK"})
_OFFICE = r"(?:m|min|minister|stas|stass|staatssecretaris|sg|dg)"
_ADDRESSEE = re.compile(rf"^(?:aan\s+)?(?:de\s+)?{_OFFICE}\s*(?:van\s+)?(?P<code>[A-Za-z&]{{2,7}})$"
                        , re.I)
_NAMED = re.compile(r"(?:minister|staatssecretaris|ministerie)\s+(?:van|voor)\s+(?P<name>.+)",
                    re.I)
_LETTERHEAD = (
    (re.compile(r"\brijksoverheid\.nl/(?P<code>[a-z&]+)\b", re.I), "the letterhead's web address"),
    (re.compile(r"@(?:min)?(?P<code>[a-z]+)\.nl\b", re.I), "the letterhead's mail domain"),
    (re.compile(r"^(?:m|min|stas|stass)(?P<code>[A-Z][A-Za-z&]{1,6})$"), "the letterhead"),
    (re.compile(r"^ministerie\s+van\s+(?P<name>.+)$", re.I), "the letterhead"),
)
_REFERENCE = re.compile(r"^(?P<code>[A-Za-z&]{2,6})[/-]")


def owner_of(addressee: str | None, header_lines: list[str],
             reference: str | None) -> tuple[str, str] | None:
    """(ministry code, where it was read) or None when the document does not say."""
    if addressee and (code := _addressee(addressee)):
        return code, f"the addressee 'Aan: {addressee}'"
    for line in header_lines:
        if found := _letterhead(line.strip()):
            return found
    if reference and (match := _REFERENCE.match(reference)) and (code := _code(match["code"])):
        return code, f"the reference '{reference}'"
    return None


def _addressee(text: str) -> str | None:
    """The ministry of 'MVRO', 'Stas IenW', 'de Minister van Economische Zaken en Klimaat'."""
    text = " ".join(text.split())
    if match := _ADDRESSEE.match(text):
        return _code(match["code"])
    if match := _NAMED.search(text):
        return _named(match["name"])
    return _code(text[1:]) if re.fullmatch(r"M[A-Z][A-Za-z&]{1,6}", text) else None


def _letterhead(line: str) -> tuple[str, str] | None:
    """The ministry a letterhead line names (web address, mail domain, 'MINDEF', name)."""
    for pattern, where in _LETTERHEAD:
        match = pattern.search(line)
        if match is None:
            continue
        groups = match.groupdict()
        code = _named(groups["name"]) if groups.get("name") else _code(groups["code"])
        if code:
            return code, f"{where} '{line}'"
    return None


def _named(name: str) -> str | None:
    """The code of a ministry written out ('Economische Zaken en Klimaat')."""
    name = name.strip().rstrip(".,").lower()
    for written, code in sorted(MINISTRY_NAMES.items(), key=lambda item: -len(item[0])):
        if name.startswith(written):
            return code
    return None


def _code(text: str) -> str | None:
    """A ministry's canonical code for an abbreviation, or None."""
    return _CODES.get(text.strip().upper())
