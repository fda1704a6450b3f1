"""No English on a page: every page for every demo person, and the ledger's refusals through
the forms, read as text and checked against the English words of the domain's messages;
each refusal is told by its own Dutch sentence, not a general one."""

from __future__ import annotations

import re
from html import unescape

from api.web.refusals import GENERAL
from domain.actor import Actor
from tests.web.conftest import csrf_of, signed_in

# Words of the domain's English messages (domain/*.py, audit, trail descriptions) that a
# Dutch page never needs.
ENGLISH = re.compile(
    r"\b(cannot|already|must|needs|which|owns|answered|consultation|advised|decision|"
    r"commitment|motion|the|is at version|allowed|characters|whole number|non-empty|"
    r"not found|no note|only|step|initialled|signed|sent|registered|withdrawn|requested|"
    r"reopened|draft|submitted|decided|published|co_responsible|consulted|agreed|"
    r"disagreed|fulfils|partly_fulfils|mentions|drafter|consultee|decider|registrar|"
    r"verified|break|checkpoint|revised|added|removed|is not|does not|has no|other)\b", re.I)
GENERAL_SENTENCES = [sentence for _, sentence in GENERAL]
CLERK = Actor("VRO", "registrar", person_id="p-clerk-vro")
OCW_CLERK = Actor("OCW", "registrar")


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _english(html: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH.finditer(_text(html))})


def _registers(site) -> tuple[str, str]:
    commitment = site.ledger.register_commitment(
        CLERK, text="De minister stuurt voor de zomer een brief.", minister="minister van VRO",
        ministry="VRO", recipients=[{"name": "Jansen", "party": "GL-PvdA"}],
        debate_kind="commissiedebat", debate_date="2026-02-11",
        deadline="voor de zomer 2026").id
    motion = site.ledger.submit_motion(
        CLERK, text="Verzoekt de regering uitstromers met voorrang te huisvesten.",
        submitters=[{"name": "De Vries", "party": "CDA"}], debate_kind="plenair debat",
        debate_date="2026-03-04", case_number="32847-1301", ministry="VRO").id
    site.settle()
    return str(commitment), str(motion)


def test_no_page_holds_an_english_word_of_the_domain(web):
    commitment, motion = _registers(web)
    web.audit.checkpoint()
    note, found = web.note, {}
    walks = {
        "p-head-nplv": ["/", f"/nota/{note}", "/nota/nieuw", f"/nota/{note}/tijdlijn",
                        "/registers/toezeggingen", "/registers/moties", "/nota/onbekend"],
        "p-szw-afstemming": ["/", f"/nota/{note}", f"/nota/{note}/afstemming"],
        "p-adr-auditor": [f"/nota/{note}/tijdlijn", f"/nota/{note}/zoals-op?moment=2030-01-01",
                          f"/nota/{note}/zoals-op?moment=morgen"],
        "p-clerk-vro": [f"/registers/toezeggingen/{commitment}", f"/registers/moties/{motion}",
                        "/registers/toezeggingen", "/registers/moties",
                        "/registers/toezeggingen/onbekend"],
        "p-jenv-afstemming": [f"/nota/{note}", "/"],
    }
    for person, paths in walks.items():
        client = signed_in(web, person)
        for path in paths:
            found[f"{person} {path}"] = _english(client.get(path).get_data(as_text=True))
    visitor = web.client()
    for path in ("/aanmelden", "/openbaar", f"/openbaar/nota/{note}", "/afgemeld"):
        found[path] = _english(visitor.get(path).get_data(as_text=True))
    assert {page: words for page, words in found.items() if words} == {}


def _form(site, client) -> dict:
    page = client.get(f"/nota/{site.note}").get_data(as_text=True)
    return {"csrf_token": csrf_of(page), "token": "t",
            "version": str(site.ledger.note(site.note)["version"])}


