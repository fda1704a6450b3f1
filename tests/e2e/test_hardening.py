"""Issue 12, repro 7: inputs that reached a 500 or were kept verbatim are refused with 400."""

from __future__ import annotations

import pytest

NOTE = {"reference": "2026-HARD-1", "title": "Titel", "kind": "decision", "date": "2026-06-05",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False}


@pytest.fixture
def drafter(site):
    return site.key("VRO", "drafter")


def _post(client, path, raw: str, headers):
    return client.post(path, data=raw, headers={**headers,
                                                "Content-Type": "application/json"})


def test_a_lone_surrogate_in_any_string_is_400_naming_the_field(client, drafter):
    raw = ('{"reference": "2026-HARD-1", "title": "a\\ud800", "kind": "decision", '
           '"date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO", '
           '"activelyPublic": false}')
    response = _post(client, "/v1/notes", raw, drafter)
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "title"
    assert "surrogate" in response.get_json()["detail"]


def test_json_nested_a_thousand_levels_is_400(client, drafter):
    response = _post(client, "/v1/notes", "[" * 1000 + "]" * 1000, drafter)
    assert response.status_code == 400
    assert "nested deeper than 64" in response.get_json()["detail"]
    response = _post(client, "/v1/notes", '{"a": ' + "[" * 100 + "]" * 100 + "}", drafter)
    assert response.status_code == 400


@pytest.mark.parametrize("title", ["a\x00b", "a\x1b[31mb", "a\u202eb", "a\u2066b"])
def test_titles_with_control_or_override_characters_are_refused(client, drafter, title):
    response = client.post("/v1/notes", json={**NOTE, "title": title}, headers=drafter)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"location": "json", "field": "title", "message": response.get_json()["errors"][0][
            "message"]}]


def test_strings_are_stored_nfc_and_long_text_keeps_its_lines(site, client, drafter):
    response = client.post("/v1/notes", json={**NOTE, "title": "Cafe\u0301"}, headers=drafter)
    assert response.status_code == 201
    note = site.ledger.note(site.ledger.note_id("2026-HARD-1"))
    assert note["title"] == "Caf\u00e9"
    section = client.post("/v1/notes/2026-HARD-1/sections/kern/revise",
                          json={"text": "een\n\ttwee"}, headers=drafter)
    assert section.status_code == 200
