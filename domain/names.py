"""The one naming and redaction policy: how a person id is shown, and to whom.

Every view that shows a person goes through here: the JSON API's trail, the public (Woo)
view, the command line's trail and its exports.

- a minister, state secretary or member of parliament: the name, to everyone;
- a civil servant: the name to authorised readers, ``■■■ (5.1.2e Woo)`` to the public;
- an erased person (AVG art. 17): ``[erased]``; to the public a civil servant stays
  redacted;
- an id the registry does not know: no name (None) to authorised readers, redacted to
  the public, since it may well be a civil servant's (the importer records redacted
  drafters so).
"""

from __future__ import annotations

from domain.persons import Person, PersonRegistry

REDACTED = "■■■ (5.1.2e Woo)"
ERASED = "[erased]"
NAMED_IN_PUBLIC = ("minister", "state_secretary", "member_of_parliament")


def shown_name(person: Person | None, public: bool = False) -> str | None:
    """The name a reader is shown for a person (None: the registry does not know them)."""
    if public and (person is None or person.kind not in NAMED_IN_PUBLIC):
        return REDACTED
    if person is None:
        return None
    return ERASED if person.erased else person.name


class Names:
    """Shown names by person id for one reading, each person looked up once."""

    def __init__(self, registry: PersonRegistry | None, public: bool = False) -> None:
        self.registry, self.public = registry, public
        self._seen: dict[str, str | None] = {}

    def __call__(self, person_id: str | None) -> str | None:
        if not person_id:
            return None
        if person_id not in self._seen:
            person = self.registry.get(person_id) if self.registry is not None else None
            self._seen[person_id] = shown_name(person, self.public)
        return self._seen[person_id]
