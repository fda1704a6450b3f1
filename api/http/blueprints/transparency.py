"""The log as transparency tooling sees it: the latest signed checkpoint note, which a
witness polls, and witnesses' cosignatures submitted to the ledger. Both are public: a
checkpoint holds no personal data, and a cosignature is kept only when it verifies."""

from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from api.http.problems import Problem
from api.http.services import services

blp = Blueprint("transparency", __name__, url_prefix="",
                description="C2SP checkpoints for witnesses and monitors.")

MAX_NOTE = 65536
TEXT = {"content": {"text/plain": {"schema": {"type": "string"}}}}


def _audit():
    audit = services().audit
    if audit is None:
        raise Problem(503, "the audit store is not available in this process",
                      "audit-unavailable", {"Retry-After": "5"})
    return audit


@blp.route("/audit/checkpoint", methods=["GET"])
@blp.doc(security=[], responses={
    "200": {"description": "the signed note (c2sp.org/tlog-checkpoint) with its cosignatures",
            **TEXT},
    "404": {"description": "no checkpoint has been signed yet"}})
def checkpoint():
    """The latest signed checkpoint as a C2SP signed note, with the cosignatures kept."""
    audit = _audit()
    latest = audit.latest()
    if latest is None:
        raise Problem(404, "no checkpoint has been signed yet", "not-found")
    return Response(audit.signed_note(latest), mimetype="text/plain")


@blp.route("/audit/cosignatures", methods=["POST"])
@blp.doc(security=[], requestBody={"required": True, "description": "a checkpoint note of this "
                                   "log with witnesses' cosignature lines", **TEXT},
         responses={"200": {"description": "the checkpoint with every cosignature kept", **TEXT},
                    "404": {"description": "this log signed no such checkpoint"},
                    "413": {"description": "the note is too large"},
                    "422": {"description": "no cosignature of a configured witness verifies"}})
def cosignatures():
    """Keep witnesses' cosignatures of one of this log's checkpoints (verified against the
    configured witness keys, NOTALEDGER_WITNESS_KEYS)."""
    data = request.get_data(cache=False)
    if len(data) > MAX_NOTE:
        raise Problem(413, f"a checkpoint note is at most {MAX_NOTE} bytes", "too-large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Problem(400, "the body is not UTF-8 text", "invalid-input") from None
    audit = _audit()
    checkpoint, _ = audit.accept_cosignatures(text)
    return Response(audit.signed_note(checkpoint), mimetype="text/plain")
