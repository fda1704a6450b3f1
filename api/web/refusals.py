"""The ledger's refusals in the ministries' Dutch: the domain explains itself in English (for
the API, logs and code), and a page never shows that sentence but its Dutch meaning.

Each known sentence is read by a pattern and said again in Dutch; a refusal no pattern
knows is told by its kind, in a general Dutch sentence, never in the domain's own words."""

from __future__ import annotations

import re
from collections.abc import Callable

from api.web.words import nl
from domain.errors import (
    ConcurrencyConflict,
    DuplicateReference,
    IllegalTransition,
    InvalidInput,
    LedgerError,
    NotFound,
    NotPermitted,
    OtherOrganisation,
    StaleVersion,
)


class InDutch:
    """A refusal the pages themselves raise, already in Dutch."""


class Onjuist(InDutch, InvalidInput):
    """What was filled in on a form cannot be used (said in Dutch)."""


class NietToegestaan(InDutch, NotPermitted):
    """The signed-in person may not do this (said in Dutch)."""


GENERAL = (  # a subclass before its base
    (StaleVersion, "De gegevens zijn gewijzigd sinds u de pagina opende. Uw wijziging is niet "
                   "opgeslagen; bekijk de pagina opnieuw en probeer het dan nog eens."),
    (ConcurrencyConflict, "Iemand anders wijzigde dit op hetzelfde moment. Uw wijziging is niet "
                          "opgeslagen; probeer het opnieuw."),
    (InvalidInput, "Wat u invulde kan niet worden gebruikt. Controleer het formulier."),
    (NotFound, "Dit bestaat niet, of u heeft er geen toegang toe."),
    (OtherOrganisation, "Dit is van een andere organisatie; u mag het niet wijzigen."),
    (NotPermitted, "U heeft niet de rol die hiervoor nodig is."),
    (DuplicateReference, "Dit is al geregistreerd."),
    (IllegalTransition, "Dat kan in deze fase niet."),
    (LedgerError, "Het register weigerde deze handeling."),
)

FIELDS = {
    "title": "de titel", "section": "de naam van de sectie", "section text": "de tekst van de "
    "sectie", "advised decision": "het beslispunt", "attachment name": "de naam van de bijlage",
    "volgnummer": "het volgnummer", "step role": "de rol van de stap", "step unit": "de eenheid "
    "van de stap", "reason": "de reden", "consultation role": "de rol bij de afstemming",
    "answer": "de afstemming", "outcome": "het besluit", "relation": "de relatie",
    "chamber": "de Kamer", "parliament number": "het Kamerstuknummer", "planned": "de planning",
    "co-sender": "mede namens", "annotation": "de aantekening", "due": "de uiterlijke datum",
    "status": "de status", "appraisal": "de appreciatie", "text": "de tekst",
    "minister": "de bewindspersoon", "debate kind": "de soort debat", "debate date": "de datum "
    "van het debat", "vote date": "de datum van de stemming", "case number": "het Kamerstuk"
    "nummer", "date": "de datum", "from unit": "de eenheid", "to official": "de geadresseerde",
    "kind": "de soort nota", "reference": "de referentie", "ministry": "het ministerie",
    "deadline": "de termijn", "remarks": "de opmerkingen", "by": "door wie",
}


def _field(name: str) -> str:
    return FIELDS.get(name.strip(), f"'{name.strip()}'")


def _step(index: str) -> str:
    return str(int(index) + 1)  # the domain counts steps from 0, people from 1


