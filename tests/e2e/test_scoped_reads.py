"""Issue 12, repro 5: the dashboard and the registers show a caller only what it may see."""

from __future__ import annotations

from domain.actor import Actor

VRO = Actor("VRO", "drafter")


def _draft(site, ref: str, ministry: str = "VRO") -> None:
    site.ledger.draft_note(Actor(ministry, "drafter"), reference=ref, title="Geheim",
                           kind="decision", date="2026-06-05", from_unit="NPLV",
                           to_official="MVRO", ministry=ministry, actively_public=False)


def test_the_dashboard_counts_only_the_notes_a_key_may_see(site, client):
    _draft(site, "2026-DASH-1")
    _draft(site, "2026-DASH-2")
    _draft(site, "2026-DASH-3", ministry="DEF")
    site.settle()
    counts = {org: client.get("/v1/dashboard", headers=site.key(org, role)).get_json()
              for org, role in (("OCW", "drafter"), ("VRO", "drafter"), ("ADR", "auditor"))}
    assert counts["OCW"]["notesByStatus"]["draft"] == 0
    assert counts["VRO"]["notesByStatus"]["draft"] == 2
    assert counts["ADR"]["notesByStatus"]["draft"] == 3


def test_the_notes_register_lists_only_visible_notes(site, client):
    _draft(site, "2026-REG-1")
    site.settle()
    listed = client.get("/v1/notes", headers=site.key("DEF", "drafter")).get_json()
    assert listed["total"] == 0
    assert client.get("/v1/notes", headers=site.key("ADR", "auditor")).get_json()["total"] == 1
