"""Whether a view store can stand behind its answers about this event log.

A view store records the identity of the event log it was built from (the chain hash of
the log's first event: written once, never changed) and is refused by any other log. Its
positions must lie within the log: a position beyond the head means the views hold events
this log does not (a database restored from a backup, two deployments sharing one Redis
prefix). A projection without a position while the log has events holds nothing (never
built, or the store was emptied). A projection built by an earlier version of the code whose
rows had another shape (``SHAPES`` in the catalogue) would answer as that version did: it is
outdated. None of these may serve an answer, whatever the lag.

The shapes a store was built with are recorded beside the log's identity, in the one
claim a store keeps (``stamp``): a claim without them is one an earlier version made, whose
every projection had shape 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TRUSTED, FOREIGN, AHEAD, OUTDATED, EMPTY = "trusted", "foreign", "ahead", "outdated", "empty"
FIRST_SHAPE = 1  # what a claim without shapes stands for


class ViewsUntrusted(Exception):
    """The views cannot stand behind an answer about this log; rebuild them."""

    def __init__(self, trust: Trust) -> None:
        super().__init__(trust.detail)
        self.trust = trust


@dataclass(frozen=True)
class Trust:
    state: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == TRUSTED


def stamp(identity: str, shapes: Mapping[str, int]) -> str:
    """The claim a store keeps: the log's identity and the shape each projection was built
    with ("<identity>;notes=2,trail=1")."""
    return identity + ";" + ",".join(f"{name}={shape}" for name, shape in sorted(shapes.items()))


def unstamp(claim: str | None) -> tuple[str | None, dict[str, int] | None]:
    """The identity and the shapes of a claim (None for the shapes of a claim that has none:
    every projection then has the first shape)."""
    if claim is None or ";" not in claim:
        return claim, None
    identity, _, listed = claim.partition(";")
    shapes = {}
    for item in filter(None, listed.split(",")):
        name, _, shape = item.partition("=")
        shapes[name] = int(shape) if shape.isdigit() else 0
    return identity, shapes


def built_shape(shapes: Mapping[str, int] | None, projection: str) -> int:
    """The shape a claim says a projection was built with."""
    return FIRST_SHAPE if shapes is None else shapes.get(projection, FIRST_SHAPE)


def unclaimed(claim: str | None, built: bool) -> str | None:
    """The claim to judge a store's shapes by. Views of an empty log are claimed by this
    code before they are built (``stamp("", SHAPES)``, the log's identity added with its
    first event); views built but never claimed were attached to an empty log by an earlier
    version, which claimed nothing: they have the first shapes."""
    return stamp("", {}) if claim is None and built else claim


def outdated(claim: str | None, expected: Mapping[str, int],
             projections: Iterable[str]) -> dict[str, tuple[int, int]]:
    """The projections built with another shape than this code's: name -> (built, read);
    ``claim`` as ``unclaimed`` gives it (None: nothing built, nothing outdated)."""
    if claim is None:
        return {}
    shapes = unstamp(claim)[1]
    found = {}
    for name in projections:
        if name in expected and built_shape(shapes, name) != expected[name]:
            found[name] = (built_shape(shapes, name), expected[name])
    return found


def judge(log_identity: str | None, head: int | None, store_identity: str | None,
          positions: Mapping[str, int | None],
          shapes: Mapping[str, int] | None = None) -> Trust:
    """The verdict on a store's views of a log with this identity and head (and, given
    ``shapes``, whether each projection was built with the shape this code reads)."""
    head = head or 0
    claim, store_identity = store_identity, unstamp(store_identity)[0]
    if log_identity and store_identity and log_identity != store_identity:
        return Trust(FOREIGN, f"the views were built from another event store (identity "
                              f"{store_identity[:12]}…, this one is {log_identity[:12]}…); "
                              "rebuild them")
    ahead = sorted(name for name, position in positions.items() if (position or 0) > head)
    if ahead:
        furthest = max(positions[name] or 0 for name in ahead)
        return Trust(AHEAD, f"the views of {', '.join(ahead)} are at position {furthest}, "
                            f"beyond the event store's head {head}; rebuild them")
    built = any(position is not None for position in positions.values())
    old = outdated(unclaimed(claim, built), shapes, positions) if shapes is not None else {}
    if old:
        built = ", ".join(f"{name} (shape {was}, this version reads {now})"
                          for name, (was, now) in sorted(old.items()))
        return Trust(OUTDATED, f"the views of {built} were built by an earlier version of "
                               f"notaledger; rebuild them: notaledger projections rebuild"
                               + (f" {next(iter(old))}" if len(old) == 1 else ""))
    empty = sorted(name for name, position in positions.items() if position is None)
    if head and empty:
        return Trust(EMPTY, f"the views of {', '.join(empty)} are empty while the event "
                            f"store holds {head} events; rebuild them")
    return Trust(TRUSTED)
