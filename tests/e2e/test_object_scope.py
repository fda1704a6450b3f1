"""Issue 12, repro 2: no organisation writes into another's commitments or motions through
a reference in a body, and an import links only what the importer's organisation owns."""

from __future__ import annotations

from uuid import UUID

from domain.actor import Actor
from tests.conftest import shared_file
from tests.e2e.test_authorization import COMMITMENT, MOTION, _snake

VRO = Actor("VRO", "drafter")
OCW_CLERK = Actor("OCW", "registrar")


def _vro_note(site, ref: str) -> UUID:
    note = site.ledger.draft_note(VRO, reference=ref, title="Brief", kind="decision",
                                  date="2026-06-05", from_unit="NPLV", to_official="MVRO",
                                  ministry="VRO", actively_public=False).id
    return note


def _events(site, aggregate: UUID) -> list[str]:
    return [event["type"] for event in site.ledger.history(aggregate)]


def test_a_drafter_cannot_link_another_ministrys_commitment(site, client):
    _vro_note(site, "2026-SCOPE-1")
    ocw = site.ledger.register_commitment(OCW_CLERK, **_snake(COMMITMENT), ministry="OCW",
                                          recipients=[]).id
    response = client.post("/v1/notes/2026-SCOPE-1/commitments/link",
                           json={"commitmentId": str(ocw)}, headers=site.key("VRO", "drafter"))
    assert response.status_code == 403
    assert response.get_json()["detail"] == (f"commitment {ocw} belongs to OCW; VRO cannot "
                                             "link it to note 2026-SCOPE-1")
    assert _events(site, ocw) == ["Registered"]


def test_a_drafter_cannot_link_another_ministrys_motion(site, client):
    _vro_note(site, "2026-SCOPE-2")
    ocw = site.ledger.submit_motion(OCW_CLERK, **_snake(MOTION), ministry="").id
    response = client.post("/v1/notes/2026-SCOPE-2/motions/link", json={"motionId": str(ocw)},
                           headers=site.key("VRO", "drafter"))
    assert response.status_code == 403 and "belongs to OCW" in response.get_json()["detail"]


def test_a_co_owner_links_and_its_letter_settles(site, client):
    note = _vro_note(site, "2026-SCOPE-3")
    ocw = site.ledger.register_commitment(OCW_CLERK, **_snake(COMMITMENT), ministry="OCW",
                                          recipients=[]).id
    shared = client.post(f"/v1/commitments/{ocw}/co-owners/add", json={"organisation": "VRO"},
                         headers=site.key("OCW", "registrar"))
    assert shared.status_code == 200
    linked = client.post("/v1/notes/2026-SCOPE-3/commitments/link",
                         json={"commitmentId": str(ocw)}, headers=site.key("VRO", "drafter"))
    assert linked.status_code == 200
    assert site.ledger.commitment(ocw)["co_owners"] == ["VRO"]
    assert note


def test_a_letter_settles_no_commitment_its_ministry_does_not_own(site):
    """A link made before ownership was checked (or forged in storage) settles nothing."""
    note = _vro_note(site, "2026-SCOPE-4")
    ocw = site.ledger.register_commitment(OCW_CLERK, **_snake(COMMITMENT), ministry="OCW",
                                          recipients=[]).id
    commitment = site.ledger.repository.get(ocw)
    assert commitment.owned_by("VRO") is False
    assert [c.id for c in site.ledger._linked([str(ocw)], type(commitment), "VRO")] == []
    assert note


def test_an_import_never_writes_into_another_ministrys_commitments(site, client):
    """Repro 2b: OCW imported the seed's text and linked seven VRO commitments, two motions."""
    seed = shared_file("seeds", "nota-2026-0000261701.md")  # a skip in a clone without it
    text = seed.read_text(encoding="utf-8")
    vro = client.post("/v1/imports", json={"text": text, "name": seed.name},
                      headers=site.key("VRO", "drafter"))
    assert vro.status_code == 201
    owned = vro.get_json()["commitments"] + vro.get_json()["motions"]
    before = {aggregate: _events(site, UUID(aggregate)) for aggregate in owned}
    other = text.replace("2026-0000261701", "2026-0000999999")
    ocw = client.post("/v1/imports", json={"text": other, "name": "other.md"},
                      headers=site.key("OCW", "drafter"))
    assert ocw.status_code == 201, ocw.get_json()
    assert ocw.get_json()["commitments"] == []
    assert {a: _events(site, UUID(a)) for a in owned} == before
    assert any("belongs to VRO; not linked" in w for w in ocw.get_json()["warnings"])
