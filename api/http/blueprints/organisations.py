"""An organisation's inbox of consultations awaiting its answer, and the dashboard counts."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from api.http.access import READ_ALL
from api.http.auth import current_key
from api.http.problems import Problem
from api.http.reading import caught_up, page_body, paging, reader
from api.http.routes import ORG, query
from api.http.schemas.inbox import DashboardSchema, InboxPageSchema, InboxQuerySchema
from domain.organisations import normalise
from projections.queries import InboxQuery, NoteQuery, Paging

blp = Blueprint("organisations", __name__, url_prefix="",
                description="Inboxes per organisation and the dashboard counts.")


@query(blp, "/organisations/<org>/inbox", parameters=(ORG,))
@blp.arguments(InboxQuerySchema(), location="query", unknown=RAISE)
@blp.response(200, InboxPageSchema)
def inbox(args, org):
    """Consultations awaiting your organisation's answer, oldest first, overdue flagged."""
    organisation, key = normalise(org), current_key()
    if organisation != key.organisation and key.role not in READ_ALL:
        raise Problem(403, f"{key.organisation} can read its own inbox only, not that of "
                           f"{organisation}", "forbidden-organisation")
    caught_up("inbox", args.get("min_position"))
    page = reader().inbox(InboxQuery(organisation, args.get("overdue"), paging(args)))
    return page_body(page, organisation=organisation)


@query(blp, "/dashboard")
@blp.response(200, DashboardSchema)
def dashboard():
    """Notes by status (those you may see; an auditor all), open and overdue commitments
    per ministry and held motions (parliament's public record, the same for every key)."""
    counts, key = reader().dashboard(), current_key()
    if key.role not in READ_ALL:
        counts["notes_by_status"] = {status: _visible_count(status, key.organisation)
                                     for status in counts["notes_by_status"]}
    return counts


def _visible_count(status: str, organisation: str) -> int:
    query = NoteQuery(status=status, visible_to=organisation, paging=Paging(0, 1))
    return reader().notes(query).total
