"""De tijdlijn: every event of a note, the chain as the verifier finds it now, the note as
of a moment, and the proof bundle to take away."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from flask import Response, render_template, request

from api.http.services import services
from api.web.pages.blueprints import pages
from api.web.pages.reading import reader, visible
from domain.audit.service import NotCheckpointed
from domain.errors import InvalidInput

ZONE = ZoneInfo("Europe/Amsterdam")


def verification(note_id: str) -> dict:
    """The chain and its checkpoint as the verifier computes them on this request."""
    found = services()
    if found.audit is None:
        return {"ok": None, "detail": "de auditvoorziening is in dit proces niet beschikbaar"}
    report = found.audit.verify_aggregate(UUID(note_id), found.verifier)
    latest = report.latest
    return {"ok": report.ok, "breaks": [b.to_dict() for b in report.breaks],
            "checkpoint": latest.number if latest else None,
            "checkpoint_size": latest.size if latest else None,
            "signatures": report.signatures, "warnings": report.warnings}


@pages.get("/nota/<ref>/tijdlijn")
def trail(ref):
    note = visible(ref)
    return render_template("trail.html", note=note, events=reader().trail(note["id"]),
                           verified=verification(note["id"]))


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"'{text}' is geen datum en tijd (jjjj-mm-ddThh:mm)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZONE)


@pages.get("/nota/<ref>/zoals-op")
def as_of(ref):
    """The note as the ledger knew it at a moment (recorded time) or as things stood then
    (effective time, as known now), replayed from the event store."""
    note = visible(ref)
    moment = _moment(request.args.get("moment", ""))
    axis = "geldend" if request.args.get("as") == "geldend" else "vastgelegd"
    when = {"effective_at": moment} if axis == "geldend" else {"as_of": moment}
    then = services().ledger.note(UUID(note["id"]), **when)
    sections = {name: texts[-1] for name, texts in (then.get("sections") or {}).items()}
    return render_template("as_of.html", note=note, then={**then, "sections": sections},
                           moment=moment, axis=axis)


@pages.get("/nota/<ref>/bewijs.json")
def proof(ref):
    """The proof bundle for notaledger-verify, as a download."""
    note = visible(ref)
    found = services()
    try:
        bundle = found.audit.bundle(UUID(note["id"]), found.verifier)
    except NotCheckpointed as error:
        return render_template("error.html", status=409, title="Nog geen bewijs",
                               detail=str(error)), 409
    name = f"bewijs-{note['reference']}.json"
    return Response(json.dumps(bundle, indent=1), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