Say = Callable[[re.Match], str]
ACTIONS: list[tuple[str, Say]] = [
    (r"revise the title on note (?P<r>.+)", lambda m: f"de titel van nota {m['r']} wijzigen"),
    (r"revise section (?P<s>\S+) on note (?P<r>.+)",
     lambda m: f"sectie {m['s']} van nota {m['r']} wijzigen"),
    (r"change publicity on note (?P<r>.+)", lambda m: f"de openbaarheid van nota {m['r']} "
                                                      "wijzigen"),
    (r"(?P<v>add|revise|remove) an advised decision on note (?P<r>.+)",
     lambda m: f"een beslispunt van nota {m['r']} "
               + {"add": "toevoegen", "revise": "wijzigen", "remove": "verwijderen"}[m["v"]]),
    (r"(?P<v>add|remove) an attachment on note (?P<r>.+)",
     lambda m: f"een bijlage van nota {m['r']} "
               + {"add": "toevoegen", "remove": "verwijderen"}[m["v"]]),
    (r"set the paraph route on note (?P<r>.+)", lambda m: f"de parafenroute van nota {m['r']} "
                                                          "vaststellen"),
    (r"(send note (?P<r>.+) up the paraph route|start the paraph route on note (?P<q>.+))",
     lambda m: f"de parafering van nota {m['r'] or m['q']} starten"),
    (r"initial step (?P<s>\d+) on note (?P<r>.+)",
     lambda m: f"stap {_step(m['s'])} van nota {m['r']} paraferen"),
    (r"initial note (?P<r>.+)", lambda m: f"nota {m['r']} paraferen"),
    (r"(refuse its initial on|refuse step \d+ on) note (?P<r>.+)",
     lambda m: f"de paraaf op nota {m['r']} weigeren"),
    (r"request consultation (with (?P<o>\S+) )?on note (?P<r>.+)",
     lambda m: f"afstemming {'met ' + m['o'] + ' ' if m['o'] else ''}vragen over nota {m['r']}"),
    (r"answer the consultation of (?P<o>\S+) on note (?P<r>.+)",
     lambda m: f"de afstemming van {m['o']} over nota {m['r']} vastleggen"),
    (r"withdraw (the consultation of (?P<o>\S+)|a consultation) on note (?P<r>.+)",
     lambda m: f"het verzoek om afstemming{' aan ' + m['o'] if m['o'] else ''} over nota "
               f"{m['r']} intrekken"),
    (r"submit note (?P<r>.+?)( for decision)?",
     lambda m: f"nota {m['r']} ter besluitvorming indienen"),
    (r"record a decision on advised decision (?P<n>\d+) on note (?P<r>.+)",
     lambda m: f"het besluit op beslispunt {m['n']} van nota {m['r']} vastleggen"),
    (r"annotate note (?P<r>.+)", lambda m: f"een aantekening bij nota {m['r']} maken"),
    (r"record its decision on note (?P<r>.+)",
     lambda m: f"het besluit over nota {m['r']} vastleggen"),
    (r"return note (?P<r>.+) to draft", lambda m: f"nota {m['r']} terugsturen naar de opsteller"),
    (r"withdraw note (?P<r>.+)", lambda m: f"nota {m['r']} intrekken"),
    (r"add co-sender (?P<c>.+) on note (?P<r>.+)",
     lambda m: f"{m['c']} als mede namens toevoegen aan nota {m['r']}"),
    (r"(?P<v>add|remove) a co-sender on note (?P<r>.+)",
     lambda m: f"mede namens {'toevoegen aan' if m['v'] == 'add' else 'verwijderen van'} "
               f"nota {m['r']}"),
    (r"plan the letter on note (?P<r>.+)", lambda m: f"de Kamerbrief bij nota {m['r']} plannen"),
    (r"sign the letter on note (?P<r>.+)",
     lambda m: f"de Kamerbrief bij nota {m['r']} ondertekenen"),
    (r"send the letter on note (?P<r>.+)",
     lambda m: f"de Kamerbrief bij nota {m['r']} verzenden"),
    (r"register the letter on note (?P<r>.+)",
     lambda m: f"het Kamerstuknummer van de Kamerbrief bij nota {m['r']} registreren"),
    (r"link (a|the) commitment on note (?P<r>.+)",
     lambda m: f"de toezegging aan nota {m['r']} koppelen"),
    (r"link commitment \S+ to note (?P<r>.+)",
     lambda m: f"de toezegging aan nota {m['r']} koppelen"),
    (r"link (a|the) motion on note (?P<r>.+)", lambda m: f"de motie aan nota {m['r']} koppelen"),
    (r"link motion (?P<l>\S+) to note (?P<r>.+)",
     lambda m: f"motie {m['l']} aan nota {m['r']} koppelen"),
    (r"publish note (?P<r>.+)", lambda m: f"nota {m['r']} openbaar maken"),
    (r"set commitment \S+ to (?P<s>\w+)",
     lambda m: f"de toezegging op '{nl(m['s'])}' zetten"),
    (r"change its deadline on commitment \S+", lambda m: "de termijn van de toezegging wijzigen"),
    (r"record a partial fulfilment on commitment \S+",
     lambda m: "de toezegging als deels voldaan vastleggen"),
    (r"record its fulfilment on commitment \S+",
     lambda m: "de toezegging als voldaan vastleggen"),
    (r"let it lapse on commitment \S+", lambda m: "de toezegging laten vervallen"),
    (r"record the cabinet's appraisal for motion (?P<l>.+)",
     lambda m: f"de appreciatie van motie {m['l']} vastleggen"),
    (r"hold it for motion (?P<l>.+)", lambda m: f"motie {m['l']} aanhouden"),
    (r"resubmit it for motion (?P<l>.+)", lambda m: f"motie {m['l']} opnieuw indienen"),
    (r"take it over for motion (?P<l>.+)", lambda m: f"motie {m['l']} overnemen"),
    (r"record a vote for motion (?P<l>.+)",
     lambda m: f"de uitslag van de stemming over motie {m['l']} vastleggen"),
    (r"withdraw it for motion (?P<l>.+)", lambda m: f"motie {m['l']} intrekken"),
    (r"let it lapse for motion (?P<l>.+)", lambda m: f"motie {m['l']} laten vervallen"),
    (r"report its execution for motion (?P<l>.+)",
     lambda m: f"de uitvoering van motie {m['l']} melden"),
    (r"add (?P<o>\S+) as co-owner of (?P<w>commitment|motion) .+",
     lambda m: f"{m['o']} als mede-eigenaar van de "
               f"{'toezegging' if m['w'] == 'commitment' else 'motie'} toevoegen"),
]


