"""One projection's writer: batches of facts in, one atomic commit per batch, exactly once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from projections.catalogue import Projector
from projections.facts import Fact
from projections.rows import Write
from projections.store import APPLICATION, PositionConflict, ViewStore

CACHE_SIZE = 1_000  # record rows kept between batches: bounds memory, saves reads


class RecordCache:
    """Recently written record rows (None for a known absence), least recently used out."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._rows: OrderedDict[str, dict | None] = OrderedDict()
        self._size = size

    def __contains__(self, key: str) -> bool:
        return key in self._rows

    def get(self, key: str) -> dict | None:
        self._rows.move_to_end(key)
        return self._rows[key]

    def put(self, key: str, row: dict | None) -> None:
        self._rows[key] = row
        self._rows.move_to_end(key)
        while len(self._rows) > self._size:
            self._rows.popitem(last=False)

    def clear(self) -> None:
        self._rows.clear()


@dataclass(frozen=True)
class Pending:
    """A prepared batch for one projection, not yet committed."""

    projection: str
    writes: list[Write]
    through: int
    expected: int | None
    space: str | None
    records: dict[str, dict | None]
    read: int
    application: str = APPLICATION

    @property
    def batch(self) -> tuple:
        """The arguments of the store's ``apply`` (its application only when not the log's:
        a store that keeps one position per projection need not know of parts)."""
        batch = (self.projection, self.writes, self.through, self.expected, self.space)
        return batch if self.application == APPLICATION else (*batch, self.application)


def group_by_kind(facts: Sequence[Fact]) -> dict[str, list[Fact]]:
    """The facts by aggregate kind, each list in log order."""
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        found = grouped.get(fact.kind)
        if found is None:
            grouped[fact.kind] = [fact]
        else:
            found.append(fact)
    return grouped


class ProjectionWriter:
    """Applies facts to one projection in one space of a store."""

    def __init__(self, projector: Projector, store: ViewStore, space: str | None = None,
                 cache_size: int = CACHE_SIZE, application: str = APPLICATION) -> None:
        self.projector, self.store, self.space = projector, store, space
        self.application = application  # whose position it keeps (a rebuild's part's)
        self.before_read: Callable[[], None] | None = None  # called before rows are read
        self.cache = RecordCache(cache_size)
        self.position: int | None = None
        self.loaded = False  # the stored position is read when the writer is first used

    @property
    def name(self) -> str:
        return self.projector.name

    def reload(self) -> None:
        """Forget what was cached and re-read the stored position (after a conflict)."""
        self.cache.clear()
        self.loaded = False
        if self.application == APPLICATION:
            self.position = self.store.position(self.name, self.space)
        else:
            self.position = self.store.position(self.name, self.space, self.application)
        self.loaded = True

    def prepare(self, facts: Sequence[Fact], through: int,
                by_kind: dict[str, list[Fact]] | None = None) -> Pending | None:
        """The writes that take the projection to ``through``; None when it is there already.

        ``by_kind``, the same facts grouped by kind, saves each projection a pass over all.
        """
        if not self.loaded:
            self.reload()
        done = self.position or 0
        if through <= done:
            return None
        if by_kind is None:
            by_kind = group_by_kind(facts)
        mine = self.projector.select(facts, by_kind)
        if mine and mine[0].position <= done:  # part of the batch is applied already
            mine = [f for f in mine if f.position > done]
        writes, records = self.projector.batch(mine, self._current)
        return Pending(self.name, writes, through, self.position, self.space, records, len(mine),
                       self.application)

    def committed(self, pending: Pending) -> None:
        """The store holds the batch: move on, and remember the rows it wrote."""
        self.position = pending.through
        for key, row in pending.records.items():  # only committed rows are cached
            self.cache.put(key, row)

    def apply(self, facts: Sequence[Fact], through: int) -> int:
        """Apply the facts not yet applied and move the position to ``through``.

        Returns how many facts it read. Raises PositionConflict when someone else moved
        the position; the writer has then reloaded and the caller reads again.
        """
        pending = self.prepare(facts, through)
        if pending is None:
            return 0
        try:
            self.store.apply(*pending.batch)
        except PositionConflict:
            self.reload()
            raise
        self.committed(pending)
        return pending.read

    def _current(self, record: str, keys: set[str]) -> dict[str, dict | None]:
        """The record rows for these keys, from the cache or else the store."""
        rows = {key: self.cache.get(key) for key in keys if key in self.cache}
        missing = sorted(keys - rows.keys())
        if missing:
            if self.before_read is not None:
                self.before_read()
            found = self.store.get_many(record, missing, self.space)
            rows.update({key: found.get(key) for key in missing})
        return rows
