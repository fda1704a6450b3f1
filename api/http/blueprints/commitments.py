"""Commitments (toezeggingen): the register, and the registrar's commands."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.auth import actor, current_key
from api.http.reading import caught_up, page_body, paging, reader
from api.http.routes import command, query
from api.http.schemas.commitments import (
    ChangeDeadlineSchema,
    LapseSchema,
    PartialFulfilmentSchema,
    RegisterCommitmentSchema,
    SetStatusSchema,
)
from api.http.schemas.common import CoOwnerSchema
from api.http.schemas.note_views import NoteReadQuerySchema
from api.http.schemas.registers import CommitmentPageSchema, CommitmentQuerySchema, CommitmentSchema
from api.http.services import services
from api.http.versions import etag, expected_version, saved
from domain.errors import NotFound
from projections.queries import CommitmentQuery

blp = Blueprint("commitments", __name__, url_prefix="/commitments",
                description="Commitments made to parliament, from debate to fulfilment.")
ID = ({"in": "path", "name": "commitment", "description": "the commitment's id"},)


def _ledger():
    return services().ledger


@query(blp, "")
@blp.arguments(CommitmentQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, CommitmentPageSchema)
def list_commitments(args):
    """The commitments register in deadline order; filter by status, ministry, member, ..."""
    caught_up("commitments", args.get("min_position"))
    filters = {k: v for k, v in args.items() if k not in ("offset", "limit", "min_position")}
    return page_body(reader().commitments(CommitmentQuery(**filters, paging=paging(args))))


@query(blp, "/<uuid:commitment>", parameters=ID)
@blp.arguments(NoteReadQuerySchema(only=("min_position",)), location="query", unknown=RAISE)
@blp.response(200, CommitmentSchema)
def read(args, commitment):
    """One commitment, with how it was settled."""
    caught_up("commitments", args.get("min_position"))
    doc = reader().commitment(str(commitment))
    if doc is None:
        raise NotFound(f"no commitment {commitment}")
    return doc, 200, {"ETag": etag(doc["version"])}


@command(blp, "", "registrar", body=RegisterCommitmentSchema, status=201)
def register(body):
    """Register a commitment made in a debate (a repeat is refused, not duplicated)."""
    body["ministry"] = body.get("ministry") or current_key().organisation
    result = _ledger().register_commitment(actor(), **body)
    return saved(result, 201, f"/commitments/{result.id}")


@command(blp, "/<uuid:commitment>/change-deadline", "registrar", body=ChangeDeadlineSchema,
         parameters=ID)
def change_deadline(body, commitment):
    """Move the deadline, with the reason."""
    return saved(_ledger().change_commitment_deadline(
        commitment, actor(), body["deadline"], body["reason"],
        expected_version=expected_version()))


@command(blp, "/<uuid:commitment>/fulfil-partially", "registrar",
         body=PartialFulfilmentSchema, parameters=ID)
def fulfil_partially(body, commitment):
    """Record that part of the commitment is delivered."""
    return saved(_ledger().fulfil_commitment_partially(
        commitment, actor(), body["remarks"], body["reference"],
        expected_version=expected_version()))


@command(blp, "/<uuid:commitment>/lapse", "registrar", body=LapseSchema, parameters=ID)
def lapse(body, commitment):
    """Let the commitment lapse (vervallen), with the reason."""
    return saved(_ledger().lapse_commitment(commitment, actor(),
                                            body["reason"], expected_version=expected_version()))


@command(blp, "/<uuid:commitment>/set-status", "registrar", body=SetStatusSchema,
         parameters=ID)
def set_status(body, commitment):
    """Correct the status to any of the four, with the reason."""
    return saved(_ledger().set_commitment_status(
        commitment, actor(), body["status"], body["reason"],
        expected_version=expected_version()))


@command(blp, "/<uuid:commitment>/co-owners/add", "registrar", body=CoOwnerSchema,
         parameters=ID)
def add_co_owner(body, commitment):
    """Share the commitment with another ministry, which may then change it and settle it
    with a letter of its own notes."""
    return saved(_ledger().add_commitment_co_owner(
        commitment, actor(), body["organisation"], expected_version=expected_version()))
