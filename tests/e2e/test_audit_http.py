"""Auditors over HTTP: signed checkpoints, consistency proofs, and bundles that verify offline."""

from __future__ import annotations

import json

from api import offline_verify
from tests.e2e.story import DRAFT, REF, users


def _note(site, client) -> dict:
    who = users(site, client)
    who["nplv"].post("/v1/notes", DRAFT, expect=201)
    who["nplv"].post(f"/v1/notes/{REF}/consultations/SZW/request", {"role": "consulted"})
    return who


def test_a_proof_bundle_from_the_api_verifies_offline(site, client, tmp_path):
    who = _note(site, client)
    site.audit.checkpoint()
    bundle = who["auditor"].get(f"/v1/notes/{REF}/proof")
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    said = "\n".join(offline_verify.verify(str(path), None))
    assert REF in said or bundle["note"] in said


def test_checkpoints_are_listed_and_proved_consistent(site, client):
    who = _note(site, client)
    site.audit.checkpoint()
    who["nplv"].post(f"/v1/notes/{REF}/revise-title", {"title": "Nieuw"})
    site.audit.checkpoint()
    listed = who["auditor"].get("/v1/audit/checkpoints")
    assert [c["size"] for c in listed] == [2, 3]
    assert all(c["signature"] and c["keyId"] == site.signer.key_id for c in listed)
    proof = who["auditor"].get("/v1/audit/consistency", first=listed[0]["number"],
                               second=listed[1]["number"])
    assert proof["first"]["size"] == 2 and proof["path"]


def test_no_proof_before_a_checkpoint_and_none_for_an_outsider(site, client):
    who = _note(site, client)
    assert who["auditor"].get(f"/v1/notes/{REF}/proof", expect=409)["type"].endswith(
        "not-checkpointed")
    site.audit.checkpoint()
    assert who["SZW"].get(f"/v1/notes/{REF}/proof")["checkpoint"]["size"] == 2
    assert who["outsider"].get(f"/v1/notes/{REF}/proof", expect=404)["status"] == 404
