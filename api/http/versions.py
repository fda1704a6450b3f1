"""Versions on the wire: the ETag is the aggregate's version, If-Match the expected one."""

from __future__ import annotations

import re

from flask import Response, request

from api.http.problems import Problem
from domain.ledger import Saved

API_PREFIX = "/v1"  # the major version in the URI (NL GOV /core/uri-version)
API_VERSION = "1.0.0"  # the full version: info.version and the API-Version header
_TAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')

IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
            "description": 'the version you last saw, as its ETag (e.g. "7"); if the aggregate '
                           "has moved on, nothing is changed and the answer is 412"}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "pattern": "^[!-~]{1,255}$"},
                   "description": "any unique string per intended change; a retry with the same "
                                  "key gets the first answer back, marked Idempotent-Replayed"}
PERSON = {"name": "X-Person-Id", "in": "header", "required": False,
          "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$"},
          "description": "the person acting (a person id, never a name); recorded in the event"}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False,
                 "schema": {"type": "string"},
                 "description": 'the ETag of the version you hold (e.g. "7", W/"7" or a list); '
                                "if the answer would still carry it, it is 304 Not Modified "
                                "without a body"}
COMMAND_PARAMETERS = [IF_MATCH, IDEMPOTENCY_KEY, PERSON]
ETAG_HEADER = {"ETag": {"description": "the new version", "schema": {"type": "string"}},
               "Idempotent-Replayed": {"description": "true when this is a stored answer",
                                       "schema": {"type": "string"}}}


def expected_version() -> int | None:
    """The version named by If-Match; None when absent or '*'."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _TAG.match(header)
    if match is None:
        raise Problem(412, 'If-Match must name one version as an ETag, e.g. "7"',
                      "stale-version")
    return int(match.group(1))


def etag(version: int) -> str:
    return f'"{version}"'


def unchanged(version: int) -> bool:
    """Whether If-None-Match names this version (weak comparison, RFC 9110 13.1.2).

    A version names one state of an aggregate, so W/"7" and "7" both match it, and '*'
    matches whatever state there is.
    """
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    held = etag(version)
    return any(tag.strip().removeprefix("W/") == held for tag in header.split(","))


def not_modified(version: int) -> Response:
    """304: the client's copy is current; the ETag again, no body."""
    return Response(status=304, headers={"ETag": etag(version)})


def saved(result: Saved, status: int = 200, location: str | None = None):
    """A command's answer: the new version in the body and as the ETag."""
    headers = {"ETag": etag(result.version)}
    if location:
        headers["Location"] = API_PREFIX + location
    return result, status, headers
