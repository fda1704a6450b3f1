"""Server time of the web pages beside the same data through the JSON API.

``python -m bench.web [--requests N] [--events 200] [--consultations 500]``: the nota
page of a note with 200 events (as the SZW consultee, with what changed since its answer,
and as the VRO drafter, with every form of the draft)
and the werkvoorraad with 500 open consultations (a page of 50, first and last), each
against its JSON counterpart (``GET /v1/notes/{id}``, ``GET /v1/organisations/SZW/inbox``
with the same page), in process (Flask's
test client: the server's own time, no network), p50 and p99.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from api.http.app import create_app
from api.web import demo
from bench.common import machine, percentile, record
from domain.actor import Actor

DRAFTER = Actor("VRO", "drafter", person_id="p-head-nplv")
SECTIONS = ("aanleiding", "kern", "toelichting", "financien", "communicatie")


def _site(folder: Path):
    environ = {"NOTALEDGER_STORE": "sqlite",
               "NOTALEDGER_SQLITE_PATH": str(folder / "events.sqlite"),
               "NOTALEDGER_VIEWS_PATH": str(folder / "views.sqlite"),
               "NOTALEDGER_KEYS_PATH": str(folder / "keys.sqlite"),
               "NOTALEDGER_PERSONS_PATH": str(folder / "persons.sqlite"),
               "NOTALEDGER_IDEMPOTENCY_PATH": str(folder / "idem.sqlite"),
               "NOTALEDGER_AUDIT_KEY_FILE": str(folder / "none.pem")}
    return create_app({"ENVIRON": environ, "RUN_PROJECTIONS": True, "WEB_DEMO": True,
                       "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})


def _fill(found, events: int, consultations: int) -> str:
    ledger = found.ledger
    note = demo.load_consultation(ledger, found.persons)
    from uuid import UUID

    for number in range(events - ledger.note(UUID(note))["version"]):
        ledger.revise_section(UUID(note), DRAFTER, SECTIONS[number % len(SECTIONS)],
                              f"Versie {number}: " + "tekst van de nota " * 40)
    for number in range(consultations - 1):
        saved = ledger.draft_note(DRAFTER, reference=f"2026-{9_000_000_000 + number:010d}",
                                  title=f"Nota {number}", kind="decision", date="2026-06-01",
                                  from_unit="NPLV", to_official="Minister",
                                  ministry="VRO", actively_public=False, drafted_by=[],
                                  collaborating=[])
        ledger.request_consultation(saved.id, DRAFTER, "SZW", "consulted", "2026-12-31")
    head = ledger.recorder.max_notification_id()
    views = found.views
    for table in ("notes", "inbox", "trail"):
        assert views.wait_for(views.home(table), head, timeout=300), "views did not catch up"
    return note


def _signed_in(app, person: str):
    client = app.test_client()
    page = client.get("/aanmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/aanmelden/demo", data={"person": person, "csrf_token": token})
    return client


def _times(call, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        answer = call()
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.status_code
    return samples


def _line(name: str, samples: list[float], baseline: list[float]) -> None:
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    b50, b99 = percentile(baseline, 50), percentile(baseline, 99)
    print(f"{name:<44} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms   JSON API p50 {b50:7.1f} ms  "
          f"p99 {b99:7.1f} ms  (aim: p99 < 50 ms)", flush=True)
    record(f"web: {name}, p99", p99, "ms", "JSON API p99", b99, "< 50 ms", met=p99 < 50)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--consultations", type=int, default=500)
    arguments = parser.parse_args(argv)
    print(f"web pages — {machine()}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        app = _site(Path(folder))
        found = app.extensions["notaledger"]
        try:
            note = _fill(found, arguments.events, arguments.consultations)
            page = _signed_in(app, "p-szw-afstemming")
            api = app.test_client()
            key = {"Authorization": "Bearer " + found.keys.create("SZW", "consultee").token}
            count = arguments.requests
            _line(f"nota page, {arguments.events} events",
                  _times(lambda: page.get(f"/nota/{note}"), count),
                  _times(lambda: api.get(f"/v1/notes/{note}", headers=key), count))
            drafter = _signed_in(app, "p-head-nplv")
            vro = {"Authorization": "Bearer " + found.keys.create("VRO", "drafter").token}
            _line(f"nota page, {arguments.events} events, drafter (all forms)",
                  _times(lambda: drafter.get(f"/nota/{note}"), count),
                  _times(lambda: api.get(f"/v1/notes/{note}", headers=vro), count))
            _line(f"werkvoorraad, {arguments.consultations} open (first 50)",
                  _times(lambda: page.get("/"), count),
                  _times(lambda: api.get("/v1/organisations/SZW/inbox?limit=50", headers=key),
                         count))
            _line(f"werkvoorraad, {arguments.consultations} open (from 450)",
                  _times(lambda: page.get("/?vanaf=450"), count),
                  _times(lambda: api.get("/v1/organisations/SZW/inbox?limit=50&offset=450",
                                         headers=key), count))
        finally:
            found.close()


if __name__ == "__main__":
    main()
