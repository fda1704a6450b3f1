"""Over HTTP, a version replays as the log stood at its position: a registrar's change made
right after the note linked a commitment (well within a second) is not part of that version,
by ``version`` or by the moment the version was recorded (``asOf``)."""

from __future__ import annotations

from tests.e2e.story import Caller, register_people

REF = "2026-0000300011"
NOTE = f"/v1/notes/{REF}"


def test_a_change_right_after_a_version_is_not_part_of_its_replay(site):
    client = site.client()
    register_people(site.services.persons)
    nplv = Caller(client, site.key("VRO", "drafter"), "p-drafter-1")
    clerk = Caller(client, site.key("VRO", "registrar"), "p-clerk")
    auditor = Caller(client, site.key("ADR", "auditor"))
    commitment = clerk.post("/v1/commitments", {
        "text": "De minister informeert de Kamer over de voortgang",
        "minister": "de minister van VRO", "recipients": [{"name": "Moorman", "party": "PRO"}],
        "debateKind": "commissiedebat", "debateDate": "2026-04-08",
        "deadline": "voor zomer 2026"}, expect=201)["id"]
    nplv.post("/v1/notes", {"reference": REF, "title": "Voortgang", "kind": "information",
                            "date": "2026-04-20", "fromUnit": "NPLV", "toOfficial": "MVRO",
                            "activelyPublic": False}, expect=201)
    linked = nplv.post(f"{NOTE}/commitments/link", {"commitmentId": commitment})
    changed = clerk.post(f"/v1/commitments/{commitment}/change-deadline",
                         {"deadline": "1 oktober 2026", "reason": "uitgesteld"})
    assert changed["position"] == linked["position"] + 1  # the very next entry in the log
    site.settle()

    def deadline(note: dict) -> str:
        (shown,) = note["commitments"]
        return shown["deadline"]["text"]

    at = auditor.get(f"{NOTE}/audit")["events"][linked["version"] - 1]["at"]
    assert deadline(auditor.get(NOTE, version=linked["version"])) == "voor zomer 2026"
    assert deadline(auditor.get(NOTE, asOf=at)) == "voor zomer 2026"
    assert deadline(auditor.get(NOTE)) == "1 oktober 2026"
    assert auditor.get(NOTE, version=linked["version"] - 1)["commitments"] == []
