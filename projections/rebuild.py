"""Rebuild a projection into a fresh space and swap it in; check a live one against a rebuild."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from projections.canonical import differences
from projections.catalogue import PROJECTORS, SHAPES, Projector
from projections.honesty import built_shape, outdated, stamp, unclaimed, unstamp
from projections.log import EventLog
from projections.runner import Progress, Runner
from projections.store import ViewStore

LOG = logging.getLogger(__name__)
ATTEMPTS = 3
COLLECT_EVERY = 100_000  # events between the cyclic collections a rebuild still makes


def rebuild(app: Any, store: ViewStore, selected: Sequence[Projector],
            progress: Progress | None = None, batch_size: int | None = None,
            until: int | None = None, swap: bool = True,
            spaces: dict[str, str] | None = None,
            part: tuple[int, int] | None = None) -> dict[str, str]:
    """Replay the log into fresh spaces (one pass for all), then make them live.

    Readers see the old views until the swap and the new ones after it, never a half-built
    one. A runner following the old space finds its position moved and carries on from the
    new space's position.

    A rebuild shared between processes gives each the same ``spaces`` and its ``part`` of
    the aggregates (index, count), and no swap: see ``join_parts`` and ``make_live``.
    Without a ``batch_size`` the store's own (``ViewStore.rebuild_batch``) is taken.
    """
    fresh = spaces is None
    if spaces is None:
        spaces = {p.name: store.create_space(p.name) for p in selected}
    runner = Runner(app, store, selected, spaces=spaces,
                    batch_size=batch_size or store.rebuild_batch, part=part,
                    write_behind=store.write_behind)
    try:
        with collections_paused(progress) as step:
            runner.catch_up(until=until, progress=step)
    except BaseException:
        if fresh:
            for name, space in spaces.items():
                store.drop_space(name, space)
        raise
    if swap:
        make_live(EventLog(app).identity(), store, spaces)
    return spaces


@contextmanager
def collections_paused(progress: Progress | None,
                       every: int = COLLECT_EVERY) -> Iterator[Progress]:
    """The cyclic garbage collector held back while a rebuild runs: a progress callback
    that collects once every ``every`` events read, and passes the progress on.

    A batch's facts and rows live until the batch is written, so the collector, left to
    itself, would walk them (and every object of the application) over and over: about
    a quarter of a rebuild's time. Rows are freed by their reference counts as before;
    what the collector alone frees, cycles, waits for the next ``every`` events. The
    objects alive at the start are set aside (``gc.freeze``) so that those collections
    walk only what the rebuild made. The collector is the process's: a rebuild runs in a
    process of its own (the CLI, a bench), not beside requests.
    """
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.freeze()
    gc.disable()
    due = every

    def step(read: int, position: int | None) -> None:
        nonlocal due
        if read >= due:
            gc.collect()
            due = read + every
        if progress is not None:
            progress(read, position)

    try:
        yield step
    finally:
        if not frozen:  # what another part of the process set aside stays so
            gc.unfreeze()
        if enabled:
            gc.enable()


def join_parts(store: ViewStore, spaces: dict[str, str], through: int) -> None:
    """Every part has applied the log up to ``through``: so have the views, then.

    Each part kept a position of its own in the same spaces (its aggregates' rows are
    its alone); the views' own position is set once they have all finished.
    """
    for name, space in spaces.items():
        store.apply(name, [], through, None, space)


def make_live(identity: str | None, store: ViewStore, spaces: dict[str, str]) -> None:
    """Swap the rebuilt spaces in, the views now those of the log with this ``identity``
    (``EventLog.identity``; None: an empty log) if every projection was rebuilt."""
    if identity is not None:
        store.claim(*claim_after(identity, store.identity(), spaces))
    else:  # an empty log's views: claimed for these shapes, the identity to come
        store.claim(stamp("", SHAPES))
    store.swap_all(spaces)


def rebuild_outdated(app: Any, store: ViewStore) -> list[str]:
    """Rebuild the projections an earlier version built in another shape (the embedded
    default does so as it starts, before it serves); returns their names."""
    built = any(position is not None for position in store.positions(PROJECTORS).values())
    stale = sorted(outdated(unclaimed(store.identity(), built), SHAPES, PROJECTORS))
    if stale:
        LOG.warning("rebuilding the views of %s: built by an earlier version of notaledger",
                    ", ".join(stale))
        rebuild(app, store, [PROJECTORS[name] for name in stale])
    return stale


def claim_after(identity: str, claimed: str | None, rebuilt: Iterable[str]) -> tuple[str, bool]:
    """The claim a store keeps once ``rebuilt`` are swapped in, and whether it replaces the
    one there: every projection rebuilt makes the views this log's, in this code's shapes;
    some of them rebuilt keep the claim's log and bring those projections to this code's
    shapes (a claim of another log stays: the views are still that log's)."""
    rebuilt = set(rebuilt)
    if rebuilt >= set(PROJECTORS):
        return stamp(identity, SHAPES), True
    was, shapes = unstamp(claimed)
    if was != identity:
        return stamp(identity, SHAPES), False
    shapes = {name: built_shape(shapes, name) for name in PROJECTORS}
    return stamp(identity, {**shapes, **{name: SHAPES[name] for name in rebuilt}}), True


@dataclass(frozen=True)
class Check:
    """A projection compared with a rebuild at the same position."""

    name: str
    position: int | None
    head: int | None
    differences: list[str]

    @property
    def ok(self) -> bool:
        return not self.differences


def check(app: Any, store: ViewStore, projector: Projector,
          progress: Progress | None = None) -> Check:
    """Rebuild into scratch space up to the live position and list every difference."""
    head = EventLog(app).head()
    for _ in range(ATTEMPTS):
        position = store.position(projector.name)
        if position is None:
            empty = [f"the live view is empty while the log holds events up to {head}"]
            return Check(projector.name, None, head, empty if head else [])
        space = rebuild(app, store, [projector], progress, until=position,
                        swap=False)[projector.name]
        try:
            found = differences(store.dump(projector.name), store.dump(projector.name, space))
            if store.position(projector.name) == position:
                return Check(projector.name, position, head, found)
        finally:
            store.drop_space(projector.name, space)
    moved = [f"the live view kept moving during {ATTEMPTS} attempts; stop its runner to check"]
    return Check(projector.name, store.position(projector.name), head, moved)
