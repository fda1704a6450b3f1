"""Who is calling: the bearer key, its organisation and role, and what that role may do."""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time

from flask import Flask, g, request

from api.http.problems import Problem
from api.http.refusals import refuse
from api.http.services import services
from domain.actor import Actor

PUBLIC_BLUEPRINTS = frozenset({"public", "health", "api-docs", "docs", "transparency",
                               "legacy", "unsubscribe"})
OPERATOR_BLUEPRINTS = frozenset({"keys"})
PERSON_HEADER = "X-Person-Id"
_PERSON = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="notaledger"'}


class CachedKeys:
    """Key look-ups kept for a few seconds, so a request costs no store round trip."""

    def __init__(self, store, seconds: float) -> None:
        self.store, self.seconds = store, seconds
        self._cache: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def authenticate(self, token: str):
        now = time.monotonic()
        hit = self._cache.get(token)
        if hit and hit[0] > now:
            return hit[1]
        key = self.store.authenticate(token)
        if self.seconds > 0 and key is not None:
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[token] = (now + self.seconds, key)
        return key

    def forget(self) -> None:
        """Drop every cached key (after a revocation in this process)."""
        with self._lock:
            self._cache.clear()

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def authenticate() -> None:
    """Before each request: find the key, unless the route is public or unknown."""
    g.key = None
    if request.endpoint is None or request.blueprint in PUBLIC_BLUEPRINTS or is_page():
        return  # pages sign people in with a session of their own (api/web)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "this needs an API key: send 'Authorization: Bearer <key>'",
                      "unauthenticated", CHALLENGE)
    g.key = services().keys.authenticate(token.strip())
    if g.key is None:
        raise Problem(401, "the API key is unknown or revoked", "unauthenticated", CHALLENGE)
    if g.key.role == "operator" and request.blueprint not in OPERATOR_BLUEPRINTS:
        raise Problem(403, "an operator key manages keys and projections; it neither reads "
                           "nor writes notes, commitments or motions", "forbidden-role")


def is_page() -> bool:
    """Whether the request is for the web application's pages rather than the API."""
    return (request.blueprint or "").startswith("web")


def current_key():
    return g.key


def require(*roles: str):
    """Let only keys with one of these roles through; others get 403."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            role = g.key.role if g.key else None
            if role not in roles:
                raise Problem(403, f"a {role} key cannot do this; it needs the role "
                                   f"{' or '.join(roles)}", "forbidden-role")
            return view(*args, **kwargs)

        guarded._roles = roles
        return guarded

    return decorate


def actor() -> Actor:
    """The principal as events record it: the key, the person acting, if any, and when
    the command's change happened, if its body says (api/http/routes.py)."""
    key = g.key
    effective, reason = g.get("effective") or (None, None)
    return Actor(key.organisation, key.role, key_id=key.key_id, person_id=acting_person(key),
                 request=request_id(key.key_id), effective=effective, effective_reason=reason)


def acting_person(key) -> str | None:
    """The person the key acts as: the one it is bound to, or the one the client names,
    who must be registered, not erased, of the key's organisation and hold its role."""
    named = request.headers.get(PERSON_HEADER)
    if named is not None and not _PERSON.match(named):
        raise Problem(400, f"{PERSON_HEADER} must be a person id such as p-drafter-1",
                      "invalid-person", header=PERSON_HEADER)
    if key.person_id and named not in (None, key.person_id):
        refuse("foreign-person", f"person {named}")
        raise Problem(403, f"this key acts as {key.person_id} only; it cannot name {named}",
                      "forbidden-person", header=PERSON_HEADER)
    person_id = named or key.person_id
    if person_id is not None:
        _check_person(person_id, key)
    return person_id


def _check_person(person_id: str, key) -> None:
    person = services().persons.get(person_id)
    if person is None or person.erased:
        state = "was erased" if person else "is not registered"
        raise Problem(400, f"{PERSON_HEADER}: person {person_id} {state}", "unknown-person",
                      header=PERSON_HEADER)
    why = person.refusal(key.organisation, key.role)
    if why:
        refuse("foreign-person", f"person {person_id}")
        raise Problem(403, f"{PERSON_HEADER}: {why}", "forbidden-person",
                      header=PERSON_HEADER)


def request_id(key_id: str) -> str | None:
    """The request as the ledger recognises a retry of it (domain/base.py): the caller's
    key and its Idempotency-Key, hashed, so the client's own string never reaches an event."""
    idempotency_key = request.headers.get("Idempotency-Key")
    if idempotency_key is None or request.method != "POST":
        return None
    return hashlib.sha256(f"{key_id}\n{idempotency_key}".encode()).hexdigest()[:32]


def init_app(app: Flask) -> None:
    app.before_request(authenticate)
