"""The Flask app factory: blueprints, OpenAPI 3.1, problems, keys, idempotency, logs, metrics."""

from __future__ import annotations

import gc
import logging
import os
from http import HTTPStatus

from flask import Flask, Request, current_app, json, request
from flask.sessions import SecureCookieSessionInterface
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.datastructures import ImmutableMultiDict

from api.bootstrap import OUTAGES
from api.http import (
    auth,
    hardening,
    idempotency,
    legacy,
    logs,
    metrics,
    openapi,
    problems,
    transport,
)
from api.http.blueprints import (
    audit,
    commitments,
    consultations,
    decisions,
    deliveries,
    docs,
    drafting,
    events,
    health,
    imports,
    keys,
    letter,
    motions,
    notes,
    organisations,
    public,
    route,
    subscriptions,
    transparency,
    unsubscribe,
)
from api.http.problems import MEDIA_TYPE, Problem
from api.http.schemas.common import ProblemSchema
from api.http.schemas.note_views import TrailEntrySchema, TrailSchema
from api.http.versions import API_PREFIX, API_VERSION
from api.web import init_app as init_pages

BLUEPRINTS = (notes, drafting, route, consultations, decisions, letter, commitments, motions,
              organisations, public, imports, audit, transparency, events, keys, subscriptions,
              deliveries, unsubscribe, health)
AT_THE_ROOT = (health,)  # probes and Prometheus; everything else is under /v1
CDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
DESCRIPTION = (
    "The nota ledger: Dutch ministerial decision memos, their consultations, decisions, "
    "letters to parliament, commitments and motions, as hash-chained events.\n\n"
    "Send `Authorization: Bearer <key>`; each key acts for one organisation in one role "
    "(the `x-roles` of each operation). Commands are POSTs that answer with the new version "
    "(also as `ETag`); send it back as `If-Match` to refuse a stale change (412), and an "
    "`Idempotency-Key` to make retries safe. Every error is `application/problem+json`.")
DEFAULTS = {
    "API_TITLE": "notaledger", "API_VERSION": API_VERSION, "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": API_PREFIX, "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "API_SPEC_OPTIONS": {
        "info": {"description": DESCRIPTION},
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer", "description": "an API key: nl_<id>_<secret>"}}},
    },
    "KEY_CACHE_SECONDS": 5.0, "IDEMPOTENCY_TTL": 24 * 3600, "SSE_KEEPALIVE_SECONDS": 15.0,
    # How long a reference the views resolved to the caller's own note is kept (access.py).
    "REFERENCE_CACHE_SECONDS": 5.0,
    "SSE_MAX_SECONDS": 300.0, "MAX_PROJECTION_LAG": 10_000, "LOG_LEVEL": "INFO",
    "RUN_PROJECTIONS": False, "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # Move the objects made at start-up out of the collector's sight (gc.freeze): None is
    # "when granian or gunicorn serves the app" (see freeze_start_up).
    "FREEZE_HEAP": None,
    "ENVIRON": None, "SERVICES": None,
    # The unversioned paths of 0.1 redirect to /v1 until the sunset (legacy.py).
    "LEGACY_DEPRECATED": "2026-12-04", "LEGACY_SUNSET": "2027-06-01",
    # Who answers for this installation's API (info.contact); set it to your own.
    "API_CONTACT": {"name": "the operators of this notaledger installation",
                    "email": "api@notaledger.example", "url": "https://notaledger.example/api"},
    # Origins whose pages may call the API from a browser (CORS); none unless listed.
    "CORS_ORIGINS": [],
}


class CookieSessions(SecureCookieSessionInterface):
    """The pages' signed cookie sessions, as Flask keeps them; a request without the cookie
    (every API call) gets its empty session without building a signer first."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


class QuickMisses(ImmutableMultiDict):
    """werkzeug's ImmutableMultiDict, answering ``get`` of an absent key at once: werkzeug
    finds it absent by raising an HTTP exception (BadRequestKeyError) and catching it, and
    webargs asks for every field of a query schema (most absent) and the sessions for their
    cookie on every request."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's own signature
        if key not in self:
            return default
        return super().get(key, default, type)


class ApiRequest(Request):
    """Flask's request, its query, form and cookies held as QuickMisses."""

    parameter_storage_class = QuickMisses
    dict_storage_class = QuickMisses


SYNCED = 4096  # functions remembered by App.ensure_sync


class App(Flask):
    """Flask, asking once per function whether it is a coroutine: Flask asks again for every
    hook on every request (about fifteen inspections of code flags per request)."""

    session_interface = CookieSessions()
    request_class = ApiRequest

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._synced: dict = {}

    def ensure_sync(self, func):
        try:
            return self._synced[func]
        except KeyError:
            synced = super().ensure_sync(func)
            if len(self._synced) < SYNCED:  # hooks and views; not per-request closures
                self._synced[func] = synced
            return synced
        except TypeError:  # an unhashable callable: asked every time, as Flask does
            return super().ensure_sync(func)


