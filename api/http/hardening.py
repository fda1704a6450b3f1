"""One input policy at the edge: what a request body's JSON may hold before any schema sees it.

Every string is NFC-normalised; lone surrogates, C0 and C1 control characters and the
bidirectional overrides that make text read other than it is stored are refused, with
400 naming the field. Long text (``LONG_TEXT``) may keep tab and newline (a CR LF
becomes a newline). Nesting deeper than ``MAX_DEPTH`` is refused before it can exhaust
the stack. What passes this policy encodes in the chain's canonical form.
"""

from __future__ import annotations

import json
import re
import unicodedata

from flask import Flask, request

from api.http.problems import Problem

MAX_DEPTH = 64
MAX_INT = 2**53 - 1
LONG_TEXT = frozenset({"text", "remarks", "reason", "information"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_LONG = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Refused(ValueError):
    """A value the policy refuses, with the dotted path of the field that held it."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(f"{field}: {why}")
        self.field, self.why = field, why


def clean(value, field: str = "body", depth: int = 0):
    """The value with every string normalised, or Refused naming the first bad field."""
    if depth > MAX_DEPTH:
        raise Refused(field, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        return clean_text(value, field)
    if isinstance(value, dict):
        return {clean_text(k, field): clean(v, _join(field, k), depth + 1)
                for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v, f"{field}.{i}", depth + 1) for i, v in enumerate(value)]
    return value


def clean_text(value: str, field: str) -> str:
    """One string under the policy: no lone surrogates, no control characters, NFC."""
    if _SURROGATE.search(value):
        raise Refused(field, "holds a lone surrogate, which is not text")
    long = field.rsplit(".", 1)[-1] in LONG_TEXT
    if long:
        value = value.replace("\r\n", "\n")
    bad = (_CONTROL_LONG if long else _CONTROL).search(value)
    if bad:
        allowed = "; only tab and newline are allowed in long text" if long else ""
        raise Refused(field, f"holds the control character U+{ord(bad.group()):04X}{allowed}")
    return unicodedata.normalize("NFC", value)


def _join(field: str, key: str) -> str:
    return key if field == "body" else f"{field}.{key}"


def parse(raw: bytes):
    """The body's JSON, or Refused when it nests too deep even to parse or holds a number
    that JSON's interoperable subset (I-JSON, RFC 7493) lacks."""
    try:
        return json.loads(raw, parse_constant=_no_constant, parse_int=_safe_int)
    except RecursionError:
        raise Refused("body", f"nested deeper than {MAX_DEPTH} levels") from None


def _no_constant(name: str):
    raise Refused("body", f"{name} is not a JSON number")


def _safe_int(digits: str) -> int:
    number = int(digits)
    if abs(number) > MAX_INT:
        raise Refused("body", f"the number {digits[:20]} is beyond ±2^53")
    return number


def harden_body() -> None:
    """Before each JSON request: apply the policy, and let the schemas read the clean body."""
    if not request.is_json or not request.content_length:
        return
    try:
        cleaned, found = _cleaned(request.get_data(cache=True))
    except Refused as refused:
        raise Problem(400, f"the request is not valid: {refused}", "invalid-input",
                      errors=[{"location": "json", "field": refused.field,
                               "message": refused.why}]) from None
    if found is None:
        return  # not JSON at all: the schema layer answers that (malformed-json)
    if cleaned != found:
        request._cached_data = json.dumps(cleaned, ensure_ascii=False).encode()


def _cleaned(raw: bytes) -> tuple:
    try:
        found = parse(raw)
    except Refused:
        raise
    except ValueError:
        return None, None
    return clean(found), found


def init_app(app: Flask) -> None:
    app.before_request(harden_body)
