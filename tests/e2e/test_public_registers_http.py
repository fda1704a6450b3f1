"""The public (Woo) registers: the commitments and motions of published notes, with
members and parties, paginated and filtered as the registers are; civil servants never
named; and the public list of notes says what a reader needs, not bare ids."""

from __future__ import annotations

import json

import pytest

from tests.e2e.story import REF, Caller, play

OTHER = "2026-0000300002"


@pytest.fixture
def client(site):
    return site.client()


@pytest.fixture
def story(site, client) -> dict:
    """The seed nota published, and a draft note whose commitment is not public."""
    site.services.persons.register("p-head", "Els de Vries", "civil_servant")
    site.services.persons.register("p-minister-vro", "Mona Keijzer", "minister")
    played = play(site, client)
    clerk, nplv = played["who"]["clerk"], played["who"]["nplv"]
    hidden = clerk.post("/v1/commitments", {
        "text": "De minister informeert de Kamer over de stand van zaken rond de huurtoeslag",
        "minister": "de minister van VRO", "recipients": [{"name": "Grinwis", "party": "CU"}],
        "debateKind": "commissiedebat", "debateDate": "2026-06-10",
        "deadline": "eind 2026"}, expect=201)["id"]
    nplv.post("/v1/notes", {"reference": OTHER, "title": "Nog niet openbaar", "kind": "decision",
                            "date": "2026-06-20", "fromUnit": "NPLV", "toOfficial": "MVRO",
                            "activelyPublic": True}, expect=201)
    nplv.post(f"/v1/notes/{OTHER}/commitments/link", {"commitmentId": hidden})
    site.settle()
    return {**played, "hidden": hidden, "public": Caller(client, {})}


def test_the_public_commitments_are_those_of_published_notes_with_members(story):
    public = story["public"]
    listed = public.get("/v1/public/commitments", limit=500)
    assert {c["id"] for c in listed["items"]} == set(story["commitments"])
    assert listed["total"] == len(story["commitments"]) == 5
    for commitment in listed["items"]:
        assert commitment["recipients"] or commitment["toSeveralMembers"]
        assert [n["reference"] for n in commitment["notes"]] == [REF]
        assert commitment["notes"][0]["href"] == f"/v1/public/notes/{commitment['notes'][0]['id']}"
        assert commitment["statusLabel"] in ("Voldaan", "Openstaand", "Deels voldaan")
    public.get(f"/v1/public/commitments/{story['hidden']}", expect=404)
    one = public.get(f"/v1/public/commitments/{story['commitments'][0]}")
    assert one == next(c for c in listed["items"] if c["id"] == one["id"])


def test_public_commitments_page_and_filter_as_the_register_does(story):
    public = story["public"]
    first = public.get("/v1/public/commitments", limit=3)
    second = public.get("/v1/public/commitments", limit=3, offset=3)
    assert (first["total"], len(first["items"]), len(second["items"])) == (5, 3, 2)
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}
    moorman = public.get("/v1/public/commitments", member="Moorman")
    assert moorman["total"] >= 1
    assert all(any(r["name"] == "Moorman" for r in c["recipients"]) for c in moorman["items"])
    grinwis = public.get("/v1/public/commitments", party="CU")
    assert story["hidden"] not in {c["id"] for c in grinwis["items"]}
    fulfilled = public.get("/v1/public/commitments", status="fulfilled")
    assert all(c["status"] == "fulfilled" for c in fulfilled["items"])
    bad = story["public"].client.get("/v1/public/commitments?status=done")
    assert bad.status_code == 400 and bad.content_type == "application/problem+json"


def test_the_public_motions_are_those_of_published_notes_with_submitters(story):
    public = story["public"]
    listed = public.get("/v1/public/motions")
    assert {m["id"] for m in listed["items"]} == {story["held"], story["taken"]}
    submitters = {s["name"]: s["party"] for m in listed["items"] for s in m["submitters"]}
    assert submitters == {"Grinwis": "CU", "Armut": "CDA", "Rooderkerk": "D66"}
    held = public.get("/v1/public/motions", status="held")
    assert [m["id"] for m in held["items"]] == [story["held"]]
    assert held["items"][0]["statusLabel"] == "Aangehouden"
    assert public.get(f"/v1/public/motions/{story['held']}")["notes"][0]["reference"] == REF


def test_the_public_list_of_notes_says_what_a_reader_needs(story):
    listed = story["public"].get("/v1/public/notes")
    (item,) = listed["items"]
    assert item["reference"] == REF and item["title"].startswith("Kamerbrief")
    assert item["date"] == "2026-06-05" and item["publishedAt"]
    assert item["letter"]["sent"] and item["letter"]["sentAt"]
    assert item["href"] == f"/v1/public/notes/{item['id']}"
    assert len(item["commitments"]) == 5 and len(item["motions"]) == 2
    assert all(c["subject"] and c["href"].startswith("/v1/public/commitments/")
               for c in item["commitments"])
    assert "commitmentIds" not in item and "motionIds" not in item


def test_no_public_answer_names_a_civil_servant_or_a_person_id(story):
    public = story["public"]
    answers = [public.get("/v1/public/notes"), public.get(f"/v1/public/notes/{REF}"),
               public.get("/v1/public/commitments"), public.get("/v1/public/motions")]
    words = set(json.dumps(answers).split('"'))
    assert not {"Els de Vries", "p-head", "p-drafter-1", "p-clerk"} & words
    assert "p-minister-vro" not in words  # the public view keeps no person id at all
