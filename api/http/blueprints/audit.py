"""Auditors' proof: the signed checkpoints, consistency between two, and a note's bundle."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from api.http.access import note_id, visible_note
from api.http.problems import Problem
from api.http.routes import REF, query
from api.http.schemas.base import Schema
from api.http.services import services

blp = Blueprint("audit", __name__, url_prefix="",
                description="Signed checkpoints and proof bundles that verify offline.")


class CheckpointSchema(Schema):
    number = fields.Integer(dump_only=True, allow_none=True)
    size = fields.Integer(dump_only=True, metadata={"description": "events in the tree"})
    root = fields.String(dump_only=True, metadata={"description": "RFC 6962 root, hex"})
    time = fields.String(dump_only=True)
    key_id = fields.String(dump_only=True)
    signature = fields.String(dump_only=True, metadata={
        "description": "the note signature: base64 of the 4-byte note key id and Ed25519"})
    origin = fields.String(dump_only=True, metadata={"description": "the log's origin line"})
    note = fields.String(dump_only=True, metadata={
        "description": "the checkpoint as a C2SP signed note, with the cosignatures kept"})


class ConsistencyQuerySchema(Schema):
    first = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    second = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))


class ConsistencySchema(Schema):
    first = fields.Nested(CheckpointSchema, dump_only=True)
    second = fields.Nested(CheckpointSchema, dump_only=True)
    path = fields.List(fields.String(), dump_only=True, metadata={"description": "hex"})


def _audit():
    audit = services().audit
    if audit is None:
        raise Problem(503, "the audit store is not available in this process",
                      "audit-unavailable", {"Retry-After": "5"})
    return audit


@query(blp, "/audit/checkpoints")
@blp.response(200, CheckpointSchema(many=True))
def checkpoints():
    """Every signed checkpoint of the global Merkle tree, oldest first."""
    audit = _audit()
    return [{**checkpoint.to_dict(), "note": audit.signed_note(checkpoint)}
            for checkpoint in audit.checkpoints()]


@query(blp, "/audit/consistency")
@blp.arguments(ConsistencyQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, ConsistencySchema)
def consistency(args):
    """The proof that an older checkpoint's tree is a prefix of a newer one's."""
    return _audit().consistency(args["first"], args["second"])


@query(blp, "/notes/<ref>/proof", parameters=(REF,))
@blp.response(200, {"type": "object", "description": "events in canonical form, their hashes, "
                    "the inclusion proof, the signed checkpoint and the key id"})
def proof(ref):
    """The note's proof bundle, for notaledger-verify (no database, no network needed)."""
    visible_note(ref)
    return jsonify(_audit().bundle(note_id(ref), services().verifier))
