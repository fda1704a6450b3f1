"""How endpoints are declared: a command is a POST with roles, a body, and a saved version."""

from __future__ import annotations

import functools
from copy import deepcopy

from flask import g

from api.http.auth import require
from api.http.schemas.common import COMMAND, SAVED, CommandSchema
from api.http.versions import COMMAND_PARAMETERS, ETAG_HEADER

REF = {"in": "path", "name": "ref", "description": "the note's reference (e.g. "
       "2026-0000261701) or its id; a reference with a slash needs the id"}
ORG = {"in": "path", "name": "org", "description": "an organisation code, e.g. SZW, OCW, JenV"}


def command(blp, rule: str, *roles: str, body=None, status: int = 200,
            parameters: tuple = (), answer=SAVED, form: tuple = (), effective: bool = True):
    """A POST on a task-named sub-resource that answers with the new version as ETag; form
    holds (schema, location) pairs for a multipart body ('files', 'form') instead of JSON.

    A command of the ledger (``effective``) takes the CommandSchema's ``effective`` and
    ``effectiveReason`` in its body, optional where it has no other fields; the actor
    carries them to the events (api/http/auth.py)."""
    if effective and body is not None and not issubclass(_class(body), CommandSchema):
        raise TypeError(f"{rule}: a command's body schema extends CommandSchema")

    def decorate(view):
        if effective:
            view = _taking_effective(view, has_body=body is not None)
        wrapped = blp.response(status, answer, headers=ETAG_HEADER)(view)
        if body is not None:
            wrapped = blp.arguments(schema_instance(body))(wrapped)
        elif effective:
            wrapped = blp.arguments(COMMAND, required=False)(wrapped)
        for schema, location in reversed(form):
            wrapped = blp.arguments(schema_instance(schema), location=location)(wrapped)
        wrapped = blp.doc(parameters=COMMAND_PARAMETERS)(wrapped)
        wrapped = roles_documented(require(*roles)(wrapped), roles)
        return blp.route(rule, methods=["POST"], parameters=list(parameters))(wrapped)

    return decorate


def _class(schema) -> type:
    return schema if isinstance(schema, type) else type(schema)


def _taking_effective(view, has_body: bool):
    """The view, with the body's effective time (and its reason) set aside for the actor;
    a command without fields of its own is not handed the body at all."""

    @functools.wraps(view)
    def taking(body, *args, **kwargs):
        body = dict(body or {})
        g.effective = (body.pop("effective", None), body.pop("effective_reason", None))
        return view(body, *args, **kwargs) if has_body else view(*args, **kwargs)

    return taking


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
