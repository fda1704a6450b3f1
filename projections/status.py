"""Where each projection stands: position, head of the log, lag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.catalogue import projectors
from projections.log import EventLog
from projections.store import ViewStore


@dataclass(frozen=True)
class Standing:
    name: str
    position: int | None
    head: int | None

    @property
    def lag(self) -> int:
        return max(0, (self.head or 0) - (self.position or 0))

    def behind(self, max_lag: int) -> bool:
        """More than ``max_lag`` events behind the log, or no views at all for a log."""
        return self.lag > max_lag or (self.position is None and bool(self.head))

    @property
    def state(self) -> str:
        if self.position is None and self.head:
            return "empty: no views stored (never built, or the store was reset); run rebuild"
        return "up to date" if self.lag == 0 else f"behind by {self.lag}"

    def to_dict(self) -> dict:
        return {"name": self.name, "position": self.position, "head": self.head,
                "lag": self.lag, "state": self.state}


def standings(app: Any, store: ViewStore, name: str | None = None) -> list[Standing]:
    """Every projection's standing (or the named one's)."""
    head = EventLog(app).head()
    return [Standing(p.name, store.position(p.name), head) for p in projectors(name)]
