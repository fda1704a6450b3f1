"""Commands over HTTP say when their change happened (effective), within what each allows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from tests.e2e.story import DRAFT, REF, Caller, play, users

NOTE = f"/v1/notes/{REF}"
PROBLEM = "urn:notaledger:problem:"


@pytest.fixture
def client(site):
    return site.client()


@pytest.fixture
def drafted(site, client):
    """The seed note drafted on its own date, 5 June 2026, recorded today with the reason."""
    nplv = users(site, client)["nplv"]
    nplv.post("/v1/notes", {**DRAFT, "effective": "2026-06-05",
                            "effectiveReason": "opgesteld op papier, later vastgelegd"},
              expect=201)
    return nplv


def refused(caller: Caller, path: str, body: dict | None, kind: str, field: str) -> dict:
    answer = caller.post(path, body, expect=400)
    assert answer["type"] == PROBLEM + kind, answer
    assert [e["field"] for e in answer.get("errors", [])] == [field], answer
    return answer


def trail(site, client, caller: Caller) -> list[dict]:
    site.settle()
    return caller.get(f"{NOTE}/audit")["events"]


def test_a_backdatable_command_records_when_it_happened_and_why(site, client, drafted):
    drafted.post(f"{NOTE}/paraph-route/set", {
        "steps": [{"role": "head of unit", "unit": "NPLV"}], "effective": "2026-06-08",
        "effectiveReason": "route afgesproken in het teamoverleg"})
    drafted.post(f"{NOTE}/paraph-route/start", {"effective": "2026-W24",
                                                "effectiveReason": "ter paraaf in week 24"})
    events = trail(site, client, drafted)
    assert [(e["type"], e["effective"]) for e in events] == [
        ("Drafted", "2026-06-05"), ("ParaphRouteSet", "2026-06-08"),
        ("ReviewStarted", "2026-W24")]
    assert all(e["at"][:10] == datetime.now(UTC).date().isoformat() for e in events)
    history = site.ledger.history(site.ledger.note_id(REF, "VRO"))
    assert history[0]["effective_reason"] == "opgesteld op papier, later vastgelegd"
    assert history[2]["effective_reason"] == "ter paraaf in week 24"


def test_left_out_effective_is_the_moment_it_is_recorded(site, client, drafted):
    before = datetime.now(UTC)
    drafted.post(f"{NOTE}/revise-title", {"title": "Kamerbrief SPUK monitor"})
    effective = datetime.fromisoformat(trail(site, client, drafted)[-1]["effective"])
    assert before <= effective <= datetime.now(UTC)


def test_an_effective_time_after_now_is_refused_and_nothing_is_recorded(site, client,
                                                                       drafted):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    answer = refused(drafted, f"{NOTE}/revise-title",
                     {"title": "Later", "effective": tomorrow, "effectiveReason": "x"},
                     "effective-in-future", "effective")
    assert tomorrow in answer["detail"]
    in_an_hour = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    refused(drafted, f"{NOTE}/set-publicity", {"activelyPublic": False,
                                               "effective": in_an_hour},
            "effective-in-future", "effective")
    assert drafted.get(NOTE, fresh=drafted.last_position)["version"] == 1


def test_a_command_that_takes_effect_when_recorded_cannot_be_backdated(site, client,
                                                                       drafted):
    answer = refused(drafted, f"{NOTE}/revise-title",
                     {"title": "Vroeger", "effective": "2026-06-06",
                      "effectiveReason": "het stond al zo in het concept"},
                     "backdating-not-allowed", "effective")
    assert "TitleRevised" in answer["detail"] and "2026-06-06" in answer["detail"]
    site.settle()
    assert drafted.get(NOTE)["title"] == DRAFT["title"]


def test_a_past_effective_time_without_a_reason_is_refused(site, client, drafted):
    refused(drafted, f"{NOTE}/paraph-route/set",
            {"steps": [{"role": "head of unit", "unit": "NPLV"}], "effective": "2026-06-08"},
            "effective-reason-required", "effectiveReason")
    refused(drafted, f"{NOTE}/paraph-route/set",
            {"steps": [{"role": "head of unit", "unit": "NPLV"}], "effective": "2026-06-08",
             "effectiveReason": "   "},
            "effective-reason-required", "effectiveReason")
    assert len(trail(site, client, drafted)) == 1


@pytest.mark.parametrize("written", ["5 juni 2026", "2026-06-05T10:00:00", "2026-W54",
                                     "2026-13-01", ""])
def test_an_effective_time_that_is_not_a_date_week_or_moment_is_invalid(site, client,
                                                                        drafted, written):
    answer = refused(drafted, f"{NOTE}/paraph-route/start",
                     {"effective": written, "effectiveReason": "x"}, "validation",
                     "effective")
    assert "2026-W27" in answer["errors"][0]["message"]


def test_sending_the_letter_in_its_week_settles_the_commitments_in_that_week(site, client):
    story = play(site, client, send={"chamber": "TK", "effective": "2026-W27",
                                     "effectiveReason": "verzonden in de week van 29 juni"})
    nplv = story["who"]["nplv"]
    settled = [site.ledger.history(UUID(c))[-1] for c in story["commitments"]]
    assert {(e["type"], e["effective"]) for e in settled} == {("Fulfilled", "2026-W27")}
    site.settle()
    commitment = nplv.get(f"/v1/commitments/{story['commitments'][0]}")
    assert commitment["status"] == "fulfilled"
    assert commitment["settlements"][-1]["effective"] == "2026-W27"
    assert commitment["settlements"][-1]["late"] is False  # due before the recess of 3 July


def test_every_command_of_the_ledger_documents_effective_and_its_reason(site, client):
    document = client.get("/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    commands = [(path, operation) for path, item in document["paths"].items()
                for method, operation in item.items() if method == "post"]
    assert len(commands) > 40
    for path, operation in commands:
        if path.startswith(("/imports", "/keys", "/audit", "/transparency", "/subscriptions",
                            "/deliveries", "/unsubscribe")):
            continue  # an import takes the nota's own dates; the rest are no ledger commands
        body = operation.get("requestBody")
        assert body, f"{path} takes no body, so no effective time"
        reference = body["content"]["application/json"]["schema"]["$ref"]
        properties = schemas[reference.rsplit("/", 1)[1]]["properties"]
        assert {"effective", "effectiveReason"} <= set(properties), path
        assert "ISO week" in properties["effective"]["description"], path
