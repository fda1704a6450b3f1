"""POST /imports: a nota's text recorded for the caller's ministry, once, or refused clearly."""

from __future__ import annotations

import io

from tests.conftest import EXAMPLE

SEED = EXAMPLE  # the example nota the project ships: these tests run in any clone
SEED_TEXT = SEED.read_text(encoding="utf-8")


def _events(site) -> int:
    return len(site.ledger.recorder.select_notifications(None, 100_000))


def test_importing_the_seed_records_it_for_the_callers_ministry(site, client):
    drafter = site.key("VRO", "drafter")
    response = client.post("/v1/imports", json={"text": SEED_TEXT, "name": SEED.name},
                           headers=drafter)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["status"], body["reference"]) == ("recorded", "2026-0000500123")
    assert len(body["commitments"]) == 4 and len(body["motions"]) == 2
    assert body["events"] == _events(site)
    note = site.ledger.note(site.ledger.note_id("2026-0000500123"))
    assert note["ministry"] == "VRO" and note["status"] == "draft"
    assert note["consultations"]["OCW"]["status"] == "answered"


def test_a_dry_run_shows_the_plan_and_records_nothing(site, client):
    response = client.post("/v1/imports", json={"text": SEED_TEXT, "dryRun": True},
                           headers=site.key("VRO", "drafter"))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "dry_run" and body["id"] is None
    assert any(line.startswith("  motion (held) by Bakkenes (GL-PvdA)") for line in body["plan"])
    assert _events(site) == 0


def test_the_same_text_twice_records_once_and_a_changed_text_is_refused(site, client):
    drafter = site.key("VRO", "drafter")
    client.post("/v1/imports", json={"text": SEED_TEXT}, headers=drafter)
    events = _events(site)
    again = client.post("/v1/imports", json={"text": SEED_TEXT}, headers=drafter)
    assert (again.status_code, again.get_json()["status"]) == (200, "unchanged")
    changed = client.post("/v1/imports", json={"text": SEED_TEXT.replace("Akkoord met de inhoud",
                                                                      "Oneens met de inhoud")},
                          headers=drafter)
    assert changed.status_code == 409
    assert changed.content_type == "application/problem+json"
    assert "already exists" in changed.get_json()["detail"]
    assert _events(site) == events


def test_text_that_is_not_a_nota_is_400_with_the_reason(site, client):
    response = client.post("/v1/imports", json={"text": "Neem vier appels en een deeg."},
                           headers=site.key("VRO", "drafter"))
    assert response.status_code == 400
    body = response.get_json()
    assert body["type"] == "urn:notaledger:problem:import-refused"
    assert body["reason"] == "not_a_nota"
    assert _events(site) == 0


def test_a_word_document_uploaded_is_recorded_for_the_callers_organisation(site, client):
    from tests.documents import docx_from_text

    document = io.BytesIO(docx_from_text(SEED_TEXT))
    response = client.post("/v1/imports/documents", data={"file": (document, "nota.docx")},
                           headers=site.key("OCW", "drafter"),
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    note = site.ledger.note(site.ledger.note_id("2026-0000500123"))
    assert note["ministry"] == "OCW"  # the caller's, though the document is addressed to MVRO


def test_a_scanned_pdf_uploaded_is_400_with_the_reason(site, client):
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(50, 50, 400, 600, fill=1)
    canvas.save()
    response = client.post("/v1/imports/documents",
                           data={"file": (io.BytesIO(out.getvalue()), "scan.pdf"),
                                 "dryRun": "true"},
                           headers=site.key("VRO", "drafter"),
                           content_type="multipart/form-data")
    assert response.status_code == 400, response.get_json()
    assert response.get_json().get("reason") == "no_text_layer", response.get_json()
