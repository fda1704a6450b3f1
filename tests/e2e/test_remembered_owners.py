"""A note's owner is remembered after the first command; that memory lets no one else in."""

from __future__ import annotations

NOTE = {"reference": "2026-OWN-1", "title": "Van VRO", "kind": "decision",
        "date": "2026-06-05", "from_unit": "NPLV", "to_official": "MVRO",
        "actively_public": False}
REVISE = f"/notes/{NOTE['reference']}/revise-title"


def test_another_organisation_is_refused_after_the_owner_was_remembered(site, client):
    owner = site.key("VRO", "drafter")
    client.post("/notes", json=NOTE, headers=owner)
    site.settle()
    for title in ("Een", "Twee"):  # the second one is decided from memory
        assert client.post(REVISE, json={"title": title}, headers=owner).status_code == 200
    other = client.post(REVISE, json={"title": "Drie"}, headers=site.key("OCW", "drafter"))
    assert other.status_code == 404  # OCW may not even see it
    assert site.ledger.note(site.ledger.note_id(NOTE["reference"]))["title"] == "Twee"


def test_a_consulted_organisation_is_still_refused_with_403(site, client):
    owner = site.key("VRO", "drafter")
    client.post("/notes", json=NOTE, headers=owner)
    consult = client.post(f"/notes/{NOTE['reference']}/consultations/SZW/request",
                          json={"role": "consulted"}, headers=owner)
    assert consult.status_code == 200, consult.get_json()
    site.settle()
    assert client.post(REVISE, json={"title": "Een"}, headers=owner).status_code == 200
    refused = client.post(REVISE, json={"title": "Twee"}, headers=site.key("SZW", "drafter"))
    assert refused.status_code == 403
    assert refused.get_json()["type"] == "urn:notaledger:problem:forbidden-organisation"


def test_the_owner_is_recognised_before_the_views_have_the_note(site, client):
    owner = site.key("VRO", "drafter")
    site.runner.stop()
    site.runner.join(timeout=10)
    client.post("/notes", json=NOTE, headers=owner)
    for title in ("Een", "Twee"):
        assert client.post(REVISE, json={"title": title}, headers=owner).status_code == 200
    assert site.ledger.note(site.ledger.note_id(NOTE["reference"]))["version"] == 3
