"""Signing in with OpenID Connect (the ministry's own identity provider) or, in the demo
only, by picking a demo person; either way the person must be one of the registry."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from api.web import errors, guard, identity

bp = Blueprint("web_signin", __name__)
bp.before_request(guard.before_page)
bp.after_request(guard.page_headers)
errors.register(bp)
CLIENT = "idp"


def init_app(app) -> None:
    oauth = OAuth(app)
    issuer = app.config.get("OIDC_ISSUER")
    if issuer:
        oauth.register(CLIENT, client_id=app.config["OIDC_CLIENT_ID"],
                       client_secret=app.config["OIDC_CLIENT_SECRET"],
                       server_metadata_url=issuer.rstrip("/")
                       + "/.well-known/openid-configuration",
                       client_kwargs={"scope": "openid profile email"})


def _client():
    oauth = current_app.extensions["authlib.integrations.flask_client"]
    return oauth.create_client(CLIENT)


@bp.get("/aanmelden")
def sign_in():
    """The sign-in page: the identity provider, and in the demo the demo persons."""
    session["next"] = guard.safe_next(request.args.get("next"))
    people = demo_people() if current_app.config["WEB_DEMO"] else []
    return render_template("signin.html", provider=_client() is not None, people=people,
                           provider_name=current_app.config["OIDC_PROVIDER_NAME"])


@bp.get("/aanmelden/oidc")
def oidc():
    client = _client()
    if client is None:
        abort(404)
    return client.authorize_redirect(url_for("web_signin.callback", _external=True))


@bp.get("/aanmelden/terug")
def callback():
    """Back from the provider: its subject must be linked to a person of the registry."""
    client = _client()
    if client is None:
        abort(404)
    token = client.authorize_access_token()
    subject = (token.get("userinfo") or {}).get("sub")
    return _enter(identity.person_for_subject(subject) if subject else None)


@bp.post("/aanmelden/demo")
def demo():
    if not current_app.config["WEB_DEMO"]:
        abort(404)
    return _enter(request.form.get("person"))


def _enter(person_id: str | None):
    following = session.get("next")
    if not person_id or identity.principal(person_id) is None:
        return render_template("error.html", status=403, title="Geen toegang",
                               detail="Uw account is niet gekoppeld aan een persoon met een "
                                      "organisatie en rol in het register."), 403
    identity.sign_in(person_id)
    return redirect(guard.safe_next(following))


@bp.post("/afmelden")
def sign_out():
    identity.sign_out()
    return redirect(url_for("web_signin.signed_out"))


@bp.get("/afgemeld")
def signed_out():
    return render_template("signed_out.html")


def demo_people() -> list[dict]:
    """The demo persons who can sign in, with their organisation and roles."""
    from api.web.demo import PEOPLE

    found = []
    for person_id in PEOPLE:
        me = identity.principal(person_id)
        if me is not None:
            found.append({"id": person_id, "name": me.name, "organisation": me.organisation,
                          "roles": [identity.ROLE_NAMES.get(r, r) for r in me.roles]})
    return found
