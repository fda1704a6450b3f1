"""What the header's fields mean: reference, date, drafters, addressees, counts."""

from __future__ import annotations

import re

from adapters.importer.dates import parse_date
from adapters.importer.header import Header
from adapters.importer.labels import NOT_RECORDED, REFERENCE_LABELS
from adapters.importer.organisations import organisations

_REDACTED = re.compile(r"^[\s■□█▇▆▅▓▒░◼◾⬛]+$|^\[?(?:5\.1\.2\.?\s?e|persoonsgegevens?|"
                       r"geanonimiseerd|gelakt|weggelakt|redacted|x{3,})\]?\.?$", re.I)
_CONTACT = re.compile(r"^(?:[TME]|tel\.?|telefoon|mobiel)\s*[+\d(]|@|^www\.", re.I)
_PARTICLES = r"(?:(?:van|de|der|den|ten|ter|te|het|in\s+'t)\s+)*"
_SURNAME = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_PERSON = re.compile(rf"^(?:(?:[A-Z]\.\s*){{1,4}}|[A-Z][a-zà-ÿ]+\s+){_PARTICLES}{_SURNAME}$")
_UNIT_WORDS = re.compile(r"\b(?:dir|directie|directeur|afdeling|cluster|team|bureau|staf|"
                         r"bestuurskern|directoraat|ministerie|programma|unit|sector|cluster|"
                         r"zaken|beleid|medewerker|adviseur|coördinator|projectleider)\b|"
                         r"(?:medewerker|staf|zaken|kern|adviseur|beleid)$", re.I)
_YES_NO = {"ja": True, "yes": True, "nee": False, "no": False}


def is_redacted(text: str) -> bool:
    """Whether a value is only what a Woo redaction leaves behind."""
    return bool(_REDACTED.match(text.strip())) or text.strip().lower() == "persoonsgegeven"


def header_values(header: Header) -> tuple[dict, list[str]]:
    """(ParsedNota keyword arguments from the header, warnings about its fields)."""
    warnings: list[str] = []
    count, names = _drafters(header, warnings)
    values = {
        "reference": _reference(header, warnings),
        "date": _date(header, warnings),
        "kind": header.kind,
        "actively_public": _yes_no(header, warnings),
        "drafted_by_count": count,
        "drafted_by_names": names,
        "collaborated_with": _organisations(header, "collaborated_with", warnings),
        "attachments_count": _count(header),
        "to": _addressee(header, "to", warnings),
        "from_": _addressee(header, "from_", warnings),
        "title": header.title,
    }
    _unrecorded(header, warnings)
    return values, warnings


def header_consulted(header: Header, warnings: list[str]) -> tuple[str, ...]:
    """Organisations a header field ('Afgestemd met') says the nota was agreed with."""
    return _organisations(header, "consulted", warnings)


def _first(header: Header, key: str) -> tuple[str, list[str]] | None:
    """(label, value lines) of the first field with this key."""
    entries = header.fields.get(key)
    return entries[0] if entries else None


def _reference(header: Header, warnings: list[str]) -> str | None:
    """Our reference, preferring 'Onze referentie' over 'Kenmerk' and the others."""
    entries = [(label.lower(), value[0]) for label, value in header.fields.get("reference", [])
               if value]
    ordered = sorted(entries, key=lambda entry: _rank(entry[0]))
    values = list(dict.fromkeys(value for _, value in ordered))
    if len(values) > 1:
        warnings.append(f"several references in the header ({', '.join(values)}); "
                        f"kept {values[0]!r}")
    return values[0] if values else None


def _rank(label: str) -> int:
    """How much a reference label is preferred (lower is better)."""
    label = " ".join(label.split())
    return REFERENCE_LABELS.index(label) if label in REFERENCE_LABELS else len(REFERENCE_LABELS)


def _date(header: Header, warnings: list[str]) -> str | None:
    """The nota's date in ISO form."""
    field = _first(header, "date")
    if field is None or not field[1]:
        warnings.append("no date found (looked for 'Datum')")
        return None
    return parse_date(field[1][0])


def _yes_no(header: Header, warnings: list[str]) -> bool | None:
    """'Nota actief openbaar: Ja/Nee' as a boolean."""
    field = _first(header, "actively_public")
    if field is None or not field[1]:
        return None
    answer = _YES_NO.get(field[1][0].strip().lower())
    if answer is None:
        warnings.append(f"'{field[0]}' has an unknown answer: {field[1][0]!r}")
    return answer


def _drafters(header: Header, warnings: list[str]) -> tuple[int, tuple[str, ...]]:
    """(number of drafters, their names if written): a redacted line is one unknown person."""
    field = _first(header, "drafted_by")
    if field is None:
        return 0, ()
    label, lines = field
    redacted = sum(map(is_redacted, lines))
    names = tuple(line for line in lines if _PERSON.match(line) and not _UNIT_WORDS.search(line))
    other = [line for line in lines
             if not is_redacted(line) and line not in names and not _CONTACT.search(line)]
    if not lines:
        warnings.append(f"'{label}' is empty (redaction boxes may have left no text); "
                        "drafters not counted")
    elif other:
        warnings.append(f"'{label}' names no persons, kept out of the drafters: "
                        f"{' / '.join(other)!r}")
    return redacted + len(names), names


def _organisations(header: Header, key: str, warnings: list[str]) -> tuple[str, ...]:
    """Organisation codes from a header field; a value without any becomes a warning."""
    field = _first(header, key)
    if field is None or not field[1]:
        return ()
    codes, rejected = organisations(_joined(field[1]))
    if rejected or not codes:
        warnings.append(f"'{field[0]}' holds no organisation codes we could read: "
                        f"{' '.join(field[1])!r}")
    return tuple(codes)


def _joined(lines: list[str]) -> str:
    """Value lines as one list: a wrapped line ('Ministerie van Justitie en') continues."""
    text = ""
    for line in lines:
        wrapped = re.search(r"(?:\b(?:en|van|voor|of|de|der|het)|[&,-])$", text) \
            or line[:1].islower()
        text = f"{text} {line}" if wrapped or not text else f"{text}, {line}"
    return text


def _count(header: Header) -> int | None:
    """The number of attachments the header states."""
    field = _first(header, "attachments_count")
    if field is None or not field[1]:
        return None
    return 0 if field[1][0].lower() == "geen" else int(field[1][0])


def _addressee(header: Header, key: str, warnings: list[str]) -> str | None:
    """'Aan' or 'Van' as written; a redacted one is left out."""
    field = _first(header, key)
    if field is None or not field[1]:
        return None
    value = ", ".join(field[1])
    if is_redacted(value):
        warnings.append(f"'{field[0]}' is redacted ({value!r}); left empty")
        return None
    return value


def _unrecorded(header: Header, warnings: list[str]) -> None:
    """Warnings for fields with a value we have no place for, and for unplaced lines."""
    for key in sorted(NOT_RECORDED & header.fields.keys()):
        for label, value in header.fields[key]:
            if value:
                warnings.append(f"header field '{label}' not recorded: {' '.join(value)!r}")
    for block in header.unplaced:
        warnings.append(f"header text not understood: {' / '.join(block)!r}")
