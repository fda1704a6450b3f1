"""The two blueprints of the pages: those for signed-in people, and the public (Woo) ones."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from api.web import errors, guard

HERE = Path(__file__).resolve().parent.parent

pages = Blueprint("web", __name__, static_folder=str(HERE / "static"),
                  static_url_path="/assets", template_folder=str(HERE / "templates"))
pages.before_request(guard.before_page)

public_pages = Blueprint("web_public", __name__, url_prefix="/openbaar")
public_pages.before_request(guard.before_public_page)

for blueprint in (pages, public_pages):
    errors.register(blueprint)
    blueprint.after_request(guard.page_headers)
