"""The public (Woo) view: published notes for anyone, civil servants' names redacted."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.access import note_id
from api.http.reading import caught_up, page_body, paging, reader
from api.http.routes import REF
from api.http.schemas.public import (
    PublicCommitmentPageSchema,
    PublicCommitmentSchema,
    PublicMotionPageSchema,
    PublicMotionSchema,
    PublicNoteSchema,
    PublicPageSchema,
    PublicQuerySchema,
)
from api.http.schemas.registers import CommitmentQuerySchema, MotionQuerySchema
from domain.errors import NotFound
from projections.queries import CommitmentQuery, MotionQuery

blp = Blueprint("public", __name__, url_prefix="/public",
                description="Actively published notes (Woo) and the commitments and motions "
                            "their letters settle; no key needed.")
NO_KEY = {"security": []}
COMMITMENT = {"in": "path", "name": "commitment", "description": "the commitment's id"}
MOTION = {"in": "path", "name": "motion", "description": "the motion's id"}
PAGING = ("offset", "limit", "min_position")


def _fresh(args, *tables: str) -> dict:
    """Wait for minPosition in each view the answer reads; the rest are the filters."""
    for table in tables:
        caught_up(table, args.get("min_position"))
    return {k: v for k, v in args.items() if k not in PAGING}


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


@blp.route("/commitments", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.arguments(CommitmentQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, PublicCommitmentPageSchema)
def list_public_commitments(args):
    """The commitments of published notes, in deadline order, with members and parties."""
    filters = _fresh(args, "public", "commitments")
    return page_body(reader().public_commitments(CommitmentQuery(**filters,
                                                                 paging=paging(args))))


@blp.route("/commitments/<uuid:commitment>", methods=["GET"], parameters=[COMMITMENT])
@blp.doc(**NO_KEY)
@blp.response(200, PublicCommitmentSchema)
def read_public_commitment(commitment):
    """One commitment of a published note, with the published notes that settle it."""
    doc = reader().public_commitment(str(commitment))
    if doc is None:
        raise NotFound(f"no published commitment {commitment}")
    return doc


@blp.route("/motions", methods=["GET"])
@blp.doc(**NO_KEY)
@blp.arguments(MotionQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, PublicMotionPageSchema)
def list_public_motions(args):
    """The motions of published notes, held ones first, with submitters and parties."""
    filters = _fresh(args, "public", "motions")
    return page_body(reader().public_motions(MotionQuery(**filters, paging=paging(args))))


@blp.route("/motions/<uuid:motion>", methods=["GET"], parameters=[MOTION])
@blp.doc(**NO_KEY)
@blp.response(200, PublicMotionSchema)
def read_public_motion(motion):
    """One motion of a published note, with the published notes that report on it."""
    doc = reader().public_motion(str(motion))
    if doc is None:
        raise NotFound(f"no published motion {motion}")
    return doc
