"""Organisations in a nota: consulted ('afgestemd met'), worked with, co-senders."""

from __future__ import annotations

import re

ALIASES = {
    "j&v": "JenV", "jenv": "JenV", "i&w": "IenW", "ienw": "IenW", "a&m": "AenM",
    "aenm": "AenM", "minfin": "FIN", "fin": "FIN", "mindef": "DEF", "gebieden": "gebieden",
}
MINISTRY_NAMES = {
    "algemene zaken": "AZ", "buitenlandse zaken": "BZ",
    "binnenlandse zaken en koninkrijksrelaties": "BZK",
    "volkshuisvesting en ruimtelijke ordening": "VRO", "defensie": "DEF",
    "economische zaken en klimaat": "EZ", "economische zaken": "EZ",
    "financiën": "FIN", "financien": "FIN", "infrastructuur en waterstaat": "IenW",
    "justitie en veiligheid": "JenV", "klimaat en groene groei": "KGG",
    "landbouw, visserij, voedselzekerheid en natuur": "LVVN",
    "onderwijs, cultuur en wetenschap": "OCW", "sociale zaken en werkgelegenheid": "SZW",
    "volksgezondheid, welzijn en sport": "VWS", "asiel en migratie": "AenM",
}
MAX_WORDS = 4  # a list item longer than this is prose, not an organisation

_NAMES = "|".join(re.escape(name) for name in sorted(MINISTRY_NAMES, key=len, reverse=True))
_MINISTRY = re.compile(rf"(?:(?:het\s+)?ministerie\s+van\s+)?\b({_NAMES})\b", re.I)
_LEAD_IN = re.compile(r"^(?:(?:de|het|alle)\s+)?(?:betrokken\s+|andere\s+|relevante\s+)?"
                      r"(?:departementen|ministeries|partijen|organisaties)\b\s*:?\s*", re.I)
_ARTICLE = re.compile(r"^(?:de|het)\s+", re.I)
_CONSULTED = re.compile(r"\b(?:afgestemd|afstemming(?:\s+(?:geweest|plaatsgevonden))?)"
                        r"\s+met\s+(?P<list>[^.;]+)", re.I)
_CO_SENDERS = re.compile(r"\bmede\s+namens(?:/met\s+akkoord\s+van)?\s+(?P<list>.+?)"
                         r"(?=[.;]|,\s+(?!de\b|het\b)|$)", re.I)
_CO_SENDER_SPLIT = re.compile(r"\s*,\s*(?=(?:de|het)\b)|\s+en\s+(?=(?:de|het)\b)", re.I)
_KEPT_COMMA = "\u201a"  # a look-alike, put back after splitting
_NAMES_KEPT = re.compile(rf"\b(?:{_NAMES})\b", re.I)
_MINISTER_CODE = re.compile(r"^(?:M|Min|m|min)(?=[A-Z])([A-Za-z&]{2,6})$")


def organisations(text: str) -> tuple[list[str], list[str]]:
    """(organisation codes, items that were no organisation) from a list like 'SZW, OCW en VWS'."""
    text = _MINISTRY.sub(lambda match: MINISTRY_NAMES[match[1].lower()], text)
    text = _LEAD_IN.sub("", text.strip().rstrip("."))
    codes, rejected = [], []
    for item in re.split(r"\s*[,;/]\s*|\s+en\s+|\s+and\s+", text):
        item = _ARTICLE.sub("", item.strip())
        if not item:
            continue
        if len(item.split()) > MAX_WORDS or not re.search(r"\w", item):
            rejected.append(item)
        elif (code := ALIASES.get(item.lower(), item)) not in codes:
            codes.append(code)
    return codes, rejected


def consulted_in(sentence: str) -> tuple[list[str], list[str]]:
    """Organisations a sentence says the nota was agreed with ('afgestemd met ...')."""
    codes, rejected = [], []
    for match in _CONSULTED.finditer(sentence):
        found, dropped = organisations(match["list"])
        codes.extend(code for code in found if code not in codes)
        rejected.extend(dropped)
    return codes, rejected


def co_senders_in(text: str) -> list[str]:
    """The ministers a letter is also sent on behalf of, as written ('mede namens ...')."""
    found = []
    for match in _CO_SENDERS.finditer(_NAMES_KEPT.sub(_keep_commas, text)):
        found.extend(part.strip().replace(_KEPT_COMMA, ",")
                     for part in _CO_SENDER_SPLIT.split(match["list"]) if part.strip())
    return found


def _keep_commas(match: re.Match) -> str:
    """A ministry's written name with its commas hidden from the list splitting."""
    return match[0].replace(",", _KEPT_COMMA)


def unique_co_senders(literals: list[str]) -> list[str]:
    """Co-senders with later spellings of the same office ('MFIN' after 'Minister van ...') out."""
    kept, offices = [], set()
    for literal in literals:
        office = _office(literal)
        if office not in offices:
            offices.add(office)
            kept.append(literal)
    return kept


def _office(literal: str) -> tuple[str, str]:
    """(role, organisation) of a co-sender, as far as it can be told from the words."""
    if abbreviation := _MINISTER_CODE.match(literal.strip()):
        return "minister", ALIASES.get(abbreviation[1].lower(), abbreviation[1].upper())
    role = "staatssecretaris" if re.search(r"staatssecretaris|stas", literal, re.I) else \
        "minister"
    ministry = _MINISTRY.search(literal)
    return role, MINISTRY_NAMES[ministry[1].lower()] if ministry else literal.casefold()
