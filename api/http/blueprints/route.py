"""The paraph route: officials up the line initial the note, or refuse and return it."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.access import note_id
from api.http.auth import actor
from api.http.routes import REF, command
from api.http.schemas.notes import ParaphRouteSchema, ReasonSchema
from api.http.services import services
from api.http.versions import expected_version, saved

blp = Blueprint("paraph-route", __name__, url_prefix="/notes",
                description="The paraph route (parafenroute): initials up the line.")
STEP = {"in": "path", "name": "step", "description": "the step's index, from 0"}


def _ledger():
    return services().ledger


@command(blp, "/<ref>/paraph-route/set", "drafter", body=ParaphRouteSchema, parameters=(REF,))
def set_route(body, ref):
    """Set the ordered steps (role and unit) that must initial the note."""
    return saved(_ledger().set_paraph_route(note_id(ref), actor(), body["steps"],
                                            expected_version=expected_version()))


@command(blp, "/<ref>/paraph-route/start", "drafter", parameters=(REF,))
def start_review(ref):
    """Send the note up its paraph route."""
    return saved(_ledger().start_review(note_id(ref), actor(),
                                        expected_version=expected_version()))


@command(blp, "/<ref>/paraph-route/<int:step>/initial", "drafter", parameters=(REF, STEP))
def initial(ref, step):
    """Initial (paraaf) the step that is next in line."""
    return saved(_ledger().initial(note_id(ref), actor(), step,
                                   expected_version=expected_version()))


@command(blp, "/<ref>/paraph-route/<int:step>/refuse", "drafter", body=ReasonSchema,
         parameters=(REF, STEP))
def refuse(body, ref, step):
    """Refuse the initial: the note goes back to draft with the reason."""
    return saved(_ledger().refuse_initial(note_id(ref), actor(), step, body["reason"],
                                          expected_version=expected_version()))
