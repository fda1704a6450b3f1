"""Reply-by dates and reminders through the API: given, defaulted, shown, refused."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.reminders import DEFAULTS
from domain.workdays import today_here

NOTE = {"reference": "2026-RB-1", "title": "Nota", "kind": "decision", "date": "2026-11-30",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "ministry": "VRO", "activelyPublic": False}
PATH = "/v1/notes/2026-RB-1"


def test_a_request_carries_its_reply_by_and_without_one_gets_the_working_days_default(
        site, client):
    drafter = site.key("VRO", "drafter")
    assert client.post("/v1/notes", headers=drafter, json=NOTE).status_code == 201
    given = client.post(f"{PATH}/consultations/SZW/request", headers=drafter,
                        json={"role": "co_responsible", "replyBy": "2027-01-20"})
    assert given.status_code == 200, given.get_json()
    assert client.post(f"{PATH}/consultations/OCW/request", headers=drafter,
                       json={"role": "consulted"}).status_code == 200
    assert client.post(f"{PATH}/consultations/JenV/request", headers=drafter,
                       json={"role": "consulted", "due": "2027-02-01"}).status_code == 200
    site.settle()

    consultations = client.get(PATH, headers=drafter).get_json()["consultations"]
    default = DEFAULTS.reply_by(today_here()).isoformat()
    assert {org: c["replyBy"] for org, c in consultations.items()} == {
        "SZW": "2027-01-20", "OCW": default, "JenV": "2027-02-01"}
    inbox = client.get("/v1/organisations/OCW/inbox", headers=site.key("OCW", "consultee"))
    assert [item["replyBy"] for item in inbox.get_json()["items"]] == [default]


def test_a_malformed_or_contradictory_reply_by_is_a_400_problem(site, client):
    drafter = site.key("VRO", "drafter")
    client.post("/v1/notes", headers=drafter, json=NOTE)
    for body in ({"role": "consulted", "replyBy": "volgende week"},
                 {"role": "consulted", "replyBy": "2027-01-20", "due": "2027-01-21"}):
        answer = client.post(f"{PATH}/consultations/SZW/request", headers=drafter, json=body)
        assert answer.status_code == 400
        assert answer.content_type == "application/problem+json"
    site.settle()
    assert client.get(PATH, headers=drafter).get_json()["consultations"] == {}


def test_recorded_reminders_show_on_the_note_the_inbox_and_the_trail(site, client):
    drafter = site.key("VRO", "drafter")
    client.post("/v1/notes", headers=drafter, json=NOTE)
    client.post(f"{PATH}/consultations/SZW/request", headers=drafter,
                json={"role": "co_responsible", "replyBy": "2027-01-20"})
    site.settle()
    note_id = client.get(PATH, headers=drafter).get_json()["id"]
    assert site.ledger.remind(UUID(note_id), date(2027, 1, 21)) is not None
    site.settle()

    (reminder,) = client.get(PATH, headers=drafter).get_json()["consultations"]["SZW"][
        "reminders"]
    assert (reminder["kind"], reminder["deadline"], reminder["remindOn"]) == (
        "ConsultationOverdue", "2027-01-20", "2027-01-21")
    (item,) = client.get("/v1/organisations/SZW/inbox?overdue=false",
                         headers=site.key("SZW", "consultee")).get_json()["items"]
    assert item["reminders"] == [reminder]
    trail = client.get(f"{PATH}/audit", headers=site.key("VRO", "auditor")).get_json()
    last = trail["events"][-1]
    assert (last["type"], last["actor"]["role"]) == ("ConsultationOverdue", "system")
    assert last["description"] == ("Reminder: the answer of SZW is overdue "
                                   "(due by 2027-01-20)")
