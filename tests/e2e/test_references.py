"""Issue 12, repro 4: references are unique within an organisation, and a caller who cannot
see a note gets the answers it would get if the note did not exist, imports included."""

from __future__ import annotations

from tests.conftest import EXAMPLE

NOTE = {"reference": "2026-SAME-1", "title": "Titel", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "DIR", "toOfficial": "M", "activelyPublic": False}


def test_two_ministries_may_use_the_same_reference(site, client):
    vro, ocw = site.key("VRO", "drafter"), site.key("OCW", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=vro).status_code == 201
    assert client.post("/v1/notes", json=NOTE, headers=ocw).status_code == 201
    assert client.post("/v1/notes", json=NOTE, headers=ocw).status_code == 409  # its own twice
    site.settle()
    assert client.get("/v1/notes/2026-SAME-1", headers=vro).get_json()["ministry"] == "VRO"
    assert client.get("/v1/notes/2026-SAME-1", headers=ocw).get_json()["ministry"] == "OCW"
    changed = client.post("/v1/notes/2026-SAME-1/revise-title", json={"title": "Van OCW"},
                          headers=ocw)
    assert changed.status_code == 200
    assert client.get("/v1/notes/2026-SAME-1", headers=vro).get_json()["title"] == "Titel"


def test_an_auditor_gets_409_listing_the_notes_a_shared_reference_names(site, client):
    vro, ocw = site.key("VRO", "drafter"), site.key("OCW", "drafter")
    made = [client.post("/v1/notes", json=NOTE, headers=h).get_json()["id"] for h in (vro, ocw)]
    site.settle()
    auditor = site.key("ADR", "auditor")
    response = client.get("/v1/notes/2026-SAME-1", headers=auditor)
    assert response.status_code == 409
    assert {(n["id"], n["ministry"]) for n in response.get_json()["notes"]} == {
        (made[0], "VRO"), (made[1], "OCW")}
    assert client.get(f"/v1/notes/{made[1]}", headers=auditor).get_json()["ministry"] == "OCW"


def test_an_import_reveals_nothing_about_a_note_the_caller_cannot_see(site, client):
    text = EXAMPLE.read_text(encoding="utf-8")
    vro = client.post("/v1/imports", json={"text": text, "name": EXAMPLE.name},
                      headers=site.key("VRO", "drafter"))
    assert vro.status_code == 201
    site.settle()
    defence = site.key("DEF", "drafter")
    assert client.get("/v1/notes/2026-0000500123", headers=defence).status_code == 404
    again = client.post("/v1/imports", json={"text": text, "name": EXAMPLE.name,
                                          "dryRun": True}, headers=defence)
    assert again.status_code == 200 and again.get_json()["status"] == "dry_run"
    own = client.post("/v1/imports", json={"text": text, "name": EXAMPLE.name}, headers=defence)
    assert own.status_code == 201 and own.get_json()["status"] == "recorded"
    assert own.get_json()["id"] != vro.get_json()["id"]
    changed = client.post("/v1/imports", json={"text": text + "\nExtra.", "name": EXAMPLE.name},
                          headers=site.key("OCW", "drafter"))
    assert changed.status_code == 201 and "sha256" not in str(changed.get_json())
