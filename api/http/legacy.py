"""The unversioned paths of release 0.1: 308 to /v1 (method and body kept), for one release.

Each answer says when the old paths were deprecated (`Deprecation`, RFC 9745) and when they
stop answering (`Sunset`, RFC 8594), and links the successor. Their query keys and
properties are not translated: a client that follows the redirect must speak camelCase.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from flask import Blueprint, Flask, Response, current_app, request

from api.http.versions import API_PREFIX

# The first path segments of the 0.1 API (and its document and docs).
MOVED = ("notes", "commitments", "motions", "organisations", "dashboard", "public", "imports",
         "audit", "events", "keys", "openapi.json", "docs")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

blp = Blueprint("legacy", __name__)


def moved(rest: str = "") -> Response:
    """308 Permanent Redirect to the same path under /v1, with the deprecation headers."""
    target = API_PREFIX + request.full_path.rstrip("?")
    config = current_app.config
    return Response(status=308, headers={
        "Location": target,
        "Deprecation": f"@{_timestamp(config['LEGACY_DEPRECATED'])}",
        "Sunset": format_datetime(_day(config["LEGACY_SUNSET"]), usegmt=True),
        "Link": f'<{API_PREFIX}{request.path}>; rel="successor-version"'})


def _day(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


def _timestamp(iso: str) -> int:
    return int(_day(iso).timestamp())


def redirect_first() -> Response | None:
    """Before keys, bodies and idempotency are looked at: a moved path is only redirected."""
    return moved() if request.blueprint == "legacy" else None


for _first in MOVED:
    blp.add_url_rule(f"/{_first}", "moved", moved, methods=METHODS,
                     provide_automatic_options=False)
    blp.add_url_rule(f"/{_first}/<path:rest>", "moved", moved, methods=METHODS,
                     provide_automatic_options=False)


def init_app(app: Flask) -> None:
    app.register_blueprint(blp)
    app.before_request(redirect_first)
