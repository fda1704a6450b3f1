"""The drafter's and the office's forms on a note, through Flask's test client: each posts
with its CSRF token and the version shown, redirects back to the note, and records exactly
its command; a refusal is shown on the note in Dutch with what was typed."""

from __future__ import annotations

import re
from html import unescape

from domain.actor import Actor
from tests.web.conftest import csrf_of, signed_in
from tests.web.story import DRAFTER, decide

CLERK = Actor("VRO", "registrar", person_id="p-clerk-vro")
FORM = re.compile(r'<form method="post" action="([^"]+)" id="form-([A-Za-z0-9-]+)"[^>]*>'
                  r'(.*?)</form>', re.S)


def _page(client, note) -> str:
    return client.get(f"/nota/{note}").get_data(as_text=True)


def _post(site, client, form: str, suffix: str = "", version: int | None = None, **fields):
    """Post the form as the note page rendered it (its CSRF token, version and form token),
    with the fields a person fills in."""
    page = _page(client, site.note)
    wanted = form + (f"-{suffix}" if suffix else "")
    action, _, body = next(f for f in FORM.findall(page) if f[1] == wanted)
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', body))
    if version is not None:
        hidden["version"] = str(version)
    return client.post(unescape(action), data={**hidden, **fields})


def _decided(site) -> None:
    decide(site, site.note)


def test_every_form_on_the_drafters_page_carries_csrf_the_version_and_a_token(web):
    page = _page(signed_in(web, "p-head-nplv"), web.note)
    forms = FORM.findall(page)
    assert {"titel", "beslispunt", "bijlage", "afstemming-intrekken-SZW"} <= {f[1] for f in forms}
    for _, name, body in forms:
        for hidden in ("csrf_token", "version", "token"):
            assert f'name="{hidden}"' in body, (name, hidden)


def test_the_drafter_revises_the_title_and_szw_sees_it_in_what_changed(web):
    client = signed_in(web, "p-head-nplv")
    answer = _post(web, client, "titel", title="Aanpak dakloosheid: 12.000 woningen")
    assert answer.status_code == 302
    assert web.ledger.note(web.note)["title"] == "Aanpak dakloosheid: 12.000 woningen"
    assert "De titel is gewijzigd." in client.get(answer.location).get_data(as_text=True)
    web.settle()
    seen = _page(signed_in(web, "p-szw-afstemming"), web.note)
    assert "<dt>Titel</dt>" in seen and "<ins>12.000" in seen


def test_the_drafter_adds_revises_and_removes_beslispunten_and_attachments(web):
    client = signed_in(web, "p-head-nplv")
    assert _post(web, client, "beslispunt",
                 text="Kennis te nemen van de planning.").status_code == 302
    web.settle()
    assert _post(web, client, "beslispunt-wijzigen", "1",
                 text="In te stemmen met de gewijzigde aanpak.").status_code == 302
    web.settle()
    assert _post(web, client, "beslispunt-verwijderen", "2").status_code == 302
    web.settle()
    assert _post(web, client, "bijlage", number="1", name="Kamerbrief",
                 information="ter ondertekening").status_code == 302
    web.settle()
    assert _post(web, client, "bijlage", number="2", name="Factsheet").status_code == 302
    web.settle()
    assert _post(web, client, "bijlage-verwijderen", "2").status_code == 302
    note = web.ledger.note(web.note)
    assert [(a["number"], a["text"]) for a in note["advised"]] == [
        (1, "In te stemmen met de gewijzigde aanpak."), (3, "Kennis te nemen van de planning.")]
    assert [(b["number"], b["name"], b["information"]) for b in note["attachments"]] == [
        (1, "Kamerbrief", "ter ondertekening")]


def test_the_drafter_withdraws_a_consultation_and_asks_again(web):
    client = signed_in(web, "p-head-nplv")
    assert _post(web, client, "afstemming-intrekken", "OCW").status_code == 302
    web.settle()
    assert web.ledger.note(web.note)["consultations"]["OCW"]["status"] == "withdrawn"
    page = _page(client, web.note)
    assert "Opnieuw vragen aan OCW" in page
    assert _post(web, client, "afstemming-vragen", "OCW", due="2026-07-01").status_code == 302
    again = web.ledger.note(web.note)["consultations"]["OCW"]
    assert (again["status"], again["role"], again["due"]) == ("requested", "consulted",
                                                              "2026-07-01")


