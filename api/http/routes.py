"""How endpoints are declared: a command is a POST with roles, a body, and a saved version."""

from __future__ import annotations

from copy import deepcopy

from api.http.auth import require
from api.http.schemas.common import SAVED
from api.http.versions import COMMAND_PARAMETERS, ETAG_HEADER

REF = {"in": "path", "name": "ref", "description": "the note's reference (e.g. "
       "2026-0000261701) or its id; a reference with a slash needs the id"}
ORG = {"in": "path", "name": "org", "description": "an organisation code, e.g. SZW, OCW, JenV"}


def command(blp, rule: str, *roles: str, body=None, status: int = 200,
            parameters: tuple = (), answer=SAVED, form: tuple = ()):
    """A POST on a task-named sub-resource that answers with the new version as ETag; form
    holds (schema, location) pairs for a multipart body ('files', 'form') instead of JSON."""

    def decorate(view):
        wrapped = blp.response(status, answer, headers=ETAG_HEADER)(view)
        if body is not None:
            wrapped = blp.arguments(schema_instance(body))(wrapped)
        for schema, location in reversed(form):
            wrapped = blp.arguments(schema_instance(schema), location=location)(wrapped)
        wrapped = blp.doc(parameters=COMMAND_PARAMETERS)(wrapped)
        wrapped = roles_documented(require(*roles)(wrapped), roles)
        return blp.route(rule, methods=["POST"], parameters=list(parameters))(wrapped)

    return decorate


def schema_instance(schema):
    """One schema object for every request: given a class, webargs would build (and
    deep-copy the fields of) a new one per request; a schema keeps no state per load."""
    return schema() if isinstance(schema, type) else schema


def query(blp, rule: str, *roles: str, parameters: tuple = ()):
    """A GET for keys with one of these roles (every role, when none are named)."""

    def decorate(view):
        wrapped = require(*roles)(view) if roles else view
        return blp.route(rule, methods=["GET"], parameters=list(parameters))(
            roles_documented(wrapped, roles))

    return decorate


def roles_documented(view, roles: tuple):
    """Name the roles in the OpenAPI operation, so the matrix is visible in /docs."""
    view._apidoc = deepcopy(getattr(view, "_apidoc", {}))
    manual = view._apidoc.setdefault("manual_doc", {})
    manual["x-roles"] = list(roles) or ["any key"]
    return view
