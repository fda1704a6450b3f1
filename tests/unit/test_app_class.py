"""The app class: hooks inspected once, sessions as Flask keeps them, opened cheaply."""

from __future__ import annotations

from flask import session
from flask.sessions import NullSession

from api.http.app import SYNCED, App


def test_a_function_is_inspected_once_and_the_memory_is_bounded(monkeypatch):
    app = App(__name__)
    asked = []
    monkeypatch.setattr("flask.Flask.ensure_sync", lambda self, func: asked.append(func) or func)

    def hook():
        return None

    assert app.ensure_sync(hook) is hook and app.ensure_sync(hook) is hook
    assert asked == [hook]
    for n in range(SYNCED + 10):
        app.ensure_sync(lambda n=n: n)
    assert len(app._synced) == SYNCED


def test_sessions_without_a_cookie_are_empty_and_with_one_are_read():
    app = App(__name__)
    app.secret_key = "k" * 32

    @app.route("/set")
    def put():
        session["csrf"] = "token-1"
        return "set"

    @app.route("/get")
    def get():
        return {"csrf": session.get("csrf"), "new": not session}

    client = app.test_client()
    assert client.get("/get").get_json() == {"csrf": None, "new": True}
    assert "Set-Cookie" in client.get("/set").headers
    assert client.get("/get").get_json() == {"csrf": "token-1", "new": False}
    client.set_cookie("session", "forged.value.here")
    assert client.get("/get").get_json() == {"csrf": None, "new": True}


def test_without_a_secret_key_the_session_stays_unusable():
    app = App(__name__)
    with app.test_request_context():
        assert isinstance(session._get_current_object(), NullSession)
