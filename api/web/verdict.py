"""The verifier's findings in Dutch for the tijdlijn: each break by its kind, each warning by
its meaning (the verifier reports in English, for auditors' tools and the command line)."""

from __future__ import annotations

import re

BREAKS = {
    "modified": "de opgeslagen gebeurtenis is gewijzigd: de inhoud past niet meer bij haar hash",
    "inserted": "er is een gebeurtenis tussengevoegd: zij sluit niet aan op de vorige",
    "missing": "er ontbreekt een gebeurtenis",
    "reordered": "gebeurtenissen zijn van plaats verwisseld",
    "rewritten": "de geschiedenis is herschreven na een controlepunt",
    "rolled back": "gebeurtenissen uit een controlepunt zijn verdwenen",
    "fork": "er zijn twee verschillende geschiedenissen ondertekend",
    "forged": "een controlepunt draagt geen geldige handtekening",
    "unsigned": "er is nog geen ondertekend controlepunt",
}
WARNINGS = (
    (r"no checkpoint has been made yet.*", lambda m: "Er is nog geen controlepunt gemaakt: "
     "alleen de keten zelf is nagerekend."),
    (r"no checkpoint covers .* yet", lambda m: "Nog geen controlepunt omvat deze nota: alleen "
     "de keten zelf is nagerekend."),
    (r"checkpoint signatures were not checked.*", lambda m: "De handtekeningen van de "
     "controlepunten zijn niet gecontroleerd: er is geen publieke sleutel ingesteld."),
    (r"(?P<n>\d+) event\(s\) are newer than the latest checkpoint.*",
     lambda m: f"{m['n']} gebeurtenis(sen) zijn nieuwer dan het laatste controlepunt: alleen "
               "hun keten staat ervoor in."),
    (r"the store holds (?P<n>\d+) event\(s\) and no signed checkpoint.*",
     lambda m: f"Het register bevat {m['n']} gebeurtenis(sen) en geen ondertekend "
               "controlepunt: alleen hun eigen ketens staan ervoor in."),
)


def break_nl(found: dict) -> str:
    return BREAKS.get(found.get("kind"), "de keten klopt hier niet")


def warning_nl(text: str) -> str:
    for pattern, say in WARNINGS:
        if m := re.fullmatch(pattern, text, re.S):
            return say(m)
    return "De verificatie gaf een waarschuwing; de tijdlijn via de API (audit) noemt haar."


def signatures_nl(text: str | None) -> str:
    if not text or text == "not checked":
        return "niet gecontroleerd"
    return re.sub(r"^key ", "sleutel ", text)
