"""Who did something: organisation, role, API key and person."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from domain.errors import OtherOrganisation

# The roles a key can hold; the ledger itself also acts as "importer" and "system". An
# "operator" key manages every organisation's keys and is made on the command line only.
KEY_ROLES = ("drafter", "consultee", "decider", "registrar", "auditor", "admin", "operator")
HTTP_KEY_ROLES = KEY_ROLES[:-1]
ROLES = (*KEY_ROLES, "importer", "system")
# The ledger's own roles record what a document or the system states, for any organisation.
RECORDERS = ("importer", "system")


@dataclass(frozen=True)
class Actor:
    """The principal behind a command; every event records it.

    ``request`` identifies one request of this principal (derived from its
    Idempotency-Key): a retry of a command that already landed is recognised by it in
    the aggregate's own events, whatever happened to the answer or to Redis.

    ``effective`` is when the command's change happened in the world (see
    domain/effective.py), by default the moment it is recorded; a past one needs
    ``effective_reason``. Events carry both beside the actor, not inside it."""

    organisation: str
    role: str
    key_id: str | None = None
    person_id: str | None = None
    request: str | None = None
    effective: str | None = None
    effective_reason: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    def acts_for(self, organisation: str) -> bool:
        """Whether this actor may change what belongs to ``organisation``."""
        return self.organisation == organisation or self.role in RECORDERS

    def check_acts_for(self, organisation: str) -> None:
        """Refuse to create something that belongs to another organisation."""
        if not self.acts_for(organisation):
            raise OtherOrganisation(f"{self.organisation} cannot act for {organisation}")

    def to_dict(self) -> dict:
        data = {name: getattr(self, name) for name in FIELDS}  # flat: no asdict deep copy
        for optional in ("request", "effective", "effective_reason"):
            if data[optional] is None:  # events of keyless commands keep their first shape
                del data[optional]
        return data

    def at(self, effective: str | None, reason: str | None = None) -> Actor:
        """The same principal acting with a given effective time (and its reason)."""
        return replace(self, effective=effective, effective_reason=reason)

    @classmethod
    def from_dict(cls, data: dict) -> Actor:
        return cls(**data)


FIELDS = tuple(f.name for f in fields(Actor))
