"""What each event did, said in Dutch for the tijdlijn (the views tell it in English, for the
API); an event this table does not know is named by its type, never left out."""

from __future__ import annotations

import re
from collections.abc import Callable

from api.web.words import nl

Say = Callable[[dict], str]
CHAMBERS = {"TK": "de Tweede Kamer", "EK": "de Eerste Kamer"}
RELATIONS = {"fulfils": "die deze Kamerbrief voldoet", "partly_fulfils": "die deze Kamerbrief "
             "deels voldoet", "mentions": "die deze Kamerbrief noemt (zij blijft zoals zij is)"}


def _clip(text, limit: int = 80) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


REASONS = ((r"the title changed", lambda m: "de titel is gewijzigd"),
           (r"section (?P<s>\S+) changed", lambda m: f"sectie {m['s']} is gewijzigd"),
           (r"advised decision (?P<n>\d+) (?P<v>added|changed|removed)",
            lambda m: f"beslispunt {m['n']} is " + {"added": "toegevoegd", "changed": "gewijzigd",
                                                    "removed": "verwijderd"}[m["v"]]),
           (r"attachment (?P<n>\d+) (?P<v>added|removed)",
            lambda m: f"bijlage {m['n']} is "
                      + {"added": "toegevoegd", "removed": "verwijderd"}[m["v"]]))


def _reason(text: str) -> str:
    """Why a consultation was reopened: the change to the text, in Dutch."""
    for pattern, say in REASONS:
        if m := re.fullmatch(pattern, text):
            return say(m)
    return "de tekst is gewijzigd na de afstemming"


def _reply_by(data: dict) -> str | None:
    return data.get("reply_by") or data.get("due")  # 'due' in requests recorded before


def _members(members: list[dict]) -> str:
    return ", ".join(f"{m.get('name')} ({m.get('party')})" for m in members or ())


NOTE: dict[str, Say] = {
    "Drafted": lambda d: f"Nota {d['reference']} ({nl(d['kind'])}) opgesteld voor "
                         f"{d['ministry']}: {_clip(d['title'])}",
    "SourceRecorded": lambda d: f"Brondocument {d['name']} vastgelegd (sha256 "
                                f"{d['sha256'][:12]}…)"
                                + (f", met {len(d['warnings'])} waarschuwingen bij het inlezen"
                                   if d.get("warnings") else ""),
    "TitleRevised": lambda d: f"Titel gewijzigd in: {_clip(d['title'])}",
    "SectionRevised": lambda d: f"Sectie {d['name']} gewijzigd ({len(d['text'])} tekens)",
    "PublicitySet": lambda d: "Gemarkeerd als actief openbaar" if d["actively_public"]
                              else "Gemarkeerd als niet actief openbaar",
    "AdvisedDecisionAdded": lambda d: f"Beslispunt {d['number']} toegevoegd: "
                                      f"{_clip(d['text'])}",
    "AdvisedDecisionRevised": lambda d: f"Beslispunt {d['number']} gewijzigd: "
                                        f"{_clip(d['text'])}",
    "AdvisedDecisionRemoved": lambda d: f"Beslispunt {d['number']} verwijderd",
    "AttachmentAdded": lambda d: f"Bijlage {d['number']} toegevoegd: {_clip(d['name'])}",
    "AttachmentRemoved": lambda d: f"Bijlage {d['number']} verwijderd",
    "ParaphRouteSet": lambda d: "Parafenroute vastgesteld: " + " → ".join(
        f"{s['role']} {s['unit']}" for s in d["steps"]),
    "ReviewStarted": lambda d: "Parafering gestart",
    "Initialled": lambda d: f"Stap {d['step'] + 1} van de parafenroute geparafeerd",
    "InitialRefused": lambda d: f"Paraaf op stap {d['step'] + 1} geweigerd: "
                                f"{_clip(d['reason'])}",
    "ConsultationRequested": lambda d: f"Afstemming gevraagd aan {d['organisation']} "
                                       f"({nl(d['role'])})"
                                       + (f", uiterlijk {_reply_by(d)}" if _reply_by(d)
                                          else ""),
    "ConsultationAnswered": lambda d: f"{d['organisation']} gaf zijn afstemming: "
                                      f"{nl(d['outcome'])}"
                                      + (f" ({_clip(d['remarks'])})" if d.get("remarks")
                                         else ""),
    "ConsultationWithdrawn": lambda d: f"Verzoek om afstemming aan {d['organisation']} "
                                       "ingetrokken",
    "ConsultationReopened": lambda d: f"Afstemming met {d['organisation']} heropend: "
                                      f"{_reason(d.get('reason', ''))}"
                                      + (f", nieuwe termijn uiterlijk {d['reply_by']}"
                                         if d.get("reply_by") else ""),
    "ConsultationReplyDue": lambda d: f"Herinnering: het antwoord van {d['organisation']} is "
                                      f"uiterlijk {d['reply_by']} nodig",
    "ConsultationOverdue": lambda d: f"Herinnering: termijn verstreken, het antwoord van "
                                     f"{d['organisation']} was uiterlijk {d['reply_by']} nodig",
    "Submitted": lambda d: "Ter besluitvorming ingediend",
    "OutcomeRecorded": lambda d: f"Besluit op beslispunt {d['number']}: {nl(d['outcome'])}",
    "Annotated": lambda d: f"Aantekening: {_clip(d['text'])}",
    "Decided": lambda d: "Besloten",
    "Returned": lambda d: f"Teruggestuurd naar de opsteller: {_clip(d['reason'])}",
    "Withdrawn": lambda d: f"Nota ingetrokken: {_clip(d['reason'])}",
    "CoSenderAdded": lambda d: f"Mede namens {d['co_sender']} toegevoegd",
    "CoSenderRemoved": lambda d: f"Mede namens {d['co_sender']} verwijderd",
    "LetterPlanned": lambda d: f"Kamerbrief gepland: {d['planned']['text']}",
    "LetterSigned": lambda d: "Kamerbrief ondertekend",
    "LetterSent": lambda d: f"Kamerbrief verzonden aan {CHAMBERS.get(d['chamber'], d['chamber'])}",
    "LetterRegistered": lambda d: f"Kamerbrief geregistreerd als Kamerstuk "
                                  f"{d['parliament_number']}",
    "CommitmentLinked": lambda d: "Toezegging gekoppeld "
                                  + RELATIONS.get(d.get("relation", "fulfils"), ""),
    "MotionLinked": lambda d: "Motie gekoppeld waarvan deze Kamerbrief de uitvoering meldt",
    "Published": lambda d: "Actief openbaar gemaakt (Woo)",
}

