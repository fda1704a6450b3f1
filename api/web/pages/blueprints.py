"""The two blueprints of the pages: those for signed-in people, and the public (Woo) ones."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, request

from api.http.reading import caught_up
from api.web import errors, guard

HERE = Path(__file__).resolve().parent.parent

pages = Blueprint("web", __name__, static_folder=str(HERE / "static"),
                  static_url_path="/assets", template_folder=str(HERE / "templates"))
pages.before_request(guard.before_page)

public_pages = Blueprint("web_public", __name__, url_prefix="/openbaar")
public_pages.before_request(guard.before_public_page)

@pages.before_request
def fresh_after_live_event() -> None:
    """A live refresh, or the page a form redirects to, names the event it follows
    (?na=position): its views first catch up, so a person sees what they just did."""
    after = request.args.get("na", "")
    if after.isdigit() and request.endpoint != "web.live":
        for table in ("notes", "inbox", "commitments", "motions"):
            caught_up(table, int(after))


for blueprint in (pages, public_pages):
    errors.register(blueprint)
    blueprint.after_request(guard.page_headers)
