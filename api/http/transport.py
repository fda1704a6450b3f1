"""What every answer carries on the wire: API-Version, the security headers, and CORS as set.

NL GOV API Design Rules /core/version-header and /core/transport/security-headers: the full
version on every response; no caching of API answers, no framing, no sniffing, no referrer;
HSTS when the request came over TLS. Pages of the web application set their own policy
first (api/web); this only fills in what they left out. /core/transport/cors: only the
origins in ``CORS_ORIGINS`` may call from a browser; by default none.
"""

from __future__ import annotations

from flask import Flask, Request, Response, current_app, request

from api.http.versions import API_PREFIX, API_VERSION

SECURITY = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer"}
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = "frame-ancestors 'none'"
HSTS = "max-age=31536000; includeSubDomains"
EXPOSED = "API-Version, ETag, Location, Idempotent-Replayed, X-Request-Id, Retry-After, " \
          "Deprecation, Sunset, Link"
ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, " \
                  "X-Person-Id, X-Request-Id, Last-Event-ID"


def stamp(response: Response) -> Response:
    asked, headers = request._get_current_object(), response.headers  # looked up once
    headers["API-Version"] = API_VERSION
    present = {name.lower() for name, _ in headers.items()}  # one pass, not one per header
    for name, value in SECURITY.items():
        if name.lower() not in present:
            headers.add(name, value)
    if "content-security-policy" not in present:  # the interactive docs need their scripts
        headers.add("Content-Security-Policy",
                    PAGE_POLICY if response.mimetype == "text/html" else API_POLICY)
    if _is_api(asked) and response.mimetype != "text/event-stream":
        headers["Cache-Control"] = "no-store"
    if asked.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    _cors(response, asked)
    return response


def _is_api(asked: Request) -> bool:
    return asked.path.startswith(API_PREFIX + "/") or asked.blueprint in ("health", "legacy")


def _allowed_origin(asked: Request) -> str | None:
    origin = asked.headers.get("Origin")
    return origin if origin and origin in current_app.config["CORS_ORIGINS"] else None


def _cors(response: Response, asked: Request) -> None:
    origin = _allowed_origin(asked)
    response.headers.add("Vary", "Origin")
    if origin is None:
        return
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED


def preflight() -> Response | None:
    """A browser's CORS preflight from an allowed origin, answered before keys are asked."""
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    if _allowed_origin(request) is None or not request.path.startswith(API_PREFIX + "/"):
        return None
    return Response(status=204, headers={
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": ALLOWED_HEADERS, "Access-Control-Max-Age": "600"})


def init_app(app: Flask) -> None:
    app.before_request(preflight)
    app.after_request(stamp)
