"""The pages through Flask's test client: sign-in, CSRF, visibility, stale and double answers."""

from __future__ import annotations

import re
from datetime import date

from tests.web.conftest import csrf_of, signed_in
from tests.web.story import DRAFTER, publish

TOKEN = re.compile(r'name="token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def _answers(site, note) -> int:
    return sum(1 for e in site.ledger.history(note) if e["type"] == "ConsultationAnswered")


def _form(client, note):
    page = client.get(f"/nota/{note}/afstemming").get_data(as_text=True)
    return {"csrf_token": csrf_of(page), "token": TOKEN.search(page).group(1),
            "version": VERSION.search(page).group(1)}


def test_a_page_asks_for_sign_in_and_keeps_out_of_frames_and_inline_script(web):
    client = web.client()
    answer = client.get("/")
    assert answer.status_code == 302 and answer.location.startswith("/aanmelden")
    policy = client.get("/aanmelden").headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "unsafe-inline" not in policy


def test_the_session_cookie_is_httponly_and_lax(web):
    client = web.client()
    page = client.get("/aanmelden").get_data(as_text=True)
    answer = client.post("/aanmelden/demo",
                         data={"person": "p-szw-afstemming", "csrf_token": csrf_of(page)})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_werkvoorraad_shows_the_consultation_waiting_for_szw(web):
    page = signed_in(web, "p-szw-afstemming").get("/").get_data(as_text=True)
    assert "2026-0000300001" in page and "heropend" in page
    assert f'href="/nota/{web.note}"' in page


def test_a_consultee_of_an_unrelated_ministry_gets_not_found(web):
    client = signed_in(web, "p-jenv-afstemming")
    assert client.get(f"/nota/{web.note}").status_code == 404
    assert client.get(f"/nota/{web.note}/afstemming").status_code == 404
    assert client.get(f"/nota/{web.note}/tijdlijn").status_code == 404


def test_the_note_shows_a_consultee_what_changed_since_its_answer(web):
    page = signed_in(web, "p-szw-afstemming").get(f"/nota/{web.note}").get_data(as_text=True)
    assert "<del>10.000</del><ins>12.000</ins>" in page


def test_a_sign_off_without_the_csrf_token_is_refused(web):
    client = signed_in(web, "p-szw-afstemming")
    form = {**_form(client, web.note), "outcome": "agreed", "csrf_token": "wrong"}
    assert client.post(f"/nota/{web.note}/afstemming", data=form).status_code == 400
    assert _answers(web, web.note) == 1


def test_a_stale_sign_off_is_refused_with_what_changed(web):
    client = signed_in(web, "p-szw-afstemming")
    form = _form(client, web.note)
    web.ledger.revise_section(web.note, DRAFTER, "kern", "Wij stellen voor 15.000 woningen.")
    web.settle()
    answer = client.post(f"/nota/{web.note}/afstemming",
                         data={**form, "outcome": "agreed_with_remarks", "remarks": "Prima"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "gewijzigd terwijl u las" in page
    assert "<ins>15.000" in page and "Prima" in page  # their remarks are kept for a retry
    assert _answers(web, web.note) == 1


def test_a_double_submit_records_one_answer(web):
    client = signed_in(web, "p-szw-afstemming")
    form = {**_form(client, web.note), "outcome": "agreed_with_remarks", "remarks": "Graag"}
    first = client.post(f"/nota/{web.note}/afstemming", data=form)
    second = client.post(f"/nota/{web.note}/afstemming", data=form)
    assert first.status_code == second.status_code == 302
    assert _answers(web, web.note) == 2  # the demo's first answer, and this one once
    assert web.ledger.note(web.note)["consultations"]["SZW"]["remarks"] == "Graag"


def test_a_consultee_cannot_use_the_drafters_forms(web):
    client = signed_in(web, "p-szw-afstemming")
    page = client.get(f"/nota/{web.note}").get_data(as_text=True)
    answer = client.post(f"/nota/{web.note}/actie/titel",
                         data={"csrf_token": csrf_of(page), "version": "1", "title": "Nee"})
    assert answer.status_code == 403
    assert web.ledger.note(web.note)["title"].startswith("Aanpak dakloosheid")


def test_the_drafter_revises_a_section_through_the_page(web):
    client = signed_in(web, "p-head-nplv")
    page = client.get(f"/nota/{web.note}").get_data(as_text=True)
    version = web.ledger.note(web.note)["version"]
    answer = client.post(f"/nota/{web.note}/actie/sectie", data={
        "csrf_token": csrf_of(page), "version": str(version), "token": "t1",
        "name": "toelichting", "text": "Nieuwe toelichting."})
    assert answer.status_code == 302
    assert web.ledger.note(web.note)["sections"]["toelichting"] == ["Nieuwe toelichting."]


def test_the_public_page_holds_no_civil_servants_name(web):
    publish(web, web.note)
    client = web.client()
    listing = client.get("/openbaar").get_data(as_text=True)
    page = client.get(f"/openbaar/nota/{web.note}").get_data(as_text=True)
    assert "2026-0000300001" in listing and "5.1.2e" in page
    for name in ("H. van de Eenheid", "S. Zorgvuldig", "P. Griffie"):
        assert name not in page and name not in listing
    assert "minister van VRO" in page  # ministers are named


def test_the_trail_shows_the_note_as_of_a_moment_on_either_time_axis(web):
    client = signed_in(web, "p-adr-auditor")
    trail = client.get(f"/nota/{web.note}/tijdlijn").get_data(as_text=True)
    assert "Geverifieerd" in trail and "SZW gaf zijn afstemming" in trail
    assert "H. van de Eenheid" in trail  # who acted, named by the one policy
    moment = web.ledger.note(web.note, version=3)["modified_on"]
    for axis in ("vastgelegd", "geldend"):
        page = client.get(f"/nota/{web.note}/zoals-op", query_string={"moment": moment,
                                                                       "as": axis})
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and "10.000 woningen" in text, axis
        assert "12.000" not in text


def test_remarks_are_required_with_agreed_with_remarks_and_the_form_says_so(web):
    client = signed_in(web, "p-szw-afstemming")
    answer = client.post(f"/nota/{web.note}/afstemming",
                         data={**_form(client, web.note), "outcome": "agreed_with_remarks"})
    assert answer.status_code == 422 and "niet opgeslagen" in answer.get_data(as_text=True)
    assert _answers(web, web.note) == 1


def test_the_werkvoorraad_shows_the_reminders_of_ones_own_organisation(web):
    due = web.ledger.note(web.note)["consultations"]["SZW"]["reply_by"]
    late = date.fromordinal(date.fromisoformat(due).toordinal() + 1)
    assert web.ledger.remind(web.note, late) is not None
    web.settle()
    szw = signed_in(web, "p-szw-afstemming").get("/").get_data(as_text=True)
    assert "Herinneringen" in szw and "Termijn verstreken" in szw
    assert f"uiterlijk {date.fromisoformat(due).strftime('%d-%m-%Y')} nodig" in szw
    vro = signed_in(web, "p-head-nplv").get("/").get_data(as_text=True)
    assert "Termijn verstreken</strong>: afstemming SZW" in vro
    jenv = signed_in(web, "p-jenv-afstemming").get("/").get_data(as_text=True)
    assert "Herinneringen" not in jenv
    trail = signed_in(web, "p-adr-auditor").get(f"/nota/{web.note}/tijdlijn").get_data(
        as_text=True)
    assert f"termijn verstreken, het antwoord van SZW was uiterlijk {due} nodig" in trail
    assert "Afstemming gevraagd aan SZW (medeverantwoordelijk), uiterlijk 20" in trail


def test_a_session_idle_too_long_asks_for_sign_in_again(web):
    client = signed_in(web, "p-szw-afstemming")
    assert client.get("/").status_code == 200
    assert "Set-Cookie" not in client.get("/").headers  # seen a moment ago: not re-signed
    with client.session_transaction() as session:
        session["seen"] -= web.app.config["WEB_IDLE_SECONDS"] + 1
    answer = client.get("/")
    assert answer.status_code == 302 and answer.location.startswith("/aanmelden")
