"""Structured JSON logs: one line per request with its id, organisation and key id."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

import orjson
from flask import Flask, Request, Response, g, has_request_context, request

REQUEST_ID = "X-Request-Id"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger("notaledger.http")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object, with the request's context when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        context = getattr(record, "context", None)
        line = {"ts": moment.isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name,
                "msg": record.getMessage(), **(_context() if context is None else context),
                **getattr(record, "fields", {})}
        if getattr(record, "event", None):
            line["event"] = record.event
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def _context() -> dict:
    if not has_request_context():
        return {}
    return _request_context(getattr(g, "request_id", None), getattr(g, "key", None))


def _request_context(request_id: str | None, key) -> dict:
    return {"request_id": request_id, "organisation": key.organisation if key else None,
            "key_id": key.key_id if key else None}


class LineHandler(logging.StreamHandler):
    """A StreamHandler that formats a record before it takes the handler's lock, and holds
    the lock only to write the line: the request threads of a worker log every request,
    and a thread that formats under the lock keeps the others waiting on it meanwhile."""

    def handle(self, record: logging.LogRecord):
        passed = self.filter(record)
        if isinstance(passed, logging.LogRecord):  # Python 3.12: a filter may replace it
            record = passed
        if passed:
            try:
                line = self.format(record) + self.terminator
            except Exception:  # noqa: BLE001 - as Handler.emit: reported, never raised
                self.handleError(record)
                return passed
            with self.lock:
                try:
                    self.stream.write(line)
                    self.stream.flush()
                except RecursionError:
                    raise
                except Exception:  # noqa: BLE001 - as StreamHandler.emit
                    self.handleError(record)
        return passed


def configure(level: str = "INFO") -> None:
    """Send our loggers to stderr as JSON lines, once."""
    root = logging.getLogger("notaledger")
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = LineHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.propagate = False
    root.setLevel(level)


def start() -> None:
    """Give the request an id (the client's, if it sent a sane one) and start the clock."""
    offered = request.headers.get(REQUEST_ID, "")
    g.request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
    g.started = time.perf_counter()


def finish(response: Response) -> Response:
    """Echo the request id and log the request (never the key itself)."""
    found = vars(g)  # the request's globals, read once instead of through g each time
    request_id = found.get("request_id")
    response.headers[REQUEST_ID] = request_id or ""
    if not log.isEnabledFor(logging.INFO):
        return response
    started = found.get("started")
    elapsed = 0.0 if started is None else (time.perf_counter() - started) * 1000
    asked = request._get_current_object()
    method, path, status = asked.method, _logged_path(asked), response.status_code
    # The record made directly (Logger.info would first walk the stack for its caller,
    # which the line does not show), with the request's context already taken from g.
    log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, "%s %s %s",
                              (method, path, status), None, "finish", extra={
        "event": "request", "context": _request_context(request_id, found.get("key")),
        "fields": {"method": method, "path": path, "status": status,
                   "duration_ms": round(elapsed, 2),
                   "replayed": found.get("replayed", False)}}))
    return response


# the path segments a mail link's token follows: the one-click POST and the page a person
# opens (/v1/unsubscribe/<token>, /openbaar/afmelden/<token>)
TOKEN_AFTER = frozenset({"unsubscribe", "afmelden"})


def _logged_path(asked: Request) -> str:
    """The path, except a mail link's token: a mail link must carry it, a log not. Also
    when the path matched no route, or not with this method (a mail client's or a link
    scanner's GET of the one-click address is 405)."""
    path = asked.path
    token = (asked.view_args or {}).get("token")
    if token:
        return path.replace(token, "<token>")
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):
        if part in TOKEN_AFTER:
            parts[i + 1] = "<token>"
    return "/".join(parts)


def init_app(app: Flask) -> None:
    configure(app.config.get("LOG_LEVEL", "INFO"))
    app.before_request(start)
    app.after_request(finish)
