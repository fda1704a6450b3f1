"""Four ministries answering on one note at once, round after round: all land, none twice."""

from __future__ import annotations

import threading
import uuid

import pytest

MINISTRIES = ("SZW", "OCW", "JenV", "VWS")
ROUNDS = 100
REF = "2026-RACE-HTTP"


def _prepare(site) -> tuple[dict, object]:
    drafter = site.key("VRO", "drafter")
    client = site.client()
    client.post("/v1/notes", headers=drafter, json={
        "reference": REF, "title": "Race", "kind": "decision", "date": "2026-06-05",
        "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False})
    for ministry in MINISTRIES:
        response = client.post(f"/v1/notes/{REF}/consultations/{ministry}/request",
                               headers=drafter, json={"role": "consulted"})
        assert response.status_code == 200, response.get_json()
    return drafter, client


def _answer(client, headers: dict, ministry: str) -> int:
    """One answer, retried with the same Idempotency-Key until it is accepted or refused."""
    sent = {**headers, "Idempotency-Key": uuid.uuid4().hex}
    for _ in range(50):
        response = client.post(f"/v1/notes/{REF}/consultations/{ministry}/answer", headers=sent,
                               json={"outcome": "agreed"})
        if response.status_code not in (409, 503) or response.get_json()["type"].endswith(
                "illegal-transition"):
            return response.status_code
    return response.status_code


def _race(site) -> list:
    drafter, client = _prepare(site)
    keys = {m: site.key(m, "consultee") for m in MINISTRIES}
    clients = {m: site.client() for m in MINISTRIES}
    start, done = threading.Barrier(len(MINISTRIES) + 1), threading.Barrier(len(MINISTRIES) + 1)
    failures: list = []

    def answer_every_round(ministry: str) -> None:
        for _ in range(ROUNDS):
            start.wait(timeout=60)
            status = _answer(clients[ministry], keys[ministry], ministry)
            if status != 200:
                failures.append((ministry, status))
            done.wait(timeout=60)

    threads = [threading.Thread(target=answer_every_round, args=(m,)) for m in MINISTRIES]
    for thread in threads:
        thread.start()
    for number in range(ROUNDS):
        start.wait(timeout=60)
        done.wait(timeout=60)
        revised = client.post(f"/v1/notes/{REF}/sections/kern/revise", headers=drafter,
                              json={"text": f"Ronde {number}"})  # reopens every answer
        assert revised.status_code == 200, revised.get_json()
    for thread in threads:
        thread.join(timeout=60)
    return failures


def _answers(site) -> dict[str, int]:
    history = site.ledger.history(site.ledger.note_id(REF))
    counts = dict.fromkeys(MINISTRIES, 0)
    for event in history:
        if event["type"] == "ConsultationAnswered":
            counts[event["organisation"]] += 1
    return counts


def test_four_clients_answering_one_note_for_100_rounds_all_land_exactly_once(site):
    assert _race(site) == []
    assert _answers(site) == dict.fromkeys(MINISTRIES, ROUNDS)
    assert site.ledger.verify().ok


@pytest.mark.postgres
@pytest.mark.redis
def test_the_same_race_on_postgresql_with_redis_idempotency(production_site):
    assert _race(production_site) == []
    assert _answers(production_site) == dict.fromkeys(MINISTRIES, ROUNDS)
    assert production_site.ledger.verify().ok