def _subject(action: str) -> str:
    if "commitment" in action and "note" not in action:
        return "de toezegging"
    if "motion" in action and "note" not in action:
        return "de motie"
    return "de nota"


def _states(text: str, motion: bool) -> str:
    return " of ".join(nl(s, "motion" if motion else None) for s in text.split(" or "))


WHYS: list[tuple[str, Callable[[re.Match, str], str]]] = [
    (r"it is (?P<s>\w+), not through its paraph route",
     lambda m, s: f"de nota is {nl(m['s'])} en heeft de parafenroute niet doorlopen"),
    (r"it is (?P<s>\w+); only a draft can change",
     lambda m, s: f"de nota is {nl(m['s'])}; alleen een concept kan worden gewijzigd"),
    (r"it is (?P<s>\w+), not (?P<a>.+)",
     lambda m, s: f"{s} is {_states(m['s'], s == 'de motie')}, niet "
                  f"{_states(m['a'], s == 'de motie')}"),
    (r"it is (?P<s>answered|requested|reopened)",
     lambda m, s: f"de afstemming is {nl(m['s'])}"),
    (r"it is (?P<s>\w+)", lambda m, s: f"{s} is {_states(m['s'], s == 'de motie')}"),
    (r"already requested", lambda m, s: "er is al om afstemming gevraagd"),
    (r"already withdrawn", lambda m, s: "het verzoek is al ingetrokken"),
    (r"(it is )?already linked", lambda m, s: "die is al gekoppeld"),
    (r"it already is", lambda m, s: "die status heeft zij al"),
    (r"no route is set", lambda m, s: "er is nog geen parafenroute vastgesteld"),
    (r"every step of the route is already initialled",
     lambda m, s: "alle stappen van de parafenroute zijn al geparafeerd"),
    (r"step (?P<n>\d+) \((?P<w>.+)\) comes first",
     lambda m, s: f"eerst moet stap {_step(m['n'])} ({m['w']}) paraferen"),
    (r"it is not the step awaiting initials",
     lambda m, s: "dat is niet de stap die op een paraaf wacht"),
    (r"step (?P<n>\d+) of the paraph route \((?P<w>.+)\) has not initialled",
     lambda m, s: f"stap {_step(m['n'])} van de parafenroute ({m['w']}) heeft nog niet "
                  "geparafeerd"),
    (r"consultation with (?P<o>\S+) \(co_responsible\) is unanswered",
     lambda m, s: f"de afstemming met {m['o']} (medeverantwoordelijk) is nog niet beantwoord"),
    (r"it has no advised decision", lambda m, s: "de nota heeft nog geen beslispunt"),
    (r"advised decision (?P<n>.+) has no outcome",
     lambda m, s: f"beslispunt {m['n']} heeft nog geen besluit"),
    (r"already a co-sender", lambda m, s: "die staat al als mede namens vermeld"),
    (r"it is already signed", lambda m, s: "de Kamerbrief is al ondertekend"),
    (r"it is not signed", lambda m, s: "de Kamerbrief is nog niet ondertekend"),
    (r"it has not been sent", lambda m, s: "de Kamerbrief is nog niet verzonden"),
    (r"it is already registered as (?P<n>.+)",
     lambda m, s: f"de Kamerbrief is al geregistreerd als {m['n']}"),
    (r"it is not marked actively public",
     lambda m, s: "de nota is niet als actief openbaar gemarkeerd"),
    (r"it is an owner already", lambda m, s: "die is al eigenaar"),
]


