"""Imports: a nota's text becomes its history, all or nothing."""

from __future__ import annotations

from dataclasses import replace

from flask_smorest import Blueprint

from api.http.auth import actor
from api.http.problems import Problem
from api.http.routes import command
from api.http.schemas.imports import IMPORT, IMPORTED
from api.http.services import services
from domain.importing import ImportRefused

blp = Blueprint("imports", __name__, url_prefix="/imports",
                description="Record a nota from its text: header, sections, advised decisions, "
                            "attachments, consultations, commitments and motions.")


@command(blp, "", "drafter", body=IMPORT, status=201, answer=IMPORTED)
def import_nota(body):
    """Import a nota for the caller's ministry; the same text twice records it once."""
    importer = replace(actor(), role="importer")
    try:
        prepared = services().importer.prepare(body["text"], body["name"], importer.organisation,
                           services().persons)
    except ImportRefused as refused:
        raise Problem(422, str(refused), "import-refused", reason=refused.reason) from None
    answer = {"reference": prepared.note.reference, "plan": services().importer.plan(prepared),
              "warnings": list(prepared.warnings), "events": 0, "commitments": [],
              "motions": [], "id": None, "version": None}
    if body["dry_run"]:
        return {**answer, "status": "dry_run"}, 200
    result = services().ledger.import_note(importer, prepared.note)
    answer.update(status=result.status, id=result.note_id, version=result.version,
                  events=result.events, commitments=result.commitments, motions=result.motions)
    status = 201 if result.status == "recorded" else 200
    return answer, status, {"Location": f"/notes/{result.note_id}"}