COMMITMENT: dict[str, Say] = {
    "Registered": lambda d: f"Toezegging van {d['minister']} geregistreerd "
                            f"({d['debate']['kind']}): {_clip(d['text'])}",
    "DeadlineChanged": lambda d: f"Termijn gewijzigd in '{d['deadline']['text']}': "
                                 f"{_clip(d['reason'])}",
    "LinkedToNote": lambda d: f"Gekoppeld aan nota {d['reference']}",
    "Fulfilled": lambda d: f"Voldaan met de Kamerbrief bij nota {d['reference']}",
    "PartiallyFulfilled": lambda d: f"Deels voldaan: {_clip(d['remarks'])}",
    "Lapsed": lambda d: f"Vervallen: {_clip(d['reason'])}",
    "StatusSet": lambda d: f"Status gezet op {nl(d['status'])}: {_clip(d['reason'])}",
    "CoOwnerAdded": lambda d: f"Gedeeld met {d['organisation']} als mede-eigenaar",
    "CommitmentDueSoon": lambda d: f"Herinnering: de toezegging loopt af op {d['due']}",
    "CommitmentOverdue": lambda d: f"Herinnering: de toezegging is verlopen (termijn tot en "
                                   f"met {d['due']})",
}

MOTION: dict[str, Say] = {
    "Submitted": lambda d: f"Motie ingediend door {_members(d['submitters'])} "
                           f"({d['debate']['kind']})"
                           + (f", {d['case_number']}" if d.get("case_number") else ""),
    "Appraised": lambda d: f"Appreciatie van het kabinet: {d['appraisal'].replace('_', ' ')}",
    "TakenOver": lambda d: f"Overgenomen door {d['by']}",
    "StatusChanged": lambda d: f"Status gewijzigd in {nl(d['status'], 'motion')}"
                               + (f" op {d['on']}" if d.get("on") else ""),
    "LinkedToNote": lambda d: f"Gekoppeld aan nota {d['reference']}",
    "ExecutionReported": lambda d: f"Uitvoering gemeld met de Kamerbrief bij nota "
                                   f"{d['reference']}",
    "CoOwnerAdded": lambda d: f"Gedeeld met {d['organisation']} als mede-eigenaar",
}

BY_KIND = {"note": NOTE, "commitment": COMMITMENT, "motion": MOTION}


def described(entry: dict) -> str:
    """One Dutch sentence on what the event of this trail entry did."""
    say = BY_KIND.get(entry.get("aggregate_type"), NOTE).get(entry.get("type"))
    try:
        return say(entry.get("data") or {}) if say else f"Gebeurtenis {entry.get('type')}"
    except (KeyError, TypeError, AttributeError):
        return f"Gebeurtenis {entry.get('type')}"
