"""The web application for people: server-rendered pages beside the JSON API, on the same
ledger, the same read door and the same access rules."""

from __future__ import annotations

from flask import Flask

from api.web import guard, signin
from api.web.pages import PAGES
from api.web.templating import init_templates

DEFAULTS = {
    "WEB_THEME": "voorbeeld",  # or "rijkshuisstijl", for the central government only
    "WEB_IDLE_SECONDS": 30 * 60, "WEB_SECURE_COOKIES": False, "WEB_DEMO": False,
    "OIDC_ISSUER": None, "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None, "OIDC_PROVIDER_NAME": "uw identiteitsprovider",
}


def init_app(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    guard.session_settings(app)
    init_templates(app)
    signin.init_app(app)
    for blueprint in (*PAGES, signin.bp):
        app.register_blueprint(blueprint)
