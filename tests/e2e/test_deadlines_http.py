"""Deadlines that cannot be placed are listed for the registrar; an ISO date is overdue."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(site):
    return site.client()


def register(site, client, registrar, text, deadline):
    answer = client.post("/v1/commitments", headers=registrar, json={
        "text": text, "minister": "de minister van VRO", "ministry": "VRO",
        "recipients": [{"name": "Moorman", "party": "PRO"}], "debateKind": "commissiedebat",
        "debateDate": "2025-04-08", "deadline": deadline})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_the_registrar_lists_what_could_not_be_placed_and_an_iso_date_is_overdue(site,
                                                                                 client):
    registrar = site.key("VRO", "registrar")
    unplaced = register(site, client, registrar, "informeert de Kamer spoedig",
                        "zo snel mogelijk")
    occasion = register(site, client, registrar, "reageert op de kraamzorgvraag",
                        "bij het volgende Staat van de Volkshuisvesting debat")
    iso = register(site, client, registrar, "stuurt de evaluatie", "2026-01-01")
    site.settle()

    listed = client.get("/v1/commitments?deadline=unplaced", headers=registrar).get_json()
    assert [c["id"] for c in listed["items"]] == [unplaced]
    waiting = client.get("/v1/commitments?deadline=occasion", headers=registrar).get_json()
    assert [c["deadline"]["occasion"] for c in waiting["items"]] == [
        "volgende Staat van de Volkshuisvesting debat"]
    assert waiting["items"][0]["id"] == occasion
    overdue = client.get("/v1/commitments?overdue=true", headers=registrar).get_json()
    assert [c["id"] for c in overdue["items"]] == [iso]
    assert overdue["items"][0]["deadline"]["end"] == "2026-01-01"


def test_an_unknown_placement_is_invalid_input(site, client):
    answer = client.get("/v1/commitments?deadline=soon", headers=site.key("VRO", "registrar"))
    assert answer.status_code in (400, 422)
    assert answer.content_type == "application/problem+json"
