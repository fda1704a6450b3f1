"""A command loads its aggregate once, and that aggregate decides who may change it."""

from __future__ import annotations

import pytest

NOTE = {"reference": "2026-LOAD-1", "title": "Van VRO", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
        "activelyPublic": False}
REVISE = f"/v1/notes/{NOTE['reference']}/revise-title"


@pytest.fixture
def loads(site, monkeypatch):
    """Every aggregate the ledger loads from its repository during a request, by id."""
    loaded: list = []
    get = site.ledger.repository.get

    def counting(aggregate_id, *args, **kwargs):
        loaded.append(aggregate_id)
        return get(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(site.ledger.repository, "get", counting)
    return loaded


@pytest.fixture
def owner(site, client):
    headers = site.key("VRO", "drafter")
    assert client.post("/v1/notes", json=NOTE, headers=headers).status_code == 201
    consult = client.post(f"/v1/notes/{NOTE['reference']}/consultations/SZW/request",
                          json={"role": "consulted"}, headers=headers)
    assert consult.status_code == 200, consult.get_json()
    site.settle()  # a reference resolves through the views; while they lag behind a note
    return headers  # just drafted, it resolves through the event store (one load more)


def test_a_command_loads_its_note_once(site, client, owner, loads):
    changed = client.post(REVISE, json={"title": "Twee"}, headers=owner)
    assert changed.status_code == 200, changed.get_json()
    assert loads == [site.ledger.note_id(NOTE["reference"])]


@pytest.mark.parametrize(("organisation", "status", "kind"), [
    ("OCW", 404, "not-found"),                # no party: may not learn the note exists
    ("SZW", 403, "forbidden-organisation"),   # consulted: a party, but not the owner
])
def test_a_refused_command_loads_its_note_once_too(site, client, owner, loads, organisation,
                                                   status, kind):
    refused = client.post(REVISE, json={"title": "Drie"},
                          headers=site.key(organisation, "drafter"))
    assert refused.status_code == status
    assert refused.get_json()["type"] == f"urn:notaledger:problem:{kind}"
    assert len(loads) == 1
    assert site.ledger.note(site.ledger.note_id(NOTE["reference"]))["title"] == "Van VRO"


def test_a_consultee_answers_for_its_own_organisation_only(site, client, owner, loads):
    path = f"/v1/notes/{NOTE['reference']}/consultations/{{org}}/answer"
    other = client.post(path.format(org="VRO"), json={"outcome": "agreed"},
                        headers=site.key("SZW", "consultee"))
    assert other.status_code == 403
    assert other.get_json()["detail"] == ("SZW cannot answer for VRO: a consultee answers for "
                                          "its own organisation only")
    own = client.post(path.format(org="SZW"), json={"outcome": "agreed"},
                      headers=site.key("SZW", "consultee"))
    assert own.status_code == 200, own.get_json()
    assert len(loads) == 2


def test_the_owner_is_recognised_before_the_views_have_the_note(site, client):
    owner = site.key("VRO", "drafter")
    site.runner.stop()
    site.runner.join(timeout=10)
    client.post("/v1/notes", json=NOTE, headers=owner)
    for title in ("Een", "Twee"):
        assert client.post(REVISE, json={"title": title}, headers=owner).status_code == 200
    assert site.ledger.note(site.ledger.note_id(NOTE["reference"]))["version"] == 3


def test_a_commitment_of_another_ministry_is_refused_in_one_load(site, client, loads):
    registered = client.post("/v1/commitments", json={
        "text": "informeert de Kamer", "minister": "de minister van VRO", "recipients": [],
        "debateKind": "commissiedebat", "debateDate": "2026-04-08"},
        headers=site.key("VRO", "registrar"))
    assert registered.status_code == 201, registered.get_json()
    commitment = registered.get_json()["id"]
    refused = client.post(f"/v1/commitments/{commitment}/lapse", json={"reason": "Weg"},
                          headers=site.key("OCW", "registrar"))
    assert refused.status_code == 403
    assert refused.get_json()["type"] == "urn:notaledger:problem:forbidden-organisation"
    assert len(loads) == 1