REFUSED = [  # (person, form, fields, status): each refused, so none changes the note
    ("p-head-nplv", "afstemming-vragen", {"organisation": "X Y!", "role": "consulted"}, 422),
    ("p-head-nplv", "afstemming-vragen", {"organisation": "SZW", "role": "consulted"}, 409),
    ("p-head-nplv", "afstemming-vragen", {"organisation": "VWS", "role": "adviseur"}, 422),
    ("p-head-nplv", "afstemming-vragen", {"organisation": "VWS", "role": "consulted",
                                          "due": "morgen"}, 422),
    ("p-head-nplv", "sectie", {"name": "Kern!", "text": "Tekst."}, 422),
    ("p-head-nplv", "sectie", {"name": "kern", "text": ""}, 422),
    ("p-head-nplv", "bijlage", {"number": "0", "name": "Brief"}, 422),
    ("p-head-nplv", "bijlage-verwijderen", {"number": "9"}, 404),
    ("p-head-nplv", "beslispunt-wijzigen", {"number": "9", "text": "Nieuw."}, 404),
    ("p-head-nplv", "route-starten", {}, 409),
    ("p-head-nplv", "indienen", {}, 409),
    ("p-head-nplv", "brief-verzenden", {"chamber": "TK"}, 409),
    ("p-head-nplv", "publiceren", {}, 409),
    ("p-head-nplv", "toezegging-koppelen", {"commitment": "geen", "relation": "fulfils"}, 422),
    ("p-minister-vro", "brief-ondertekenen", {}, 409),
    ("p-minister-vro", "besluiten", {}, 409),
    ("p-clerk-vro", "kamerstuk", {"parliament_number": "32847-1300"}, 409),
    ("p-szw-afstemming", "titel", {"title": "Nee"}, 403),
]


def test_each_refusal_of_a_form_is_told_in_its_own_dutch_sentence(web):
    clients, wrong = {}, []
    version = web.ledger.note(web.note)["version"]
    for person, form, fields, status in REFUSED:
        client = clients.setdefault(person, signed_in(web, person))
        answer = client.post(f"/nota/{web.note}/actie/{form}",
                             data={**_form(web, client), **fields})
        html = unescape(answer.get_data(as_text=True))
        general = [s for s in GENERAL_SENTENCES if s in html]
        if (answer.status_code, _english(html), general) != (status, [], []):
            wrong.append((form, fields, answer.status_code, _english(html), general,
                          _text(html)[-300:]))
    assert wrong == []
    assert web.ledger.note(web.note)["version"] == version


def test_refusals_of_other_kinds_are_told_in_dutch(web):
    commitment, motion = _registers(web)
    others = web.ledger.register_commitment(
        OCW_CLERK, text="De minister van OCW komt met een brief.", minister="minister van OCW",
        ministry="OCW", recipients=[{"name": "Bos", "party": "VVD"}],
        debate_kind="commissiedebat", debate_date="2026-02-11", deadline="na de zomer").id
    web.settle()
    drafter = signed_in(web, "p-head-nplv")
    pages = {"stale": drafter.post(f"/nota/{web.note}/actie/titel",
                                   data={**_form(web, drafter), "version": "1",
                                         "title": "Te laat"}),
             "other ministry": drafter.post(f"/nota/{web.note}/actie/toezegging-koppelen", data={
                 **_form(web, drafter), "commitment": str(others), "relation": "fulfils"})}
    page = drafter.get("/nota/nieuw").get_data(as_text=True)
    pages["duplicate"] = drafter.post("/nota/nieuw", data={
        "csrf_token": csrf_of(page), "token": "t", "reference": "2026-0000300001",
        "title": "Dubbel", "kind": "decision", "date": "2026-06-01", "from_unit": "NPLV",
        "to_official": "Minister van VRO"})
    clerk = signed_in(web, "p-clerk-vro")
    page = clerk.get(f"/registers/toezeggingen/{commitment}").get_data(as_text=True)
    pages["same status"] = clerk.post(f"/registers/toezeggingen/{commitment}/status", data={
        "csrf_token": csrf_of(page), "token": "t", "version": "1", "status": "open",
        "reason": "Nog steeds open."})
    page = clerk.get(f"/registers/moties/{motion}").get_data(as_text=True)
    pages["vote on held"] = clerk.post(f"/registers/moties/{motion}/aanhouden", data={
        "csrf_token": csrf_of(page), "token": "t", "version": "1"})
    pages["hold again"] = clerk.post(f"/registers/moties/{motion}/aanhouden", data={
        "csrf_token": csrf_of(page), "token": "t2", "version": "2"})
    expected = {"stale": (412, "is intussen gewijzigd"),
                "other ministry": (403, "Deze toezegging is van OCW"),
                "duplicate": (409, "Er bestaat al een nota met referentie 2026-0000300001"),
                "same status": (409, "die status heeft zij al"),
                "vote on held": (302, ""),
                "hold again": (409, "motie 32847-1301 aanhouden niet")}
    for name, answer in pages.items():
        html = unescape(answer.get_data(as_text=True))
        status, said = expected[name]
        english = _english(html) if status != 302 else []  # a redirect's body is not read
        assert (answer.status_code, english) == (status, []), (name, _text(html)[-500:])
        assert said in html, (name, _text(html)[-500:])
