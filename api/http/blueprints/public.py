"""The public (Woo) view: published notes for anyone, civil servants' names redacted."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.access import note_id
from api.http.reading import caught_up, name_of, page_body, paging, views
from api.http.routes import REF
from api.http.schemas.public import PublicNoteSchema, PublicPageSchema, PublicQuerySchema
from domain.errors import NotFound

blp = Blueprint("public", __name__, url_prefix="/public",
                description="Actively published notes (Woo); no key needed.")
NO_KEY = {"security": []}


def redacted(doc: dict) -> dict:
    """Person ids become names: ministers' shown, civil servants' as ■■■ (5.1.2e Woo)."""
    initials = [{"role": step["role"], "unit": step["unit"],
                 "name": name_of(step.get("person_id"), public=True)}
                for step in doc["initialled_by"]]
    return {**doc, "drafted_by": [name_of(p, public=True) for p in doc["drafted_by"]],
            "initialled_by": initials, "decided_by": name_of(doc.get("decided_by"), public=True)}


@blp.route("/notes", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.arguments(PublicQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, PublicPageSchema)
def list_public(args):
    """Published notes, the most recently published first."""
    caught_up("public", args.get("min_position"))
    page = views().public_notes(paging(args), args.get("text"))
    return {**page_body(page), "items": [redacted(doc) for doc in page.items]}


@blp.route("/notes/<ref>", methods=["GET"], parameters=[REF])
@blp.doc(**NO_KEY)
@blp.response(200, PublicNoteSchema)
def read_public(ref):
    """One published note."""
    doc = views().public_note(str(note_id(ref)))
    if doc is None:
        raise NotFound(f"no published note {ref}")
    return redacted(doc)
