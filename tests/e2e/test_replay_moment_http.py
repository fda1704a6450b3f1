"""A replay shows the note's commitments as they were at the same moment, on the same axis,
and what was overdue then: a commitment due 1 May and fulfilled 1 July is overdue as things
stood on 15 June, and fulfilled late now."""

from __future__ import annotations

import pytest

from tests.e2e.story import Caller, register_people

REF = "2026-0000300001"
NOTE = f"/v1/notes/{REF}"
WHY = {"effectiveReason": "vastgelegd na afloop, volgens het dossier"}


def on(day: str) -> dict:
    return {"effective": day, **WHY}


@pytest.fixture
def client(site):
    return site.client()


@pytest.fixture
def story(site, client) -> dict:
    """A commitment made on 8 April, due 1 May 2026, fulfilled by a letter sent 1 July."""
    register_people(site.services.persons)
    nplv = Caller(client, site.key("VRO", "drafter"), "p-drafter-1")
    head = Caller(client, site.key("VRO", "drafter"), "p-head")
    minister = Caller(client, site.key("VRO", "decider"), "p-minister-vro")
    clerk = Caller(client, site.key("VRO", "registrar"), "p-clerk")
    auditor = Caller(client, site.key("ADR", "auditor"))
    commitment = clerk.post("/v1/commitments", {
        "text": "De minister stuurt de Kamer de evaluatie van de kraamzorgregeling",
        "minister": "de minister van VRO", "recipients": [{"name": "Moorman", "party": "PRO"}],
        "debateKind": "commissiedebat", "debateDate": "2026-04-08", "deadline": "2026-05-01",
        **on("2026-04-08")}, expect=201)["id"]
    nplv.post("/v1/notes", {"reference": REF, "title": "Kamerbrief evaluatie kraamzorg",
                            "kind": "decision", "date": "2026-04-20", "fromUnit": "NPLV",
                            "toOfficial": "MVRO", "activelyPublic": True,
                            "draftedBy": ["p-drafter-1"], **on("2026-04-20")}, expect=201)
    nplv.post(f"{NOTE}/commitments/link", {"commitmentId": commitment, **on("2026-04-20")})
    nplv.post(f"{NOTE}/advised-decisions/add", {"text": "Akkoord met de Kamerbrief.",
                                                **on("2026-04-20")})
    nplv.post(f"{NOTE}/paraph-route/set", {"steps": [{"role": "head of unit", "unit": "NPLV"}],
                                           **on("2026-04-21")})
    nplv.post(f"{NOTE}/paraph-route/start", on("2026-04-21"))
    head.post(f"{NOTE}/paraph-route/0/initial", on("2026-04-22"))
    nplv.post(f"{NOTE}/submit", on("2026-04-23"))
    minister.post(f"{NOTE}/advised-decisions/1/decide", {"outcome": "approved",
                                                         **on("2026-06-10")})
    minister.post(f"{NOTE}/decide", on("2026-06-10"))
    minister.post(f"{NOTE}/letter/sign", on("2026-06-30"))
    sent = nplv.post(f"{NOTE}/letter/send", {"chamber": "TK", **on("2026-07-01")})
    site.settle()
    return {"auditor": auditor, "commitment": commitment, "sent": sent["version"], "nplv": nplv}


def embedded(note: dict) -> dict:
    (commitment,) = note["commitments"]
    return {key: commitment[key] for key in ("status", "overdue", "fulfilledLate",
                                             "fulfilledEffective")}


def test_now_the_commitment_is_fulfilled_late_and_not_overdue(story):
    note = story["auditor"].get(NOTE)
    assert (note["letter"]["signed"], note["letter"]["sent"]) == ("2026-06-30", "2026-07-01")
    assert note["letter"]["sentAt"][:10] != "2026-07-01"  # recorded later, as it happened
    assert embedded(note) == {"status": "fulfilled", "overdue": False, "fulfilledLate": True,
                              "fulfilledEffective": "2026-07-01"}


def test_as_things_stood_on_15_june_it_was_open_and_overdue(story):
    then = story["auditor"].get(NOTE, effectiveAt="2026-06-15T12:00:00Z")
    # the advice is dated with the decision it led to, so the replay reaches the decision
    assert then["replayed"] is True and (then["version"], then["status"]) == (9, "decided")
    assert then["advised"][0]["outcome"] == "approved"
    assert embedded(then) == {"status": "open", "overdue": True, "fulfilledLate": False,
                              "fulfilledEffective": None}


def test_before_its_deadline_it_was_open_and_not_overdue(story):
    then = story["auditor"].get(NOTE, effectiveAt="2026-04-25T00:00:00Z")
    assert (then["version"], then["status"]) == (7, "submitted")
    assert embedded(then) == {"status": "open", "overdue": False, "fulfilledLate": False,
                              "fulfilledEffective": None}


def test_advice_dated_in_the_past_needs_its_reason(story, site):
    other = "/v1/notes/2026-0000300002"
    story["nplv"].post("/v1/notes", {"reference": "2026-0000300002", "title": "Tweede nota",
                                     "kind": "decision", "date": "2026-04-20",
                                     "fromUnit": "NPLV", "toOfficial": "MVRO",
                                     "activelyPublic": False, **on("2026-04-20")}, expect=201)
    refused = story["nplv"].post(f"{other}/advised-decisions/add",
                                 {"text": "Akkoord.", "effective": "2026-04-20"}, expect=400)
    assert refused["type"].endswith("effective-reason-required")
    story["nplv"].post(f"{other}/advised-decisions/add", {"text": "Akkoord.", **on("2026-04-20")})
    site.settle()
    (added,) = [e for e in story["auditor"].get(f"{other}/audit")["events"]
                if e["type"] == "AdvisedDecisionAdded"]
    assert added["effective"] == "2026-04-20"


def test_the_version_that_sent_the_letter_shows_what_it_settled_and_the_one_before_not(story):
    auditor = story["auditor"]
    sent = auditor.get(NOTE, version=story["sent"])
    before = auditor.get(NOTE, version=story["sent"] - 1)
    assert sent["status"] == "letter_sent" and embedded(sent)["status"] == "fulfilled"
    assert sent["letter"] == auditor.get(NOTE)["letter"]
    assert embedded(sent)["fulfilledLate"] is True
    assert before["status"] == "decided" and embedded(before)["status"] == "open"


def test_a_version_and_the_moment_it_was_recorded_replay_alike(story):
    auditor = story["auditor"]
    events = auditor.get(f"{NOTE}/audit")["events"]
    for version in (story["sent"] - 1, story["sent"]):
        at = events[version - 1]["at"]
        by_version = auditor.get(NOTE, version=version)
        by_moment = auditor.get(NOTE, asOf=at)
        assert by_moment["version"] == version
        assert by_moment["commitments"] == by_version["commitments"], version


def test_the_two_axes_agree_once_everything_has_happened(story):
    auditor = story["auditor"]
    effective = auditor.get(NOTE, effectiveAt="2099-01-01T00:00:00Z")
    recorded = auditor.get(NOTE, version=story["sent"])
    assert effective["version"] == recorded["version"] == story["sent"]
    assert embedded(effective) == embedded(recorded)
