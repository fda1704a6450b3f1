"""What every page gets: a signed-in person or the way to sign in, CSRF on every form,
and headers that keep the pages out of frames and inline script out of them."""

from __future__ import annotations

import hmac
import secrets

from flask import abort, g, redirect, request, session, url_for

from api.web import identity
from api.web.secret import served_workers, session_secret

CSRF_FIELD = "csrf_token"
OPEN_ENDPOINTS = frozenset({"web.static", "web_signin.sign_in", "web_signin.oidc",
                            "web_signin.callback", "web_signin.demo", "web_signin.signed_out"})


def csrf_token() -> str:
    """This session's token, put in every form (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get(CSRF_FIELD, "")
    held = session.get("csrf", "")
    if not held or not hmac.compare_digest(sent.encode(), held.encode()):
        abort(400, "Het formulier is verlopen of niet van deze site; laad de pagina opnieuw.")


def before_page():
    """Sign-in first (except on the sign-in pages themselves), then CSRF on every POST."""
    identity.load_signed_in()
    if request.method == "POST":
        check_csrf()
    if g.principal is None and request.endpoint not in OPEN_ENDPOINTS:
        return redirect(url_for("web_signin.sign_in", next=request.full_path.rstrip("?")))
    return None


def before_public_page():
    identity.load_signed_in()
    if request.method == "POST":
        check_csrf()


def content_security_policy() -> str:
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


def page_headers(response):
    response.headers["Content-Security-Policy"] = content_security_policy()
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


def session_settings(app) -> None:
    """Signed cookie sessions: HttpOnly, SameSite=Lax, Secure in production, idle timeout."""
    config = app.config
    server, workers = served_workers()
    config["SECRET_KEY"] = session_secret(config, workers, server)
    config.setdefault("WEB_IDLE_SECONDS", 30 * 60)
    config["SESSION_COOKIE_NAME"] = "notaledger_session"
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = bool(config.get("WEB_SECURE_COOKIES"))
    config["PERMANENT_SESSION_LIFETIME"] = int(config["WEB_IDLE_SECONDS"])
    # the cookie is re-signed when the session changes (its 'seen' at most once a minute),
    # not on every page
    config["SESSION_REFRESH_EACH_REQUEST"] = False


def safe_next(target: str | None) -> str:
    """Only a path on this site, so a sign-in link cannot send a person elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("web.inbox")
    return target

