"""The seed nota's whole life over HTTP, each step by its own organisation and role."""

from __future__ import annotations

from tests.e2e.story import REF, play

NOTE = f"/v1/notes/{REF}"


def test_the_seed_nota_is_played_from_draft_to_publication_over_http(site, client):
    story = play(site, client)
    who, fresh = story["who"], story["position"]

    note = who["nplv"].get(NOTE, fresh=fresh)
    assert note["status"] == "published" and note["version"] == story["version"]
    assert [a["outcome"] for a in note["advised"]] == ["approved", "approved"]
    assert [a["number"] for a in note["attachments"]] == [2, 3, 4, 5]
    assert {c["status"] for c in note["consultations"].values()} == {"answered"}
    assert note["route"][0]["initialledBy"] == {"id": "p-head", "name": "p-head"}
    assert note["letter"]["parliamentNumber"] == "32847-1300"
    assert note["letter"]["planned"]["start"] == "2026-06-29"
    assert note["coSenders"] == ["de minister van Werk en Participatie",
                                  "de staatssecretaris Onderwijs en Emancipatie"]


def test_the_letter_settles_its_commitments_and_reports_the_taken_over_motion(site, client):
    story = play(site, client)
    auditor, fresh = story["who"]["auditor"], story["position"]

    register = auditor.get("/v1/commitments", fresh=fresh, limit=50)
    assert register["total"] == 5
    assert {c["status"] for c in register["items"]} == {"fulfilled"}
    assert all(c["noteReferences"] == [REF] for c in register["items"])
    taken = auditor.get(f"/v1/motions/{story['taken']}")
    assert taken["status"] == "taken_over" and taken["executionReports"][0]["reference"] == REF
    held = auditor.get("/v1/motions", status="held")
    assert [m["id"] for m in held["items"]] == [story["held"]]


def test_each_party_sees_the_note_and_an_outsider_does_not(site, client):
    story = play(site, client)
    who, fresh = story["who"], story["position"]

    for party in ("nplv", "SZW", "gebieden", "auditor"):
        assert who[party].get(NOTE, fresh=fresh)["reference"] == REF
        assert [n["reference"] for n in who[party].get("/v1/notes")["items"]] == [REF]
    assert who["outsider"].get(NOTE, expect=404)["detail"] == f"no note {REF}"
    assert who["outsider"].get("/v1/notes")["total"] == 0


def test_the_trail_names_who_did_what_and_chains_the_hashes(site, client):
    site.services.persons.register("p-minister-vro", "Mona Keijzer", "minister")
    story = play(site, client)
    trail = story["who"]["auditor"].get(f"{NOTE}/audit", fresh=story["position"])

    events = trail["events"]
    assert [e["version"] for e in events] == list(range(1, len(events) + 1))
    pairs = zip(events, events[1:], strict=False)
    assert all(later["prevHash"] == earlier["hash"] for earlier, later in pairs)
    decided = [e for e in events if e["type"] == "Decided"][0]
    assert decided["actor"]["person"] == {"id": "p-minister-vro", "name": "Mona Keijzer"}
    assert decided["actor"]["role"] == "decider"


def test_the_public_reads_the_published_note_with_civil_servants_redacted(site, client):
    site.services.persons.register("p-drafter-1", "Jan Jansen", "civil_servant")
    site.services.persons.register("p-minister-vro", "Mona Keijzer", "minister")
    story = play(site, client)
    site.settle()

    listing = client.get("/v1/public/notes")
    assert listing.status_code == 200 and listing.get_json()["total"] == 1
    public = client.get(f"/v1/public/notes/{REF}").get_json()
    assert public["draftedBy"][0] == {"id": None, "name": "■■■ (5.1.2e Woo)"}
    assert public["decidedBy"] == {"id": None, "name": "Mona Keijzer"}
    assert "Jan Jansen" not in str(public) and story["version"] > 30


def test_an_auditor_replays_the_note_as_it_was_at_any_version(site, client):
    story = play(site, client)
    auditor = story["who"]["auditor"]

    first = auditor.get(NOTE, version=1)
    assert (first["status"], first["version"], first["replayed"]) == ("draft", 1, True)
    submitted = [e for e in auditor.get(f"{NOTE}/audit", fresh=story["position"])["events"]
                 if e["type"] == "Submitted"][0]
    then = auditor.get(NOTE, asOf=submitted["at"])
    assert then["status"] == "submitted" and then["version"] == submitted["version"]
    assert auditor.get(NOTE, version=10_000, expect=404)["status"] == 404


def test_the_inbox_lists_what_awaits_an_answer_until_it_is_given(site, client):
    who = play_until_consultation(site, client)
    inbox = who["VWS"].get("/v1/organisations/VWS/inbox", fresh=who["nplv"].last_position)
    assert [item["reference"] for item in inbox["items"]] == [REF]
    assert inbox["items"][0]["role"] == "consulted"
    answered = who["VWS"].post(f"{NOTE}/consultations/VWS/answer", {"outcome": "agreed"})
    assert who["VWS"].get("/v1/organisations/VWS/inbox", fresh=answered["position"])["total"] == 0


def play_until_consultation(site, client) -> dict:
    from tests.e2e.story import DRAFT, users

    who = users(site, client)
    who["nplv"].post("/v1/notes", DRAFT, expect=201)
    who["nplv"].post(f"{NOTE}/consultations/VWS/request", {"role": "consulted"})
    return who
