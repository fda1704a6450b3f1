"""Views in people's terms: sections as text, one shape live and replayed, a note's
commitments and motions embedded with members, parties, status and relation."""

from __future__ import annotations

from tests.e2e.story import REF, play

NOTE = f"/v1/notes/{REF}"


def test_a_note_reads_as_text_with_its_commitments_and_motions_embedded(site, client):
    story = play(site, client)
    note = story["who"]["nplv"].get(NOTE, fresh=story["position"])

    assert all(isinstance(text, str) and not text.startswith("[")
               for text in note["sections"].values())
    assert note["sectionRevisions"] == {"aanleiding": 1}
    moorman = [c for c in note["commitments"] if c["recipients"] == [
        {"name": "Moorman", "party": "PRO"}]]
    assert len(note["commitments"]) == 5 and len(moorman) == 1
    assert (moorman[0]["status"], moorman[0]["statusLabel"], moorman[0]["relation"]) == (
        "fulfilled", "Voldaan", "fulfils")
    assert moorman[0]["debate"]["date"] == "2026-04-08"
    assert moorman[0]["deadline"]["text"] == "voor zomer 2026"
    assert {m["status"] for m in note["motions"]} == {"held", "taken_over"}
    assert {s["name"] for m in note["motions"] for s in m["submitters"]} == {
        "Grinwis", "Armut", "Rooderkerk"}


def test_the_live_and_the_replayed_note_have_one_shape(site, client):
    story = play(site, client)
    auditor = story["who"]["auditor"]
    live = auditor.get(NOTE, fresh=story["position"])
    replayed = auditor.get(NOTE, version=live["version"])

    assert replayed.pop("replayed") is True
    assert set(live) == set(replayed)
    assert live["sections"] == replayed["sections"]
    assert live["sectionRevisions"] == replayed["sectionRevisions"]
    assert [c["status"] for c in live["commitments"]] == [
        c["status"] for c in replayed["commitments"]]


def test_the_public_view_shows_what_the_letter_settled_with_members_and_parties(site, client):
    story = play(site, client)
    story["who"]["nplv"].get(NOTE, fresh=story["position"])
    public = client.get(f"/v1/public/notes/{REF}").get_json()
    members = {m["name"] for c in public["commitments"] for m in c["recipients"]}
    assert {"Moorman", "Grinwis", "van Asten"} <= members
    assert {m["status"] for m in public["motions"]} == {"held", "taken_over"}


def test_the_trail_names_what_was_linked_and_says_when_each_thing_happened(site, client):
    import re

    story = play(site, client)
    trail = story["who"]["auditor"].get(f"{NOTE}/audit", fresh=story["position"])
    sentences = [event["description"] for event in trail["events"]]
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    assert not [s for s in sentences if uuid.search(s)]
    assert any(s.startswith("Linked the commitment on") and "Moorman (PRO)" in s
               and "due voor zomer 2026" in s and s.endswith("as fulfilled by this letter")
               for s in sentences)
    assert any(s.startswith("Linked the motion of Grinwis (CU)") for s in sentences)
    assert all(event["effective"] for event in trail["events"])
