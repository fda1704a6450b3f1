"""Consultations (afstemming): the owner asks, each organisation answers for itself."""

from __future__ import annotations

from flask_smorest import Blueprint

from api.http.access import note_id
from api.http.auth import actor
from api.http.routes import ORG, REF, command
from api.http.schemas.consultations import AnswerSchema, RequestConsultationSchema
from api.http.services import services
from api.http.versions import expected_version, saved

blp = Blueprint("consultations", __name__, url_prefix="/notes",
                description="Consulting other ministries and parties on a note.")
PARAMETERS = (REF, ORG)


def _ledger():
    return services().ledger


@command(blp, "/<ref>/consultations/<org>/request", "drafter", body=RequestConsultationSchema,
         parameters=PARAMETERS)
def request_consultation(body, ref, org):
    """Ask an organisation to agree, as co-responsible or consulted, by a reply-by date."""
    return saved(_ledger().request_consultation(note_id(ref), actor(), org, body["role"],
                                                body["reply_by"] or body["due"],
                                                expected_version=expected_version()))


@command(blp, "/<ref>/consultations/<org>/answer", "consultee", body=AnswerSchema,
         parameters=PARAMETERS)
def answer(body, ref, org):
    """Answer the consultation of your own organisation."""
    return saved(_ledger().answer_consultation(note_id(ref), actor(), org,
                                               body["outcome"], body["remarks"],
                                               expected_version=expected_version()))


@command(blp, "/<ref>/consultations/<org>/withdraw", "drafter", parameters=PARAMETERS)
def withdraw(ref, org):
    """Withdraw a consultation request."""
    return saved(_ledger().withdraw_consultation(note_id(ref), actor(), org,
                                                 expected_version=expected_version()))