class ProblemApi(Api):
    """flask-smorest, with every error documented and answered as problem+json."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "a problem (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def _register_pagination_header(self):
        """Pages are plain bodies here (offset, limit, total), not flask-smorest's header."""

    def handle_http_exception(self, error):
        return problems.from_http(error)

    def _openapi_json(self):
        """The document as served: /v1 as its server (openapi.py)."""
        return current_app.response_class(
            json.dumps(openapi.served(self.spec.to_dict(), current_app.config["API_CONTACT"]),
                       indent=2, sort_keys=False),
            mimetype="application/json")


def create_app(test_config: dict | None = None) -> Flask:
    """The HTTP service; settings from the environment unless ``test_config`` says otherwise."""
    app = App(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("NOTALEDGER")  # e.g. NOTALEDGER_SSE_MAX_SECONDS=600
    app.config.update(test_config or {})
    assets = docs.assets_folder()
    app.config.setdefault("OPENAPI_SWAGGER_UI_URL",
                          f"{API_PREFIX}/docs/assets/" if assets else CDN)
    if assets:
        app.register_blueprint(docs.blueprint(assets))
    logs.init_app(app)
    metrics.init_app(app)
    legacy.init_app(app)
    transport.init_app(app)
    auth.init_app(app)
    app.before_request(_json_bodies_only)
    hardening.init_app(app)
    idempotency.init_app(app)
    api = ProblemApi(app)
    _keep_contract_names(api)
    for module in BLUEPRINTS:
        prefix = "" if module in AT_THE_ROOT else API_PREFIX
        api.register_blueprint(module.blp, url_prefix=prefix + module.blp.url_prefix)
    problems.init_app(app, OUTAGES)
    init_pages(app)
    found = app.extensions["notaledger"] = app.config["SERVICES"] or _build(app)
    app.extensions["notaledger_metrics"].deliveries.stats = lambda: (
        found.outbox.stats() if found.has("outbox") else None)
    freeze_start_up(app)
    return app


def freeze_start_up(app: Flask) -> bool:
    """In a serving process, leave what start-up made (modules, the app, its services:
    some 120,000 objects) out of every later collection: a full collection otherwise walks
    them all, a pause of 30-60 ms that lands on whichever requests are running. They live
    as long as the process anyway. Not in tests, which make many apps in one process."""
    freeze = app.config["FREEZE_HEAP"]
    if freeze is None:
        from api.web.secret import served_workers

        freeze = bool(served_workers()[0])
    if freeze:
        gc.collect()  # what start-up left as garbage is freed, not kept for ever
        gc.freeze()
    return bool(freeze)


def _keep_contract_names(api: Api) -> None:
    """The trail keeps its published schema names, as its endpoint (/notes/{ref}/audit) does."""
    api.spec.components.schema("AuditEntry", schema=TrailEntrySchema)  # first: nested
    api.spec.components.schema("AuditTrail", schema=TrailSchema)


def _build(app: Flask):
    from api.bootstrap import bootstrap

    environ = app.config["ENVIRON"] or os.environ
    found = bootstrap({**environ,
                       "NOTALEDGER_KEY_CACHE_SECONDS": str(app.config["KEY_CACHE_SECONDS"]),
                       "NOTALEDGER_IDEMPOTENCY_TTL": str(app.config["IDEMPOTENCY_TTL"])}).built()
    if app.config["RUN_PROJECTIONS"] and found.views is not None:
        _run_projections(found)
    return found


def _run_projections(found) -> None:
    """The embedded default: the projection runner as a thread of the API process."""
    from api.bootstrap import build_scheduler
    from projections.rebuild import rebuild_outdated
    from projections.runner import Runner

    rebuilt = rebuild_outdated(found.ledger, found.views)  # before the first request is served
    if rebuilt:
        logging.getLogger("notaledger.projections").warning(
            "rebuilt the views of %s: an earlier version built them in another shape",
            ", ".join(rebuilt))
    runner = Runner(found.ledger, found.views, feed=found.stream,
                    scheduler=build_scheduler(found.ledger, found.views,
                                              environ=found.settings)).start()
    found.closers.append(lambda: (runner.stop(), runner.join(timeout=10)))
    _run_deliveries(found)


def _run_deliveries(found) -> None:
    """The embedded default: the outbox projection and the sender, in the API process too."""
    from projections.outbox_runner import OutboxRunner

    outbox = OutboxRunner(found.ledger, found.outbox).start()
    sender = found.sender().start()
    found.closers.append(lambda: (outbox.stop(), sender.stop(), outbox.join(timeout=10),
                                  sender.join(timeout=10)))


UPLOADS = {"imports.import_document"}  # endpoints that take a multipart/form-data upload
TEXT_BODIES = {"transparency.cosignatures"}  # a signed note, as transparency tooling posts it
NOT_JSON = frozenset(UPLOADS | TEXT_BODIES)


def _json_bodies_only() -> None:
    """A POST body must be JSON; anything else is 415, not a confusing validation error."""
    if request.method == "POST" and request.content_length and not request.is_json \
            and not auth.is_page() and request.endpoint not in NOT_JSON:
        raise Problem(415, "send the request body as application/json",
                      "unsupported-media-type")
