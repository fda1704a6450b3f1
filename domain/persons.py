"""The person registry port: names, organisations and roles live here, never in the log."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from domain.errors import InvalidInput

KINDS = ("civil_servant", "minister", "state_secretary", "member_of_parliament")
# A decider is a minister, a state secretary or a person with a recorded mandate.
DECIDING_KINDS = ("minister", "state_secretary")


class PersonErased(InvalidInput):
    """The id is a tombstone: an erased person never carries a name again."""


@dataclass(frozen=True)
class Person:
    """A person by id; ``name`` is None once erased. ``roles`` are the key roles in which
    a key of ``organisation`` may name this person; ``mandate`` records who decides under
    whose authority when the person is no minister."""

    person_id: str
    kind: str
    name: str | None
    organisation: str | None = None
    roles: tuple[str, ...] = ()
    mandate: str | None = None

    @property
    def erased(self) -> bool:
        return self.name is None

    def refusal(self, organisation: str, role: str) -> str | None:
        """Why a key of this organisation and role may not act as this person, or None."""
        if self.organisation != organisation:
            return (f"person {self.person_id} belongs to {self.organisation or 'no organisation'}"
                    f"; a key of {organisation} cannot act for them")
        if role not in self.roles:
            held = ", ".join(self.roles) or "none"
            return (f"person {self.person_id} does not hold the role {role} "
                    f"(their roles: {held})")
        return None


def check_roles(kind: str, roles: tuple[str, ...], mandate: str | None) -> None:
    """A person may hold the decider role only as minister, state secretary or by mandate."""
    if "decider" in roles and kind not in DECIDING_KINDS and not (mandate or "").strip():
        raise InvalidInput("a decider is a minister, a state secretary or a person with a "
                           "recorded mandate (--mandate)")


class PersonRegistry(ABC):
    """Names by person id, erasable without touching history (AVG art. 17)."""

    @abstractmethod
    def register(self, person_id: str, name: str, kind: str, organisation: str | None = None,
                 roles: tuple[str, ...] = (), mandate: str | None = None) -> None:
        """Record (or correct) a person; PersonErased when the id is a tombstone."""

    @abstractmethod
    def get(self, person_id: str) -> Person | None:
        """The person, or None when the id was never registered."""

    @abstractmethod
    def erase(self, person_id: str) -> bool:
        """Forget the name for good; True when there was a name to forget."""

    def set_email(self, person_id: str, address: str | None) -> None:
        """Record (or, with None, remove) where the person receives mail."""
        raise NotImplementedError(f"{type(self).__name__} keeps no e-mail addresses")

    def email(self, person_id: str) -> str | None:
        """The person's e-mail address; None when there is none or the person was erased."""
        return None
