"""Imports: a nota's text becomes its history, all or nothing."""

from __future__ import annotations

from dataclasses import replace

from flask_smorest import Blueprint

from api.http.auth import actor
from api.http.problems import Problem
from api.http.routes import command
from api.http.schemas.imports import DOCUMENT, DOCUMENT_OPTIONS, IMPORT, IMPORTED
from api.http.services import services
from api.http.versions import API_PREFIX
from domain.importing import ImportRefused

blp = Blueprint("imports", __name__, url_prefix="/imports",
                description="Record a nota from its text: header, sections, advised decisions, "
                            "attachments, consultations, commitments and motions.")


@command(blp, "", "drafter", body=IMPORT, status=201, answer=IMPORTED,
         effective=False)
def import_nota(body):
    """Import a nota for the caller's ministry; the same text twice records it once."""
    return _import(body["text"], body["name"], body["dry_run"])


@command(blp, "/documents", "drafter", status=201, answer=IMPORTED,
         form=((DOCUMENT_OPTIONS, "form"), (DOCUMENT, "files")), effective=False)
def import_document(options, files):
    """Import a nota from an uploaded document (.docx, .pdf, .md or .txt; multipart form
    field 'file') for the caller's ministry; the same document twice records it once."""
    upload = files["file"]
    return _import(upload.read(), upload.filename or "upload", options["dry_run"])


def _import(source, name: str, dry_run: bool):
    """The import itself, for the caller's organisation whatever the document names."""
    importer = replace(actor(), role="importer")
    try:
        prepared = services().importer.prepare(source, name, importer.organisation,
                                               services().persons)
    except ImportRefused as refused:
        raise Problem(400, str(refused), "import-refused", reason=refused.reason) from None
    answer = {"reference": prepared.note.reference, "plan": services().importer.plan(prepared),
              "warnings": list(prepared.warnings), "events": 0, "commitments": [],
              "motions": [], "id": None, "version": None}
    if dry_run:
        return {**answer, "status": "dry_run"}, 200
    result = services().ledger.import_note(importer, prepared.note)
    answer.update(status=result.status, id=result.note_id, version=result.version,
                  events=result.events, commitments=result.commitments, motions=result.motions,
                  warnings=[*answer["warnings"], *result.warnings])
    status = 201 if result.status == "recorded" else 200
    return answer, status, {"Location": f"{API_PREFIX}/notes/{result.note_id}"}
