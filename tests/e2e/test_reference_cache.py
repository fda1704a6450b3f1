"""A command by reference: the views' answer that it names the caller's own note is kept
for a few seconds (api/http/access.py), and a shared reference is 409 once it lapses."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import Site

NOTE = {"reference": "2026-SAME-2", "title": "Titel", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "DIR", "toOfficial": "M", "activelyPublic": False}
REVISE = f"/v1/notes/{NOTE['reference']}/revise-title"


@pytest.fixture
def make_site(tmp_path):
    made = []

    def make(seconds: float) -> Site:
        made.append(Site({"NOTALEDGER_STORE": "sqlite",
                          "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")},
                         tmp_path, REFERENCE_CACHE_SECONDS=seconds))
        return made[-1]

    yield make
    for site in made:
        site.close()


def _share(site, client) -> tuple[dict, dict]:
    """VRO and OCW each draft a note with one reference; OCW revises its own by it."""
    vro, ocw = site.key("VRO", "drafter"), site.key("OCW", "drafter")
    for headers in (vro, ocw):
        assert client.post("/v1/notes", json=NOTE, headers=headers).status_code == 201
    site.settle()
    assert client.post(REVISE, json={"title": "Een"}, headers=ocw).status_code == 200
    asked = client.post(f"/v1/notes/{NOTE['reference']}/consultations/OCW/request",
                        json={"role": "consulted"}, headers=vro)
    assert asked.status_code == 200, asked.get_json()
    site.settle()  # OCW now sees two notes with the reference
    return vro, ocw


def test_without_the_cache_a_reference_shared_by_a_consultation_is_409_at_once(make_site):
    site = make_site(0)
    client = site.client()
    _, ocw = _share(site, client)
    refused = client.post(REVISE, json={"title": "Twee"}, headers=ocw)
    assert refused.status_code == 409
    assert refused.get_json()["type"] == "urn:notaledger:problem:ambiguous-reference"


def test_a_kept_reference_reaches_the_own_note_until_it_lapses_then_409(make_site):
    site = make_site(0.5)
    client = site.client()
    _, ocw = _share(site, client)
    kept = client.post(REVISE, json={"title": "Twee"}, headers=ocw)
    assert kept.status_code == 200
    own = site.ledger.note(site.ledger.note_id(NOTE["reference"], "OCW"))
    assert own["title"] == "Twee"
    other = site.ledger.note(site.ledger.note_id(NOTE["reference"], "VRO"))
    assert other["title"] == "Titel"
    time.sleep(0.6)
    assert client.post(REVISE, json={"title": "Drie"}, headers=ocw).status_code == 409


def test_only_the_callers_own_note_is_kept(make_site):
    site = make_site(60)
    client = site.client()
    vro = site.key("VRO", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=vro).status_code == 201
    asked = client.post(f"/v1/notes/{NOTE['reference']}/consultations/SZW/request",
                        json={"role": "consulted"}, headers=vro)
    assert asked.status_code == 200
    site.settle()
    szw = site.key("SZW", "drafter")  # a party to VRO's note, not its owner
    assert client.post(REVISE, json={"title": "X"}, headers=szw).status_code == 403
    assert client.post(REVISE, json={"title": "Y"}, headers=vro).status_code == 200
    kept = site.app.extensions["notaledger_references"]
    assert kept.get("VRO", NOTE["reference"]) == site.ledger.note_id(NOTE["reference"], "VRO")
    assert kept.get("SZW", NOTE["reference"]) is None
