"""Answers encoded once: a view's row, dumped by its schema and encoded as JSON, kept by the
row's own bytes, so reading an unchanged row again costs no marshmallow and no encoding.

The key is the whole row (orjson, keys sorted), not its version: whatever a row holds that
the answer shows (names resolved, dates), a different row is a different key, so a kept
body is exactly what the schema and Flask's JSON provider would make of the row now. The
body is made by the same provider flask-smorest answers through (``jsonify``), so the
bytes on the wire are the same with or without the keeping.
"""

from __future__ import annotations

import threading

import orjson
from flask import Response, current_app

KEPT = 4096  # bodies per process and schema; about the notes a worker serves hot
# Only plain JSON values make a key: a moment, a dataclass, an enum or a subclass of str
# or int is encoded by orjson otherwise than the schema shows it, so two rows could share a
# key and not an answer; such a row (refused here, or not equal to its own key read back)
# is answered afresh, not kept.
STRICT = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME \
    | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


class EncodedBodies:
    """JSON answers of one schema, each kept by the row it was made of."""

    def __init__(self, schema, kept: int = KEPT) -> None:
        self.schema, self.kept = schema, kept
        self._bodies: dict[bytes, bytes] = {}
        self._lock = threading.Lock()

    def response(self, row: dict, status: int = 200, headers: dict | None = None) -> Response:
        """The row as its schema answers it, as a response flask-smorest passes through."""
        body = self.body(row)
        response = current_app.response_class(body, status=status,
                                               mimetype=current_app.json.mimetype)
        for name, value in (headers or {}).items():
            response.headers[name] = value
        return response

    def body(self, row: dict) -> bytes:
        try:
            key = orjson.dumps(row, default=_plain_only, option=STRICT)
        except TypeError:  # not plain JSON values: made afresh, not kept
            return self._encode(row)
        if orjson.loads(key) != row:  # e.g. an enum, written as its value, or a tuple
            return self._encode(row)
        body = self._bodies.get(key)
        if body is None:
            body = self._encode(row)
            with self._lock:
                if len(self._bodies) >= self.kept:
                    self._bodies.clear()
                self._bodies[key] = body
        return body

    def _encode(self, row: dict) -> bytes:
        return current_app.json.response(self.schema.dump(row)).get_data()


def _plain_only(value):
    raise TypeError(f"{type(value).__name__} is not a plain JSON value")
