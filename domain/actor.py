"""Who did something: organisation, role, API key and person."""

from __future__ import annotations

from dataclasses import asdict, dataclass

# The roles a key can hold; the ledger itself also acts as "importer" and "system".
KEY_ROLES = ("drafter", "consultee", "decider", "registrar", "auditor", "admin")
ROLES = (*KEY_ROLES, "importer", "system")


@dataclass(frozen=True)
class Actor:
    """The principal behind a command; every event records it.

    ``request`` identifies one request of this principal (derived from its
    Idempotency-Key): a retry of a command that already landed is recognised by it in
    the aggregate's own events, whatever happened to the answer or to Redis."""

    organisation: str
    role: str
    key_id: str | None = None
    person_id: str | None = None
    request: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    def to_dict(self) -> dict:
        data = asdict(self)
        if data["request"] is None:  # events of keyless commands keep their first shape
            del data["request"]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Actor:
        return cls(**data)
