"""What every template may use: the theme, the signed-in person, CSRF, Dutch words and dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request

from api.web import events, verdict, words
from api.web.guard import CSRF_FIELD, csrf_token
from api.web.identity import ROLE_NAMES
from api.web.pages.forms import form_token

ZONE = ZoneInfo("Europe/Amsterdam")
THEME_CLASS = {"voorbeeld": "voorbeeld-theme", "rijkshuisstijl": "rhc-theme"}


def moment(value: str | None) -> str:
    """An ISO time as people in The Hague read it."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is None:
        return parsed.strftime("%d-%m-%Y %H:%M")
    return parsed.astimezone(ZONE).strftime("%d-%m-%Y %H:%M:%S")


def day(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value[:10]).strftime("%d-%m-%Y")
    except ValueError:
        return value


def happened(value: str | None) -> str:
    """When something happened, as precisely as the ledger knows it: a moment, a day or a
    week (a letter sent "in the week of 29 June" is recorded as 2026-W27)."""
    if not value:
        return ""
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        year, number = int(week[1]), int(week[2])
        monday = date.fromisocalendar(year, number, 1)
        friday = date.fromisocalendar(year, number, 5)
        return f"week {number} van {year} ({monday:%d-%m} t/m {friday:%d-%m-%Y})"
    if len(value) == 10:
        return day(value)
    return moment(value)


def waited(value: str | None) -> str:
    """How long something has waited, in days."""
    if not value:
        return ""
    try:
        since = datetime.fromisoformat(value)
    except ValueError:
        return ""
    days = (datetime.now(since.tzinfo or ZONE) - since).days
    return "vandaag" if days < 1 else ("1 dag" if days == 1 else f"{days} dagen")


def latest(text):
    """A section's current text, whether kept as its revisions or as the last one."""
    return (text[-1] if text else "") if isinstance(text, list) else (text or "")


def kept(form: str, name: str, default=""):
    """What was typed in this field of a refused form (shown again), else the default."""
    if g.get("failed_form") == form and name in request.form:
        return request.form[name]
    return default


def nota_url(note_id: str) -> str:
    """A note's page, as url_for('web.note') builds it, without building a route per row of
    a long list (a note id is a UUID: nothing in it needs quoting)."""
    return f"{request.script_root}/nota/{note_id}"


def live_head() -> int:
    from api.web.pages.live import head

    return head()


def _context() -> dict:
    theme = current_app.config["WEB_THEME"]
    return {"theme": theme, "theme_class": THEME_CLASS.get(theme, "voorbeeld-theme"),
            "me": g.get("principal"), "demo": current_app.config["WEB_DEMO"]}


def init_templates(app: Flask) -> None:
    app.jinja_env.filters.update(moment=moment, happened=happened, day=day, waited=waited,
                                  nl=words.nl,
                                  latest=latest, described=events.described,
                                  break_nl=verdict.break_nl, warning_nl=verdict.warning_nl,
                                  signatures_nl=verdict.signatures_nl, nota_url=nota_url,
                                  role_nl=lambda r: ROLE_NAMES.get(r, r or ""))
    # globals reach imported macros too (a context processor's names do not)
    app.jinja_env.globals.update(csrf_field=CSRF_FIELD, csrf_token=csrf_token,
                                 form_token=form_token, live_head=live_head,
                                 kept=kept)
    app.context_processor(_context)
