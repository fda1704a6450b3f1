"""The registrar's pages: commitments and motions registered, appraised, voted, set, exported."""

from __future__ import annotations

import re
from uuid import UUID

from tests.web.conftest import csrf_of, signed_in

ITEM = re.compile(r'href="/registers/(?:toezeggingen|moties)/([0-9a-f-]{36})"')


def _post(client, page_path: str, action: str, **form):
    page = client.get(page_path).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    data = {"csrf_token": csrf_of(page), "token": "t-" + action,
            **({"version": version.group(1)} if version else {}), **form}
    return client.post(action, data=data)


def test_the_registrar_registers_a_commitment_sets_its_status_and_exports_it(web):
    clerk = signed_in(web, "p-clerk-vro")
    answer = _post(clerk, "/registers/toezeggingen", "/registers/toezeggingen",
                   text="Een brief voor de zomer.", minister="minister van VRO",
                   members="Jansen | GL-PvdA", debate_kind="commissiedebat",
                   debate_date="2026-02-11", deadline="voor de zomer 2026")
    assert answer.status_code == 302
    web.settle()
    listing = clerk.get("/registers/toezeggingen").get_data(as_text=True)
    item = ITEM.search(listing).group(1)
    assert "<svg" in listing and "Jansen (GL-PvdA)" in listing
    assert _post(clerk, f"/registers/toezeggingen/{item}",
                 f"/registers/toezeggingen/{item}/status", status="fulfilled",
                 reason="Brief van 1 juli").status_code == 302
    assert web.ledger.commitment(UUID(item))["status"] == "fulfilled"
    web.settle()
    csv = clerk.get("/registers/toezeggingen.csv?status=fulfilled").get_data(as_text=True)
    assert "Een brief voor de zomer." in csv and "fulfilled" in csv


def test_the_registrar_records_a_motions_appraisal_and_vote(web):
    clerk = signed_in(web, "p-clerk-vro")
    _post(clerk, "/registers/moties", "/registers/moties", text="Verzoekt de regering.",
          members="De Vries | CDA", debate_kind="plenair debat", case_number="32847-1301")
    web.settle()
    item = ITEM.search(clerk.get("/registers/moties").get_data(as_text=True)).group(1)
    page = f"/registers/moties/{item}"
    assert _post(clerk, page, f"{page}/appreciatie", appraisal="oordeel_kamer").status_code == 302
    web.settle()
    assert _post(clerk, page, f"{page}/stemming", adopted="ja").status_code == 302
    web.settle()
    shown = clerk.get(page).get_data(as_text=True)
    assert "oordeel kamer" in shown and "aangenomen" in shown


def test_a_consultee_cannot_register_a_commitment(web):
    szw = signed_in(web, "p-szw-afstemming")
    answer = _post(szw, "/registers/toezeggingen", "/registers/toezeggingen",
                   text="Nee.", minister="x", members="A | B", debate_kind="commissiedebat")
    assert answer.status_code == 403
