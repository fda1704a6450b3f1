"""The public (Woo) view: published notes for anyone, civil servants' names redacted."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.access import note_id
from api.http.reading import caught_up, page_body, paging, reader
from api.http.routes import REF
from api.http.schemas.public import PublicNoteSchema, PublicPageSchema, PublicQuerySchema
from domain.errors import NotFound

blp = Blueprint("public", __name__, url_prefix="/public",
                description="Actively published notes (Woo); no key needed.")
NO_KEY = {"security": []}


@blp.route("/notes", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.arguments(PublicQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, PublicPageSchema)
def list_public(args):
    """Published notes, the most recently published first."""
    caught_up("public", args.get("min_position"))
    return page_body(reader().public_notes(paging(args), args.get("text")))


@blp.route("/notes/<ref>", methods=["GET"], parameters=[REF])
@blp.doc(**NO_KEY)
@blp.response(200, PublicNoteSchema)
def read_public(ref):
    """One published note."""
    doc = reader().public_note(str(note_id(ref)))
    if doc is None:
        raise NotFound(f"no published note {ref}")
    return doc
