"""The person registry port: names live here, never in the event log."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

KINDS = ("civil_servant", "minister", "member_of_parliament")


@dataclass(frozen=True)
class Person:
    """A person by id; ``name`` is None once erased."""

    person_id: str
    kind: str
    name: str | None

    @property
    def erased(self) -> bool:
        return self.name is None


class PersonRegistry(ABC):
    """Names by person id, erasable without touching history (AVG art. 17)."""

    @abstractmethod
    def register(self, person_id: str, name: str, kind: str) -> None:
        """Record (or correct) the name of a person."""

    @abstractmethod
    def get(self, person_id: str) -> Person | None:
        """The person, or None when the id was never registered."""

    @abstractmethod
    def erase(self, person_id: str) -> bool:
        """Forget the name; True when there was a name to forget."""