def test_a_stale_drafters_form_is_refused_with_what_changed_and_the_typed_text_kept(web):
    client = signed_in(web, "p-head-nplv")
    shown = web.ledger.note(web.note)["version"]
    web.ledger.revise_section(web.note, DRAFTER, "kern", "Wij stellen voor 15.000 woningen.")
    web.settle()
    answer = _post(web, client, "titel", version=shown, title="Een titel die niet landt")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 412 and "Niet opgeslagen." in page
    assert f"Gewijzigd sinds versie {shown}" in page and "<ins>15.000" in page
    assert 'value="Een titel die niet landt"' in page  # what was typed, ready to send again
    assert web.ledger.note(web.note)["title"].startswith("Aanpak dakloosheid")


def test_a_form_refused_by_the_ledger_says_why_in_dutch_and_keeps_what_was_typed(web):
    client = signed_in(web, "p-head-nplv")
    answer = _post(web, client, "afstemming-vragen", organisation="X Y!", role="consulted")
    page = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 422
    assert "'X Y!' is geen code van een organisatie" in page and 'value="X Y!"' in page
    assert "X Y!" not in web.ledger.note(web.note)["consultations"]


def test_the_letter_is_planned_signed_sent_registered_and_the_note_published(web):
    commitment = web.ledger.register_commitment(
        CLERK, text="De minister stuurt voor de zomer een brief over dakloosheid.",
        minister="minister van VRO", ministry="VRO",
        recipients=[{"name": "Jansen", "party": "GL-PvdA"}], debate_kind="commissiedebat",
        debate_date="2026-02-11", deadline="voor de zomer 2026").id
    _decided(web)
    drafter, minister = signed_in(web, "p-head-nplv"), signed_in(web, "p-minister-vro")
    assert _post(web, drafter, "brief-plannen", planned="in de week van 29 juni").status_code == 302
    web.settle()
    assert _post(web, drafter, "toezegging-koppelen", commitment=str(commitment),
                 relation="partly_fulfils").status_code == 302
    web.settle()
    assert "Kamerbrief verzenden" not in _page(drafter, web.note)  # not before it is signed
    assert _post(web, minister, "brief-ondertekenen").status_code == 302
    web.settle()
    assert _post(web, drafter, "brief-verzenden", chamber="TK").status_code == 302
    web.settle()
    clerk = signed_in(web, "p-clerk-vro")
    assert _post(web, clerk, "kamerstuk", parliament_number="32847-1300").status_code == 302
    web.settle()
    assert _post(web, drafter, "publiceren").status_code == 302
    note = web.ledger.note(web.note)
    assert note["status"] == "published"
    assert note["letter"]["planned"]["text"] == "in de week van 29 juni"
    assert (note["letter"]["chamber"], note["letter"]["parliament_number"]) == ("TK",
                                                                                "32847-1300")
    assert web.ledger.commitment(commitment)["status"] == "partially_fulfilled"
    web.settle()
    page = _page(drafter, web.note)
    assert "32847-1300" in page and "aan de Tweede Kamer" in page
    assert "voldoet deels aan" in page


def test_sending_an_unsigned_letter_is_refused_in_dutch(web):
    _decided(web)
    client = signed_in(web, "p-head-nplv")
    page = _page(client, web.note)
    answer = client.post(f"/nota/{web.note}/actie/brief-verzenden", data={
        "csrf_token": csrf_of(page), "version": re.search(r'name="version" value="(\d+)"',
                                                          page).group(1),
        "token": "t1", "chamber": "TK"})
    text = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 409
    assert "de Kamerbrief is nog niet ondertekend" in text
    assert web.ledger.note(web.note)["status"] == "decided"


def test_a_consultee_cannot_sign_the_letter(web):
    _decided(web)
    client = signed_in(web, "p-szw-afstemming")
    page = _page(client, web.note)
    answer = client.post(f"/nota/{web.note}/actie/brief-ondertekenen", data={
        "csrf_token": csrf_of(page), "version": "99", "token": "t1"})
    assert answer.status_code == 403 and "heeft niet de rol" in answer.get_data(as_text=True)
    assert not web.ledger.note(web.note)["letter"].get("signed_at")