def _transition(error: IllegalTransition) -> str | None:
    action = next((say(m) for pattern, say in ACTIONS
                   if (m := re.fullmatch(pattern, error.action))), None)
    if action is None:
        return None
    if not error.why:
        return f"U kunt {action} nu niet."
    why = next((say(m, _subject(error.action)) for pattern, say in WHYS
                if (m := re.fullmatch(pattern, error.why))), None)
    return f"U kunt {action} niet: {why}." if why else f"U kunt {action} nu niet."


SENTENCES: list[tuple[type, str, Say]] = [
    (InvalidInput, r"(?P<f>.+) must be a non-empty text", lambda m: f"Vul {_field(m['f'])} in."),
    (InvalidInput, r"(?P<f>.+) is (?P<n>\d+) characters long; at most (?P<k>\d+) allowed",
     lambda m: f"{_field(m['f']).capitalize()} is {m['n']} tekens lang; er mogen er hoogstens "
               f"{m['k']} zijn."),
    (InvalidInput, r"(?P<f>.+?) '(?P<v>.*)' must be a short lowercase name such as 'kern'",
     lambda m: f"'{m['v']}' kan niet als {_field(m['f'])}: gebruik een korte naam in kleine "
               "letters, zoals 'kern' of 'aanleiding'."),
    (InvalidInput, r"(?P<f>.+?) '(?P<v>.*)' is not a date as YYYY-MM-DD",
     lambda m: f"'{m['v']}' is geen datum; vul {_field(m['f'])} in als jjjj-mm-dd."),
    (InvalidInput, r"(?P<f>.+) must be a whole number of at least 1, not (?P<v>.*)",
     lambda m: f"{_field(m['f']).capitalize()} moet een geheel getal van minstens 1 zijn."),
    (InvalidInput, r"(?P<f>.+?) '(?P<v>.*)' must be one of: (?P<c>.+)",
     lambda m: f"'{nl(m['v'])}' kan niet als {_field(m['f'])}; kies uit: "
               + ", ".join(nl(c) for c in m["c"].split(", ")) + "."),
    (InvalidInput, r"an answer 'agreed_with_remarks' needs remarks",
     lambda m: "Bij akkoord met opmerkingen horen opmerkingen: vul ze in."),
    (InvalidInput, r"note (?P<r>.+) already has attachment (?P<n>\d+)",
     lambda m: f"Nota {m['r']} heeft al een bijlage {m['n']}; kies een ander volgnummer."),
    (InvalidInput, r"a paraph route needs at least one step.*",
     lambda m: "Een parafenroute heeft minstens één stap (rol en eenheid)."),
    (InvalidInput, r"'(?P<v>.*)' is not an organisation code.*",
     lambda m: f"'{m['v']}' is geen code van een organisatie (bijvoorbeeld SZW, OCW, JenV, "
               "VWS)."),
    (InvalidInput, r"'(?P<v>.*)' is not a note reference.*",
     lambda m: f"'{m['v']}' is geen referentie van een nota (bijvoorbeeld 2026-0000261701)."),
    (InvalidInput, r"a motion needs at least one submitter.*",
     lambda m: "Een motie heeft minstens één indiener (naam en partij)."),
    (InvalidInput, r"each member (must be|needs).*",
     lambda m: "Geef bij elk Kamerlid een naam en een partij: 'naam | partij' per regel."),
    (InvalidInput, r"a decider is a minister.*",
     lambda m: "Besluiten doet een minister, een staatssecretaris of iemand met een "
               "vastgelegd mandaat."),
    (NotFound, r"note (?P<r>.+) has no attachment (?P<n>\d+)",
     lambda m: f"Nota {m['r']} heeft geen bijlage {m['n']}."),
    (NotFound, r"note (?P<r>.+) has no advised decision (?P<n>\d+)",
     lambda m: f"Nota {m['r']} heeft geen beslispunt {m['n']}."),
    (NotFound, r"note (?P<r>.+) has no consultation with (?P<o>.+)",
     lambda m: f"Over nota {m['r']} is geen afstemming gevraagd aan {m['o']}."),
    (NotFound, r"note (?P<r>.+) has no co-sender (?P<c>.+)",
     lambda m: f"Nota {m['r']} heeft {m['c']} niet als mede namens."),
    (NotFound, r"no (?P<w>commitment|motion) .+",
     lambda m: f"Deze {'toezegging' if m['w'] == 'commitment' else 'motie'} bestaat niet, of "
               "u heeft er geen toegang toe."),
    (OtherOrganisation, r"(?P<a>\S+) cannot answer for (?P<b>\S+):.*",
     lambda m: f"{m['a']} kan niet namens {m['b']} afstemmen: elke organisatie geeft alleen "
               "haar eigen afstemming."),
    (OtherOrganisation, r"only (?P<o>\S+), which owns note (?P<r>.+?), can .+",
     lambda m: f"Alleen {m['o']}, eigenaar van nota {m['r']}, mag dit doen."),
    (OtherOrganisation, r"(?P<w>commitment|motion) .+ belongs to (?P<o>.+); (?P<a>\S+) cannot .+",
     lambda m: f"Deze {'toezegging' if m['w'] == 'commitment' else 'motie'} is van {m['o']}; "
               f"{m['a']} mag haar niet wijzigen of koppelen."),
    (OtherOrganisation, r"(?P<a>\S+) cannot act for (?P<b>\S+)",
     lambda m: f"{m['a']} kan niet optreden namens {m['b']}."),
    (StaleVersion, r"(?P<w>note|commitment|motion)\b.*? is at version (?P<n>\d+), not (?P<v>\d+)",
     lambda m: f"{_kind(m['w'])} is intussen gewijzigd: u zag versie {m['v']}, nu is het "
               f"versie {m['n']}. Uw wijziging is niet opgeslagen; bekijk wat er veranderde "
               "en probeer het opnieuw."),
    (DuplicateReference, r"a note with reference (?P<r>.+) already exists",
     lambda m: f"Er bestaat al een nota met referentie {m['r']}."),
    (DuplicateReference, r"this commitment is already registered",
     lambda m: "Deze toezegging is al geregistreerd."),
    (DuplicateReference, r"motion (?P<l>.+) is already registered",
     lambda m: f"Motie {m['l']} is al geregistreerd."),
]


def _kind(word: str) -> str:
    return {"note": "De nota", "commitment": "De toezegging", "motion": "De motie"}[word]


def dutch(error: LedgerError) -> str:
    """What a page says about this refusal: its Dutch meaning, never the English sentence."""
    if isinstance(error, InDutch):
        return str(error)
    if isinstance(error, IllegalTransition):
        said = _transition(error)
        if said:
            return said
    text = str(error)
    for kind, pattern, say in SENTENCES:
        if isinstance(error, kind) and (m := re.fullmatch(pattern, text, re.S)):
            return say(m)
    return next(sentence for kind, sentence in GENERAL if isinstance(error, kind))
