"""Organisation codes: the ministries by their usual codes, plus configurable others."""

from __future__ import annotations

import re

from domain.errors import InvalidInput

MINISTRIES = (
    "AZ", "BZ", "BZK", "VRO", "DEF", "EZ", "FIN", "IenW", "JenV", "KGG", "LVVN", "OCW",
    "SZW", "VWS", "AenM",
)
ALIASES = {
    "J&V": "JenV", "JENV": "JenV", "JUSTITIE EN VEILIGHEID": "JenV",
    "I&W": "IenW", "IENW": "IenW", "A&M": "AenM", "AENM": "AenM",
    "DEFENSIE": "DEF", "MINDEF": "DEF", "FINANCIEN": "FIN", "FINANCIËN": "FIN",
    "EZK": "EZ", "DE GEBIEDEN": "gebieden", "GEBIEDEN": "gebieden",
}
_BY_UPPER = {code.upper(): code for code in MINISTRIES}
_OTHER = re.compile(r"^[A-Za-z][A-Za-z0-9&._-]{0,39}$")


def normalise(code: str) -> str:
    """The canonical code of an organisation; unknown well-formed codes pass as they are."""
    text = " ".join(str(code).split())
    upper = text.upper()
    if upper in _BY_UPPER:
        return _BY_UPPER[upper]
    if upper in ALIASES:
        return ALIASES[upper]
    if _OTHER.match(text):
        return text
    raise InvalidInput(f"{code!r} is not an organisation code (e.g. SZW, OCW, JenV, VWS)")
