"""Afmelden: the page an e-mail's unsubscribe link opens; no sign-in, the link is the key."""

from __future__ import annotations

from flask import abort, render_template

from api.http.services import services
from api.web.pages.blueprints import public_pages
from domain.errors import InvalidInput


def _subscription(token: str):
    try:
        subscription_id = services().delivery.tokens.read(token)
    except InvalidInput:
        abort(404, "Deze afmeldlink is niet (meer) geldig.")
    found = services().outbox.subscription(subscription_id)
    if found is None:
        abort(404, "Deze afmeldlink is niet (meer) geldig.")
    return found


@public_pages.get("/afmelden/<token>")
def unsubscribe(token):
    return render_template("unsubscribe.html", subscription=_subscription(token), token=token,
                           done=False)


@public_pages.post("/afmelden/<token>")
def unsubscribe_confirmed(token):
    found = _subscription(token)
    if found.deleted_at is None:
        found = services().outbox.delete_subscription(found.subscription_id)
    return render_template("unsubscribe.html", subscription=found, token=token, done=True)
