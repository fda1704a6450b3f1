"""Where each projection stands: position, head of the log, lag, and whether to trust it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from projections.catalogue import SHAPES, projectors
from projections.honesty import AHEAD, EMPTY, FOREIGN, OUTDATED, judge, outdated, unclaimed
from projections.log import EventLog
from projections.store import ViewStore


@dataclass(frozen=True)
class Standing:
    name: str
    position: int | None
    head: int | None
    foreign: bool = False  # built from another event store
    shapes: tuple[int, int] | None = None  # (built, read) when built in another shape

    @property
    def lag(self) -> int:
        return max(0, (self.head or 0) - (self.position or 0))

    @property
    def ahead(self) -> bool:
        return (self.position or 0) > (self.head or 0)

    def behind(self, max_lag: int) -> bool:
        """More than ``max_lag`` events behind the log, or views that cannot be trusted
        (another log's, ahead of this one, built in an earlier shape, or none at all)."""
        return self.lag > max_lag or self.verdict in (FOREIGN, AHEAD, OUTDATED, EMPTY)

    @property
    def verdict(self) -> str:
        if self.foreign:
            return FOREIGN
        if self.ahead:
            return AHEAD
        if self.shapes is not None:
            return OUTDATED
        if self.position is None and self.head:
            return EMPTY
        return "up to date" if self.lag == 0 else "behind"

    @property
    def state(self) -> str:
        return {
            FOREIGN: "foreign: built from another event store; run rebuild",
            AHEAD: f"ahead: at {self.position}, beyond the log's head {self.head or 0} "
                   "(restored or shared store); run rebuild",
            OUTDATED: f"outdated: built by an earlier version (shape {self.shapes[0]}, this "
                      f"version reads {self.shapes[1]}); run rebuild" if self.shapes else "",
            EMPTY: "empty: no views stored (never built, or the store was reset); run rebuild",
            "behind": f"behind by {self.lag}",
        }.get(self.verdict, self.verdict)

    def to_dict(self) -> dict:
        return {"name": self.name, "position": self.position, "head": self.head,
                "lag": self.lag, "state": self.state, "verdict": self.verdict}


def standings(app: Any, store: ViewStore, name: str | None = None) -> list[Standing]:
    """Every projection's standing (or the named one's)."""
    log = EventLog(app)
    head, identity = log.head(), log.identity()
    claim = store.identity()
    foreign = not judge(identity, head, claim, {}).ok
    chosen = projectors(name)
    positions = {p.name: store.position(p.name) for p in chosen}
    built = any(position is not None for position in positions.values())
    old = outdated(unclaimed(claim, built), SHAPES, positions)
    return [Standing(p.name, positions[p.name], head, foreign, old.get(p.name))
            for p in chosen]
