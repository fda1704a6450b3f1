"""Who did something: organisation, role, API key and person."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ROLES = ("drafter", "consultee", "decider", "registrar", "auditor", "admin", "importer", "system")


@dataclass(frozen=True)
class Actor:
    """The principal behind a command; every event records it."""

    organisation: str
    role: str
    key_id: str | None = None
    person_id: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Actor:
        return cls(**data)
