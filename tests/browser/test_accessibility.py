"""Every page under axe-core at WCAG 2.1 AA, and the sign-off walked by keyboard alone."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from domain.actor import Actor
from tests.browser.conftest import shot
from tests.web.story import publish

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                    "wcag21aa"]},
              "resultTypes": ["violations"]}
CLERK = Actor("VRO", "registrar", person_id="p-clerk-vro")


def _registers(site) -> None:
    site.ledger.register_commitment(
        CLERK, text="De minister stuurt voor de zomer een brief over de aanpak dakloosheid.",
        minister="minister van VRO", ministry="VRO",
        recipients=[{"name": "Jansen", "party": "GL-PvdA"}], debate_kind="commissiedebat",
        debate_date="2026-02-11", deadline="voor de zomer 2026")
    site.ledger.submit_motion(
        CLERK, text="Verzoekt de regering uitstromers met voorrang te huisvesten.",
        submitters=[{"name": "De Vries", "party": "CDA"}], debate_kind="plenair debat",
        debate_date="2026-03-04", case_number="32847-1301", ministry="VRO")
    site.settle()


def _check(page, name: str, axe: Axe) -> list[str]:
    shot(page, f"axe-{name}")
    results = axe.run(page, options=WCAG_21_AA)
    if results.violations_count:
        return [f"{name} ({page.url}):\n{results.generate_report()}"]
    return []


def test_every_page_has_no_wcag_21_aa_violations(served, people, browser):
    site, note, axe, found = served.site, served.site.note, Axe(), []
    _registers(site)
    site.audit.checkpoint()
    drafter = people("p-head-nplv")
    for name, path in (("werkvoorraad", "/"), ("nota-opsteller", f"/nota/{note}"),
                       ("nieuwe-nota", "/nota/nieuw"), ("niet-gevonden", "/nota/onbekend")):
        drafter.goto(path)
        found += _check(drafter, name, axe)
    consultee = people("p-szw-afstemming")
    consultee.goto(f"/nota/{note}/afstemming")
    found += _check(consultee, "afstemming", axe)
    auditor = people("p-adr-auditor")
    for name, path in (("tijdlijn", f"/nota/{note}/tijdlijn"),
                       ("zoals-op", f"/nota/{note}/zoals-op?moment=2030-01-01T00:00")):
        auditor.goto(path)
        found += _check(auditor, name, axe)
    clerk = people("p-clerk-vro")
    for name, path in (("toezeggingen", "/registers/toezeggingen"),
                       ("moties", "/registers/moties")):
        clerk.goto(path)
        found += _check(clerk, name, axe)
        clerk.locator("tbody a").first.click()
        found += _check(clerk, f"{name}-een", axe)
    publish(site, note)
    visitor = browser.new_context(base_url=served.url).new_page()
    for name, path in (("aanmelden", "/aanmelden"), ("openbaar", "/openbaar"),
                       ("openbare-nota", f"/openbaar/nota/{note}"), ("afgemeld", "/afgemeld")):
        visitor.goto(path)
        found += _check(visitor, name, axe)
    visitor.context.close()
    assert not found, "\n\n".join(found)


def _tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached by Tab in {limit} presses")


def test_the_sign_off_can_be_walked_by_keyboard_alone(served, people):
    consultee = people("p-szw-afstemming")
    consultee.goto(f"/nota/{served.site.note}")
    _tab_to(consultee, "#naar-afstemming")
    consultee.keyboard.press("Enter")
    expect(consultee).to_have_url(re.compile("/afstemming$"))
    _tab_to(consultee, "#o-agreed")
    consultee.keyboard.press("ArrowDown")  # the radio group: to 'akkoord met opmerkingen'
    expect(consultee.locator("#o-agreed_with_remarks")).to_be_checked()
    _tab_to(consultee, "#f-remarks")
    consultee.keyboard.type("Met de toevoeging over inkomensondersteuning.")
    _tab_to(consultee, "button[type=submit][data-once]")
    consultee.keyboard.press("Enter")
    expect(consultee.get_by_role("status")).to_contain_text("Uw afstemming is vastgelegd")
    answer = served.site.ledger.note(served.site.note)["consultations"]["SZW"]
    assert answer["outcome"] == "agreed_with_remarks"
    assert answer["remarks"] == "Met de toevoeging over inkomensondersteuning."
