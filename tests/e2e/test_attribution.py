"""Issue 12, repros 1 and 3: keys are managed within their organisation, and the person on
an event is a registered person the key may act for."""

from __future__ import annotations

from uuid import UUID

import pytest

PERSON = "X-Person-Id"


@pytest.fixture
def people(site):
    persons = site.services.persons
    persons.register("p-minister-vro", "minister van VRO", "minister", "VRO", ("decider",))
    persons.register("p-drafter-vro", "A. Ambtenaar", "civil_servant", "VRO", ("drafter",))
    persons.register("p-drafter-ocw", "O. Ambtenaar", "civil_servant", "OCW", ("drafter",))
    return persons


@pytest.fixture
def vro_note(site):
    drafter = site.key("VRO", "drafter")
    response = site.client().post("/v1/notes", headers=drafter, json={
        "reference": "2026-ATTR-1", "title": "Titel", "kind": "decision",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
        "activelyPublic": False})
    assert response.status_code == 201
    return "2026-ATTR-1", drafter


def test_a_drafter_key_cannot_act_as_the_minister(site, people, vro_note):
    ref, drafter = vro_note
    response = site.client().post(f"/v1/notes/{ref}/revise-title", json={"title": "Nieuw"},
                                  headers={**drafter, PERSON: "p-minister-vro"})
    assert response.status_code == 403
    body = response.get_json()
    assert body["header"] == PERSON and "does not hold the role drafter" in body["detail"]


def test_an_unregistered_or_erased_person_is_400_naming_the_header(site, people, vro_note):
    ref, drafter = vro_note
    client = site.client()
    unknown = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "Nieuw"},
                          headers={**drafter, PERSON: "p-nobody"})
    assert unknown.status_code == 400 and unknown.get_json()["header"] == PERSON
    assert "p-nobody is not registered" in unknown.get_json()["detail"]
    people.erase("p-drafter-vro")
    erased = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "Nieuw"},
                         headers={**drafter, PERSON: "p-drafter-vro"})
    assert erased.status_code == 400 and "was erased" in erased.get_json()["detail"]


def test_a_person_of_another_organisation_is_403(site, people, vro_note):
    ref, drafter = vro_note
    response = site.client().post(f"/v1/notes/{ref}/revise-title", json={"title": "Nieuw"},
                                  headers={**drafter, PERSON: "p-drafter-ocw"})
    assert response.status_code == 403 and "belongs to OCW" in response.get_json()["detail"]


def test_a_permitted_person_is_recorded_with_the_key_on_the_event(site, people, vro_note):
    ref, drafter = vro_note
    response = site.client().post(f"/v1/notes/{ref}/revise-title", json={"title": "Nieuw"},
                                  headers={**drafter, PERSON: "p-drafter-vro"})
    assert response.status_code == 200
    actor = site.ledger.history(UUID(response.get_json()["id"]))[-1]["actor"]
    assert actor["person_id"] == "p-drafter-vro" and actor["key_id"]


def test_a_key_bound_to_a_person_acts_as_them_and_names_no_other(site, people, vro_note):
    ref, _ = vro_note
    made = site.services.keys.create("VRO", "drafter", person_id="p-drafter-vro")
    bound = {"Authorization": f"Bearer {made.token}"}
    client = site.client()
    response = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "Gebonden"},
                           headers=bound)
    assert response.status_code == 200
    actor = site.ledger.history(UUID(response.get_json()["id"]))[-1]["actor"]
    assert actor["person_id"] == "p-drafter-vro"
    other = client.post(f"/v1/notes/{ref}/revise-title", json={"title": "Ander"},
                        headers={**bound, PERSON: "p-minister-vro"})
    assert other.status_code == 403 and "acts as p-drafter-vro only" in other.get_json()[
        "detail"]


def test_an_admin_manages_only_its_own_organisations_keys(site):
    """Repro 1: an OCW admin created a VRO key, revoked one and listed every key."""
    client = site.client()
    admin = site.key("OCW", "admin")
    vro_key = site.services.keys.create("VRO", "drafter").key.key_id
    made = client.post("/v1/keys", json={"organisation": "VRO", "role": "drafter"}, headers=admin)
    assert made.status_code == 403 and made.get_json()["detail"] == (
        "an admin of OCW manages only OCW's keys, not VRO's")
    revoked = client.post(f"/v1/keys/{vro_key}/revoke", headers=admin)
    assert revoked.status_code == 404
    assert site.services.keys.get(vro_key).active
    listed = client.get("/v1/keys", headers=admin).get_json()
    assert {key["organisation"] for key in listed} == {"OCW"}
    own = client.post("/v1/keys", json={"organisation": "OCW", "role": "drafter"}, headers=admin)
    assert own.status_code == 201


def test_an_operator_manages_every_organisations_keys_and_reads_no_notes(site):
    client = site.client()
    operator = site.key("BZK", "operator")
    made = client.post("/v1/keys", json={"organisation": "VRO", "role": "drafter"},
                       headers=operator)
    assert made.status_code == 201
    listed = client.get("/v1/keys", headers=operator).get_json()
    assert {"VRO", "BZK"} <= {key["organisation"] for key in listed}
    assert client.get("/v1/notes", headers=operator).status_code == 403
    assert client.post("/v1/notes", json={}, headers=operator).status_code == 403
    refused = client.post("/v1/keys", json={"organisation": "VRO", "role": "operator"},
                          headers=operator)
    assert refused.status_code == 400


def test_refused_cross_organisation_attempts_are_counted_in_metrics(site):
    client = site.client()
    admin = site.key("OCW", "admin")
    client.post("/v1/keys", json={"organisation": "VRO", "role": "drafter"}, headers=admin)
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'notaledger_refused_total{kind="foreign-organisation"} 1.0' in metrics
