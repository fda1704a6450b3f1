"""Motions (moties): the register, and the registrar's commands."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.auth import actor, current_key
from api.http.reading import caught_up, page_body, paging, reader
from api.http.routes import command, query
from api.http.schemas.common import CoOwnerSchema
from api.http.schemas.motions import AppraiseSchema, SubmitMotionSchema, TakeOverSchema, VoteSchema
from api.http.schemas.note_views import NoteReadQuerySchema
from api.http.schemas.registers import MotionPageSchema, MotionQuerySchema, MotionSchema
from api.http.services import services
from api.http.versions import etag, expected_version, saved
from domain.errors import NotFound
from projections.queries import MotionQuery

blp = Blueprint("motions", __name__, url_prefix="/motions",
                description="Motions from submission to their execution report.")
ID = ({"in": "path", "name": "motion", "description": "the motion's id"},)


def _ledger():
    return services().ledger


@query(blp, "")
@blp.arguments(MotionQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, MotionPageSchema)
def list_motions(args):
    """The motions register, held motions first; filter by status, submitter, party, ministry."""
    caught_up("motions", args.get("min_position"))
    filters = {k: v for k, v in args.items() if k not in ("offset", "limit", "min_position")}
    return page_body(reader().motions(MotionQuery(**filters, paging=paging(args))))


@query(blp, "/<uuid:motion>", parameters=ID)
@blp.arguments(NoteReadQuerySchema(only=("min_position",)), location="query", unknown=RAISE)
@blp.response(200, MotionSchema)
def read(args, motion):
    """One motion, with its history and execution reports."""
    caught_up("motions", args.get("min_position"))
    doc = reader().motion(str(motion))
    if doc is None:
        raise NotFound(f"no motion {motion}")
    return doc, 200, {"ETag": etag(doc["version"])}


@command(blp, "", "registrar", body=SubmitMotionSchema, status=201)
def submit(body):
    """Register a motion submitted in a debate (a repeat is refused, not duplicated)."""
    body["ministry"] = body.get("ministry") or current_key().organisation
    result = _ledger().submit_motion(actor(), **body)
    return saved(result, 201, f"/motions/{result.id}")


@command(blp, "/<uuid:motion>/appraise", "registrar", body=AppraiseSchema, parameters=ID)
def appraise(body, motion):
    """Record the cabinet's appraisal (overgenomen, ontraden, oordeel Kamer, ...)."""
    return saved(_ledger().appraise_motion(motion, actor(), body["appraisal"],
                                           body["remarks"], expected_version=expected_version()))


@command(blp, "/<uuid:motion>/hold", "registrar", parameters=ID)
def hold(motion):
    """Hold the motion (aangehouden)."""
    return saved(_ledger().hold_motion(motion, actor(),
                                       expected_version=expected_version()))


@command(blp, "/<uuid:motion>/resubmit", "registrar", parameters=ID)
def resubmit(motion):
    """Bring a held motion back."""
    return saved(_ledger().resubmit_motion(motion, actor(),
                                           expected_version=expected_version()))


@command(blp, "/<uuid:motion>/take-over", "registrar", body=TakeOverSchema, parameters=ID)
def take_over(body, motion):
    """Record that the cabinet takes the motion over (overgenomen)."""
    return saved(_ledger().take_over_motion(motion, actor(), body["by"],
                                            expected_version=expected_version()))


@command(blp, "/<uuid:motion>/vote", "registrar", body=VoteSchema, parameters=ID)
def vote(body, motion):
    """Record parliament's vote: adopted or rejected."""
    return saved(_ledger().record_motion_vote(motion, actor(), body["adopted"],
                                              body["vote_date"],
                                              expected_version=expected_version()))


@command(blp, "/<uuid:motion>/withdraw", "registrar", parameters=ID)
def withdraw(motion):
    """Record that the submitters withdrew the motion."""
    return saved(_ledger().withdraw_motion(motion, actor(),
                                           expected_version=expected_version()))


@command(blp, "/<uuid:motion>/lapse", "registrar", parameters=ID)
def lapse(motion):
    """Let the motion lapse (vervallen)."""
    return saved(_ledger().lapse_motion(motion, actor(),
                                        expected_version=expected_version()))


@command(blp, "/<uuid:motion>/co-owners/add", "registrar", body=CoOwnerSchema, parameters=ID)
def add_co_owner(body, motion):
    """Share the motion with another ministry (a motion to "de regering" belongs to the
    ministry that registers it), which may then change it and report on it by letter."""
    return saved(_ledger().add_motion_co_owner(
        motion, actor(), body["organisation"], expected_version=expected_version()))
