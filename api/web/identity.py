"""Who is signed in: a person of the registry, with the organisation and roles it holds there.

The signed-in person is handed to the same access rules as an API key (``g.key``), so a
page may see and do exactly what that person may through the API.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace

from flask import current_app, g, session

from api.http.services import services
from api.web.refusals import NietToegestaan
from domain.actor import Actor
from domain.names import Names
from domain.persons import Person

SEEN_EVERY = 60  # seconds: how finely the idle timeout is kept
READING_ORDER = ("auditor", "drafter", "decider", "registrar", "consultee", "admin")
ROLE_NAMES = {"drafter": "opsteller", "consultee": "afstemmer", "decider": "beslisser",
              "registrar": "griffier", "auditor": "auditor", "admin": "beheerder",
              "operator": "beheerder van de installatie", "importer": "inlezer van documenten",
              "system": "het register zelf"}


@dataclass(frozen=True)
class Principal:
    """A signed-in person, shaped like an API key for the access rules of api/http/access."""

    person: Person
    name: str
    role: str
    key_id: str = "web"

    @property
    def person_id(self) -> str:
        return self.person.person_id

    @property
    def organisation(self) -> str:
        return self.person.organisation

    @property
    def roles(self) -> tuple[str, ...]:
        return self.person.roles

    def acting_as(self, role: str) -> Principal:
        """The same person in the role a command needs, by the registry's own rule."""
        if self.person.refusal(self.organisation, role):
            raise NietToegestaan(f"{self.name} heeft niet de rol "
                                 f"{ROLE_NAMES.get(role, role)} bij {self.organisation}.")
        return replace(self, role=role)

    def actor(self, form_token: str | None = None) -> Actor:
        """The principal as events record it; the form's token makes a double submit one."""
        request = None
        if form_token:
            request = hashlib.sha256(f"web\n{self.person_id}\n{form_token}".encode()
                                     ).hexdigest()[:32]
        return Actor(self.organisation, self.role, key_id=self.key_id,
                     person_id=self.person_id, request=request)


def registered(person_id: str) -> Person | None:
    """The person as the registry holds them, when they may sign in: named (not erased),
    of an organisation, with at least one role."""
    persons = services().persons
    person = persons.get(person_id) if persons is not None else None
    if person is None or person.erased or not person.organisation or not person.roles:
        return None
    return person


def person_for_subject(subject: str) -> str | None:
    """The registry person an identity provider's subject is linked to."""
    persons = services().persons
    by_subject = getattr(persons, "by_subject", None)
    if by_subject is not None:
        found = by_subject(subject)
        return getattr(found, "person_id", found)
    return subject if persons is not None and persons.get(subject) is not None else None


def principal(person_id: str) -> Principal | None:
    person = registered(person_id)
    if person is None:
        return None
    reading = next((r for r in READING_ORDER if r in person.roles), person.roles[0])
    return Principal(person, Names(services().persons)(person_id) or person_id, reading)


def sign_in(person_id: str) -> None:
    session.clear()
    session.permanent = True
    session["person"], session["seen"] = person_id, time.time()


def sign_out() -> None:
    session.clear()


def load_signed_in() -> Principal | None:
    """The person of this session, or None (never signed in, idle too long, or removed)."""
    g.key = g.principal = None
    person_id, seen = session.get("person"), session.get("seen", 0)
    if not person_id:
        return None
    if time.time() - seen > current_app.config["WEB_IDLE_SECONDS"]:
        sign_out()
        return None
    found = principal(person_id)
    if found is None:
        sign_out()
        return None
    if time.time() - seen > min(SEEN_EVERY, current_app.config["WEB_IDLE_SECONDS"] / 10):
        session["seen"] = time.time()  # not on every request: each change re-signs the cookie
    g.key = g.principal = found
    return found


def act_as(role: str) -> Principal:
    """Before a command: the signed-in person in the role it needs (or NotPermitted)."""
    acting = g.principal.acting_as(role)
    g.key = acting
    return acting
