"""Notes: draft one, list those you may see, read one (or replay it), and its trail (at /audit)."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.access import READ_ALL, note_id, viewed_note, visible_note
from api.http.auth import actor, current_key
from api.http.bodies import EncodedBodies
from api.http.problems import Problem
from api.http.reading import caught_up, page_body, paging, reader, today
from api.http.routes import REF, command, query
from api.http.schemas.note_views import (
    NotePageSchema,
    NoteQuerySchema,
    NoteReadQuerySchema,
    NoteSchema,
    TrailSchema,
)
from api.http.schemas.notes import DraftNoteSchema
from api.http.services import services
from api.http.versions import IF_NONE_MATCH, etag, not_modified, saved, unchanged
from api.replay import replay as replayed
from domain.errors import NotFound
from projections.queries import NoteQuery

blp = Blueprint("notes", __name__, url_prefix="/notes",
                description="Notes (nota's): draft, list, read, replay, audit trail.")
ETAG = {"ETag": {"description": "the note's version", "schema": {"type": "string"}}}
NOTES = EncodedBodies(NoteSchema())  # a note read again unchanged is not dumped again


@command(blp, "", "drafter", body=DraftNoteSchema, status=201)
def draft(body):
    """Draft a new note for your ministry (a reference exists once, retry or not)."""
    body["ministry"] = body.get("ministry") or current_key().organisation
    result = services().ledger.draft_note(actor(), **body)
    return saved(result, 201, f"/notes/{result.id}")  # an id needs no escaping


@query(blp, "")
@blp.arguments(NoteQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, NotePageSchema)
def list_notes(args):
    """List the notes you may see (owned, co-written or consulted on), newest first."""
    caught_up("notes", args.get("min_position"))
    key = current_key()
    visible_to = None if key.role in READ_ALL else key.organisation
    page = reader().notes(NoteQuery(status=args.get("status"), owner=args.get("owner"),
                                   consulted=args.get("consulted"), visible_to=visible_to,
                                   text=args.get("text"), paging=paging(args)))
    return page_body(page)


@query(blp, "/<ref>", parameters=(REF, IF_NONE_MATCH))
@blp.arguments(NoteReadQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, NoteSchema, headers=ETAG)
@blp.alt_response(304, description="Not Modified: the note is still at the version named "
                  "by If-None-Match", headers=ETAG)
def read(args, ref):
    """A note now, or replayed from the event store as of a moment or at a version.

    Send the ETag you hold as If-None-Match to get 304 without a body while the note is
    still at that version."""
    if {"as_of", "version", "effective_at"} & set(args):
        note = replay(ref, args.get("version"), args.get("as_of"), args.get("effective_at"))
    else:
        caught_up("notes", args.get("min_position"))
        note = viewed_note(ref)
    if unchanged(note["version"]):
        return not_modified(note["version"])
    return NOTES.response(note, headers={"ETag": etag(note["version"])})


def replay(ref: str, version: int | None, as_of, effective_at=None) -> dict:
    """The note's state rebuilt from its events, in the shape of the notes view: as the
    ledger knew it ``as_of`` a moment, as things stood ``effective_at`` one, or at a version."""
    if version is not None and (as_of is not None or effective_at is not None):
        raise Problem(400, "give asOf and/or effectiveAt, or version, not both",
                      "invalid-input")
    current = visible_note(ref)
    if version is not None and version > current["version"]:
        raise NotFound(f"note {current['reference']} has no version {version}; "
                       f"it is at version {current['version']}")
    return replayed(services().ledger, reader(), note_id(ref), version, as_of, effective_at,
                    today())


@query(blp, "/<ref>/audit", parameters=(REF,))
@blp.arguments(NoteReadQuerySchema(only=("min_position",)), location="query", unknown=RAISE)
@blp.response(200, TrailSchema)
def trail(args, ref):
    """Every event of the note in order: what, who (name resolved now), when, and its hash."""
    caught_up("trail", args.get("min_position"))
    note = viewed_note(ref)
    return {"id": note["id"], "reference": note["reference"],
            "events": reader().trail(note["id"])}
