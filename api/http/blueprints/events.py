"""/events: Server-Sent Events of what happens, resumable, filtered to what the key may see."""

from __future__ import annotations

from uuid import UUID

from flask import Response, current_app, request, stream_with_context
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from api.http.access import READ_ALL, parties
from api.http.auth import current_key
from api.http.problems import Problem
from api.http.reading import reader_of
from api.http.routes import query
from api.http.schemas.base import Schema
from api.http.services import services
from api.http.stream import Audience, follow, sse

blp = Blueprint("events", __name__, url_prefix="/events",
                description="A live feed of events as Server-Sent Events.")
RESUME = [{"in": "header", "name": "Last-Event-ID", "required": False,
           "schema": {"type": "string"},
           "description": "resume after this event id (browsers send it when reconnecting)"}]


class EventsQuerySchema(Schema):
    after = fields.Integer(validate=validate.Range(min=0, max=10**18), metadata={
        "description": "start after this log position (0: from the beginning)"})


SSE_EVENT = {"type": "object", "properties": {
    "id": {"type": "string", "description": "the event's log position"},
    "event": {"type": "string", "description": "the event's type, e.g. ConsultationAnswered"},
    "data": {"type": "string", "contentMediaType": "application/json",
             "description": "id, kind, type, aggregateId, version, at, organisation and a "
                            "description of what happened"}}}


def _after(feed, after: int | None) -> int:
    offered = request.headers.get("Last-Event-ID")
    if offered is None:
        return feed.head() if after is None else after
    if not offered.strip().isdigit() or len(offered.strip()) > 18:
        raise Problem(400, "Last-Event-ID must be an event id (a whole number)",
                      "invalid-input")
    return int(offered)


@query(blp, "", parameters=RESUME)
@blp.arguments(EventsQuerySchema, location="query", unknown=RAISE)
@blp.response(200, SSE_EVENT, content_type="text/event-stream",
              description="a stream of events (each id a log position), with keep-alives")
def events(args):
    """Follow events as they happen; reconnect with Last-Event-ID to miss none."""
    found = services()
    if found.feed is None:
        raise Problem(503, "the live feed is not available in this process",
                      "feed-unavailable", {"Retry-After": "5"})
    key, config = current_key(), current_app.config
    audience = Audience(key.organisation, key.role in READ_ALL, _parties_from(found))
    entries = follow(found.feed, _after(found.feed, args.get("after")),
                     config["SSE_KEEPALIVE_SECONDS"],
                     config["SSE_MAX_SECONDS"])
    return Response(stream_with_context(sse(entries, audience)), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _parties_from(found):
    door = reader_of(found)

    def parties_of(note_id: str) -> set[str] | None:
        note = door.note(note_id) if door is not None else None
        if note is None:
            try:
                note = found.ledger.note(UUID(note_id))
            except LookupError:
                return None
        return parties(note)

    return parties_of
