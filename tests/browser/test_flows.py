"""The people's flows in Chromium: sign-off with a live update, a stale sign-off, a
stranger's 'not found', the auditor's proof and a broken chain, the public page, the letter
from planning to its Kamerstuk number."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from api import offline_verify
from tests.browser.conftest import shot
from tests.integration.audit.rows import Rows
from tests.web.story import DRAFTER, decide, publish


def test_szw_signs_off_with_remarks_and_the_drafters_open_page_shows_it_live(served, people):
    drafter = people("p-head-nplv")
    drafter.goto(f"/nota/{served.site.note}")
    szw_row = drafter.locator("tr[data-org=SZW]")
    expect(szw_row).to_contain_text("heropend")
    consultee = people("p-szw-afstemming")
    shot(consultee, "werkvoorraad")
    consultee.get_by_role("link", name=re.compile("2026-0000300001")).click()
    expect(consultee.locator("#h-sinds")).to_be_visible()
    expect(consultee.locator(".app-diff ins").first).to_have_text("12.000")
    shot(consultee, "nota")
    consultee.get_by_role("link", name="Afstemming geven namens SZW").click()
    consultee.get_by_label("Akkoord met opmerkingen").check()
    remarks = "Graag de inkomensondersteuning afstemmen."
    consultee.get_by_label("Opmerkingen", exact=True).fill(remarks)
    shot(consultee, "afstemming")
    consultee.get_by_role("button", name="Afstemming vastleggen").click()
    expect(consultee.get_by_role("status")).to_contain_text("Uw afstemming is vastgelegd")
    expect(szw_row).to_contain_text("akkoord met opmerkingen", timeout=10_000)  # no reload
    expect(szw_row).to_contain_text(remarks)


def test_a_stale_sign_off_is_refused_with_the_change_shown(served, people):
    consultee = people("p-szw-afstemming")
    consultee.goto(f"/nota/{served.site.note}/afstemming")
    served.site.ledger.revise_section(served.site.note, DRAFTER, "kern",
                                      "Wij stellen voor 15.000 woningen per jaar.")
    served.site.settle()
    consultee.get_by_label("Akkoord", exact=True).check()
    consultee.get_by_role("button", name="Afstemming vastleggen").click()
    warning = consultee.locator("#verouderd")
    expect(warning).to_contain_text("gewijzigd terwijl u las")
    expect(warning.locator("ins").first).to_contain_text("15.000")
    shot(consultee, "afstemming-verouderd")
    consultee.get_by_role("button", name="Afstemming vastleggen").click()  # re-read, sent
    expect(consultee.get_by_role("status")).to_contain_text("Uw afstemming is vastgelegd")


def test_a_consultee_of_an_unrelated_ministry_gets_not_found(served, people):
    stranger = people("p-jenv-afstemming")
    answer = stranger.goto(f"/nota/{served.site.note}")
    assert answer.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Niet gevonden")


def test_the_auditor_sees_verified_takes_the_bundle_and_then_sees_a_break(served, people,
                                                                          tmp_path):
    site = served.site
    site.audit.checkpoint()
    auditor = people("p-adr-auditor")
    auditor.goto(f"/nota/{site.note}/tijdlijn")
    expect(auditor.locator("#keten")).to_contain_text("Geverifieerd")
    expect(auditor.locator("#keten")).to_contain_text("controlepunt")
    shot(auditor, "tijdlijn")
    with auditor.expect_download() as download:
        auditor.locator("#bewijs").click()
    path = tmp_path / "bewijs.json"
    download.value.save_as(path)
    said = "\n".join(offline_verify.verify(str(path), None))
    assert "2026-0000300001" in said and json.loads(path.read_text())["checkpoint"]
    rows = Rows({"NOTALEDGER_STORE": "sqlite",
                 "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")})
    _, aggregate, version, _, state = next(r for r in rows.all()
                                           if r[1] == str(site.note) and b"10.000" in r[4])
    rows.set_state(aggregate, version, state.replace(b"10.000", b"19.000", 1))
    auditor.reload()
    expect(auditor.locator("#keten")).to_contain_text("Breuk in de keten")
    expect(auditor.locator("#keten")).to_contain_text(f"versie {version}")
    shot(auditor, "tijdlijn-breuk")


def test_the_public_page_holds_no_civil_servants_name(served, browser):
    publish(served.site, served.site.note)
    context = browser.new_context(base_url=served.url)
    page = context.new_page()
    page.goto("/openbaar")
    page.get_by_role("link", name=re.compile("2026-0000300001")).click()
    text = page.locator("body").inner_text()
    shot(page, "openbaar")
    assert "5.1.2e" in text and "minister van VRO" in text
    for name in ("H. van de Eenheid", "S. Zorgvuldig", "P. Griffie"):
        assert name not in text
    context.close()


def test_a_new_consultation_appears_in_the_werkvoorraad_without_reload(served, people):
    ocw = people("p-ocw-afstemming")
    waiting = ocw.locator("#h-afstemming")
    expect(waiting).to_contain_text("(1)")
    ledger = served.site.ledger
    second = ledger.draft_note(DRAFTER, reference="2026-0000300002", title="Tweede nota",
                               kind="decision", date="2026-06-01", from_unit="NPLV",
                               to_official="Minister van VRO", ministry="VRO",
                               actively_public=False, drafted_by=[], collaborating=[]).id
    ledger.request_consultation(second, DRAFTER, "OCW", "consulted", None)
    expect(ocw.get_by_role("link", name=re.compile("2026-0000300002"))).to_be_visible(
        timeout=10_000)
    expect(waiting).to_contain_text("(2)")


def test_the_letter_is_planned_signed_sent_and_registered_through_the_pages(served, people):
    site = served.site
    decide(site, site.note)
    drafter = people("p-head-nplv")
    drafter.goto(f"/nota/{site.note}")
    drafter.get_by_label("Planning van de Kamerbrief").fill("in de week van 29 juni")
    drafter.get_by_role("button", name="Planning vastleggen").click()
    expect(drafter.get_by_role("status")).to_contain_text("De planning van de Kamerbrief")
    expect(drafter.locator("#kamerbrief")).to_contain_text("in de week van 29 juni")
    expect(drafter.get_by_role("button", name="Kamerbrief verzenden")).to_have_count(0)
    minister = people("p-minister-vro")
    minister.goto(f"/nota/{site.note}")
    minister.get_by_role("button", name="Kamerbrief ondertekenen").click()
    expect(minister.get_by_role("status")).to_contain_text("De Kamerbrief is ondertekend")
    drafter.reload()
    drafter.get_by_label("Aan", exact=True).select_option("TK")
    drafter.get_by_role("button", name="Kamerbrief verzenden").click()
    expect(drafter.get_by_role("status")).to_contain_text("De Kamerbrief is verzonden")
    clerk = people("p-clerk-vro")
    clerk.goto(f"/nota/{site.note}")
    clerk.get_by_label("Kamerstuknummer").fill("32847-1300")
    clerk.get_by_role("button", name="Kamerstuknummer registreren").click()
    expect(clerk.get_by_role("status")).to_contain_text("Het Kamerstuknummer is geregistreerd")
    expect(clerk.locator("#kamerbrief")).to_contain_text("32847-1300")
    expect(clerk.locator("#kamerbrief")).to_contain_text("aan de Tweede Kamer")
    shot(clerk, "kamerbrief")
    letter = site.ledger.note(site.note)["letter"]
    assert (letter["chamber"], letter["parliament_number"]) == ("TK", "32847-1300")
