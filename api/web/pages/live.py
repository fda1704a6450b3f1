"""/live: the event feed for pages, authenticated by the session cookie (never a token in a
URL), filtered to what the signed-in person may see, as the API's /events is."""

from __future__ import annotations

from uuid import UUID

from flask import Response, abort, current_app, g, request, stream_with_context

from api.http.access import READ_ALL, parties
from api.http.services import services
from api.http.stream import Audience, follow, sse
from api.web.pages.blueprints import pages


def head() -> int:
    """Where a page's live stream starts: the feed's head as the page is made, so nothing
    recorded between making the page and opening its stream is missed."""
    feed = services().feed
    return (feed.head() or 0) if feed is not None else 0


@pages.get("/live")
def live():
    found, me = services(), g.principal
    if found.feed is None:
        abort(503)
    config = current_app.config
    audience = Audience(me.organisation, me.role in READ_ALL, _parties_in_the_log(found))
    after = request.args.get("na", "")
    start = int(after) if after.isdigit() and len(after) < 19 else found.feed.head()
    entries = follow(found.feed, start, config["SSE_KEEPALIVE_SECONDS"],
                     config["SSE_MAX_SECONDS"])
    return Response(stream_with_context(sse(entries, audience)), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _parties_in_the_log(found):
    """Who a note concerns, from the event store: the feed may run ahead of the views, and a
    consultation just requested must already admit the organisation it asks."""
    def parties_of(note_id: str) -> set[str] | None:
        try:
            return parties(found.ledger.note(UUID(note_id)))
        except LookupError:
            return None

    return parties_of
