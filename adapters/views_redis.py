"""The Redis view store (production): rows in hashes, terms as sorted sets, per space.

Keys, under a prefix (``nl:views:`` by default), for projection P and space S:

- ``identity``           the identity of the event log the views were built from
- ``P:live``             the id of P's live space
- ``P:S:pos``            hash: application name -> last applied notification id
- ``P:S:r:TABLE``        hash: row key -> the row's JSON
- ``P:S:t:TABLE:TERM``   sorted set: row keys carrying TERM, scored by the row's score
- ``P:S:terms:TABLE``    set: every term some row of TABLE has carried

A batch is written by one Lua script: it checks the live pointer and the position, then
writes every row and the new position, so it lands whole or not at all, and only on the
position it was computed from (a script runs atomically; a client killed mid-call sends
nothing, or all of it). The runner's batches for all its projections go to Redis in one
call of the script (one command, one round trip), each checked and landing on its own.
Rows and terms are reached by keys the script builds from the space's base, so this
store needs a single Redis, not a cluster. The library's tracking-recorder contract
(``tracking()``) is kept by that same script, given an empty batch.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import wraps
from typing import Any, TypeVar

import msgspec
import redis
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder

from projections.catalogue import PROJECTORS
from projections.queries import Plan
from projections.rows import Write, decode_row, encode_row
from projections.store import APPLICATION, PositionConflict, StoreUnavailable, ViewStore

T = TypeVar("T")
PREFIX = "nl:views:"
CHUNK = 1000
_PACK = msgspec.msgpack.Encoder().encode
APPLY = """
local function apply(batch)
  local base, app, expected, position = batch[1], batch[2], batch[3], batch[4]
  local live_key, space, live, writes = batch[5], batch[6], batch[7] == '1', batch[8]
  local current_space = false
  if live then
    current_space = redis.call('GET', live_key)
    if current_space and current_space ~= space then
      return 'conflict: the live space is now ' .. current_space
    end
  end
  local current = redis.call('HGET', base .. 'pos', app)
  if (current or '') ~= expected then
    return 'conflict: at ' .. tostring(current) .. ', not ' .. expected
  end
  if current and tonumber(position) <= tonumber(current) then
    return 'conflict: already at ' .. current
  end
  local function chunked(command, key, items)
    for i = 1, #items, 1000 do
      redis.call(command, key, unpack(items, i, math.min(i + 999, #items)))
    end
  end
  for name, keys in pairs(writes.hdel) do chunked('HDEL', base .. 'r:' .. name, keys) end
  for name, rows in pairs(writes.hset) do chunked('HSET', base .. 'r:' .. name, rows) end
  for term, keys in pairs(writes.zrem) do chunked('ZREM', base .. 't:' .. term, keys) end
  for term, scored in pairs(writes.zadd) do chunked('ZADD', base .. 't:' .. term, scored) end
  for name, terms in pairs(writes.sadd) do chunked('SADD', base .. 'terms:' .. name, terms) end
  if live and not current_space then redis.call('SET', live_key, space) end
  redis.call('HSET', base .. 'pos', app, position)
  return 1
end
local outcomes = {}
for i, batch in ipairs(cmsgpack.unpack(ARGV[1])) do
  -- a command that fails (a key of the wrong type, say) ends its own batch, not the others
  local ok, outcome = pcall(apply, batch)
  if ok then
    outcomes[i] = outcome
  else
    outcomes[i] = 'error: ' .. (type(outcome) == 'table' and tostring(outcome.err)
                                or tostring(outcome))
  end
end
return outcomes
"""
READ_PAGE = """
local home, tbl = ARGV[1], ARGV[2]
local space = redis.call('GET', home .. 'live')
if not space then return {0, {}} end
local base = home .. space .. ':'
local low, high, descending = ARGV[3], ARGV[4], ARGV[5] == '1'
local offset, limit, count = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1'
local terms = #ARGV - 8
local keys, total = {}, 0
if terms == 1 then
  local set = base .. 't:' .. tbl .. ':' .. ARGV[9]
  if descending then
    keys = redis.call('ZREVRANGEBYSCORE', set, high, low, 'LIMIT', offset, limit)
  else
    keys = redis.call('ZRANGEBYSCORE', set, low, high, 'LIMIT', offset, limit)
  end
  if count then total = redis.call('ZCOUNT', set, low, high) end
else
  local command = {'ZINTER', terms}
  for i = 9, #ARGV do command[#command + 1] = base .. 't:' .. tbl .. ':' .. ARGV[i] end
  command[#command + 1] = 'WEIGHTS'
  command[#command + 1] = 1
  for _ = 2, terms do command[#command + 1] = 0 end
  command[#command + 1] = 'WITHSCORES'
  local scored = redis.call(unpack(command))
  local lowest = low == '-inf' and -math.huge or tonumber(low)
  local highest = high == '+inf' and math.huge or tonumber(high)
  local inside = {}
  for i = 1, #scored, 2 do
    local score = tonumber(scored[i + 1])
    if score >= lowest and score <= highest then inside[#inside + 1] = scored[i] end
  end
  total = #inside
  for n = offset + 1, math.min(offset + limit, total) do
    keys[#keys + 1] = descending and inside[total + 1 - n] or inside[n]
  end
end
if #keys == 0 then return {total, {}} end
return {total, redis.call('HMGET', base .. 'r:' .. tbl, unpack(keys))}
"""
READ_POSITIONS = """
local prefix, app, found = ARGV[1], ARGV[2], {}
for i = 3, #ARGV do
  local space = redis.call('GET', prefix .. ARGV[i] .. ':live')
  found[i - 2] = space and redis.call('HGET', prefix .. ARGV[i] .. ':' .. space .. ':pos', app)
end
return found
"""
READ_LIVE = """
local space = redis.call('GET', ARGV[1] .. 'live')
if not space then return false end
return redis.call('HMGET', ARGV[1] .. space .. ':r:' .. ARGV[2], unpack(ARGV, 3))
"""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def _reachable(method: Callable[..., T]) -> Callable[..., T]:
    """Redis being down or slow is StoreUnavailable to the rest of the code."""
    @wraps(method)
    def call(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise StoreUnavailable(f"Redis: {error}") from error
    return call


class RedisViewStore(ViewStore):
    """Views in Redis; any number of readers, one writer per projection at a time."""

    write_behind = True  # a batch's script runs in Redis while the next batch is prepared

    def __init__(self, client: redis.Redis, prefix: str = PREFIX, grace: float = 2.0) -> None:
        self.client, self.prefix, self.grace = client, prefix, grace
        self._apply = client.register_script(APPLY)
        self._read_live = client.register_script(READ_LIVE)
        self._read_page = client.register_script(READ_PAGE)
        self._read_positions = client.register_script(READ_POSITIONS)
        self._writing: dict[str, str] = {}  # the live space each projection last wrote to

    # --- keys ----------------------------------------------------------------------------

    @_reachable
    def identity(self) -> str | None:
        return _text(self.client.get(f"{self.prefix}identity"))

    @_reachable
    def claim(self, identity: str, replace: bool = False) -> str:
        key = f"{self.prefix}identity"
        if replace:
            self.client.set(key, identity)
        elif not self.client.set(key, identity, nx=True):
            return _text(self.client.get(key))
        return identity

    def _live_key(self, projection: str) -> str:
        return f"{self.prefix}{projection}:live"

    def _base(self, projection: str, space: str) -> str:
        return f"{self.prefix}{projection}:{space}:"

    def _live(self, projection: str) -> str | None:
        return _text(self.client.get(self._live_key(projection)))

    def _space_of(self, table: str, space: str | None = None) -> str | None:
        """The key base of the table's space, or None when the projection has none."""
        projection = self.home(table)
        space = space or self._live(projection)
        return None if space is None else self._base(projection, space)

    def tracking(self, projection: str, space: str | None = None) -> RedisTrackingRecorder:
        """The projection's position as a library tracking recorder (the live one by default)."""
        return RedisTrackingRecorder(self, projection, space)

    # --- spaces ----------------------------------------------------------------------------

    def create_space(self, projection: str) -> str:
        return "s" + uuid.uuid4().hex[:12]

    def swap(self, projection: str, space: str) -> None:
        self.swap_all({projection: space})

    @_reachable
    def swap_all(self, spaces: dict[str, str]) -> None:
        """Point each projection at its new space, then drop the old ones after a grace."""
        old = {projection: _text(self.client.getset(self._live_key(projection), space))
               for projection, space in spaces.items()}
        retired = {p: s for p, s in old.items() if s is not None and s != spaces[p]}
        if retired:
            time.sleep(self.grace)  # readers that looked up an old space just before
        for projection, space in retired.items():
            self.drop_space(projection, space)

    @_reachable
    def drop_space(self, projection: str, space: str) -> None:
        if self._live(projection) == space:
            raise ValueError(f"space {space} of {projection} is live; swap first")
        batch = []
        for key in self.client.scan_iter(match=self._base(projection, space) + "*", count=1000):
            batch.append(key)
            if len(batch) >= CHUNK:
                self.client.unlink(*batch)
                batch = []
        if batch:
            self.client.unlink(*batch)

    # --- writing ---------------------------------------------------------------------------

    @_reachable
    def position(self, projection: str, space: str | None = None,
                 application: str = APPLICATION) -> int | None:
        space = space or self._live(projection)
        if space is None:
            return None
        value = self.client.hget(self._base(projection, space) + "pos", application)
        return None if value is None else int(value)

    @_reachable
    def positions(self, projections: Iterable[str]) -> dict[str, int | None]:
        """Every projection's live position in one round trip (the views' trust check)."""
        names = list(projections)
        if not names:
            return {}
        found = self._read_positions(args=[self.prefix, APPLICATION, *names])
        found = list(found) + [None] * (len(names) - len(found))  # Lua ends a list at nil
        return {name: None if value in (None, False) else int(value)
                for name, value in zip(names, found, strict=True)}

    def apply_all(self, batches: Sequence[tuple]) -> list[PositionConflict | None]:
        """Every projection's batch in one call of the script, one round trip and one
        command: each batch lands, conflicts or fails alone. A conflict writes nothing of its
        batch; a command that fails (a key of the wrong type) leaves what its batch wrote
        before it, as a script of its own would, and once every batch has its outcome the
        call raises ResponseError naming the ones that failed."""
        return self.apply_encoded(self.encode_all(batches))

    @_reachable
    def encode_all(self, batches: Sequence[tuple]) -> tuple[list[str], bytes]:
        """The batches' projections, and the script's one argument: every batch's key
        base, positions and rows, in MessagePack."""
        return [batch[0] for batch in batches], _PACK([self._script_args(*b) for b in batches])

    @_reachable
    def apply_encoded(self, encoded: tuple[list[str], bytes]) -> list[PositionConflict | None]:
        projections, packed = encoded
        if not projections:
            return []
        try:
            replies = self._apply(args=[packed])
        except redis.ResponseError:
            for projection in projections:
                self._writing.pop(projection, None)
            raise
        outcomes: list[PositionConflict | None] = []
        failed = []
        for projection, reply in zip(projections, replies, strict=True):
            if reply == 1:
                outcomes.append(None)
                continue
            self._writing.pop(projection, None)
            text = _text(reply)
            if text.startswith("error: "):  # raised once every other batch has its outcome
                failed.append(f"{projection}: {text.removeprefix('error: ')}")
            outcomes.append(PositionConflict(f"{projection}: {text}"))
        if failed:
            raise redis.ResponseError("; ".join(failed))
        return outcomes

    def _script_args(self, projection: str, writes: Sequence[Write], position: int,
                     expected: int | None, space: str | None,
                     application: str = APPLICATION) -> list:
        live = space is None
        if live:  # the script checks it is still live, so a remembered one is safe to try
            space = self._writing.get(projection) or self._live(projection) or \
                self.create_space(projection)
            self._writing[projection] = space
        return [self._base(projection, space), application,
                "" if expected is None else str(expected), str(position),
                self._live_key(projection), space, "1" if live else "0", _writes(writes)]

    @_reachable
    def get_many(self, table: str, keys: Iterable[str],
                 space: str | None = None) -> dict[str, dict]:
        keys = list(keys)
        if not keys:
            return {}
        if space is None:
            return self._get_live(table, keys)
        base = self._space_of(table, space)
        found = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            _collect(found, chunk, self.client.hmget(base + f"r:{table}", chunk))
        return found

    def _get_live(self, table: str, keys: list[str]) -> dict[str, dict]:
        """Rows from the live space, each chunk in one round trip: the script finds the
        space and reads the rows together, so a swap between the two cannot split them."""
        home = f"{self.prefix}{self.home(table)}:"
        found: dict[str, dict] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            docs = self._read_live(args=[home, table, *chunk])
            if docs is None:
                return {}  # the projection has no live space yet
            _collect(found, chunk, docs)
        return found

    # --- reading ---------------------------------------------------------------------------

    def _ordered(self, plan: Plan, offset: int, limit: int, count: bool) -> tuple[int, list]:
        """One page of a plan in one round trip, and nothing written: the script finds the
        live space, intersects the terms (ZINTER, weighted so each row keeps the first
        term's score), cuts the score range and the page, and reads the rows with it."""
        home = f"{self.prefix}{self.home(plan.table)}:"
        low = "-inf" if plan.low is None else repr(float(plan.low))
        high = "+inf" if plan.high is None else repr(float(plan.high))
        total, rows = self._read_page(args=[home, plan.table, low, high,
                                            "1" if plan.descending else "0", offset, limit,
                                            "1" if count else "0", *plan.terms])
        return total, [decode_row(doc) for doc in rows if doc is not None]

    @_reachable
    def _page(self, plan: Plan) -> tuple[int, list[dict]]:
        return self._ordered(plan, plan.offset, plan.limit, count=True)

    @_reachable
    def _scan(self, plan: Plan, after: int, size: int) -> list[dict]:
        return self._ordered(plan, after, size, count=False)[1]

    @_reachable
    def count(self, table: str, term: str, low: float | None = None,
              high: float | None = None) -> int:
        base = self._space_of(table)
        if base is None:
            return 0
        return self.client.zcount(base + f"t:{table}:{term}",
                                  "-inf" if low is None else low,
                                  "+inf" if high is None else high)

    @_reachable
    def terms(self, table: str, prefix: str) -> list[str]:
        base = self._space_of(table)
        if base is None:
            return []
        return sorted(term for term in map(_text, self.client.smembers(base + f"terms:{table}"))
                      if term.startswith(prefix))

    @_reachable
    def dump(self, projection: str, space: str | None = None) -> Iterator[tuple]:
        space = space or self._live(projection)
        if space is None:
            return
        base = self._base(projection, space)
        for table in sorted(PROJECTORS[projection].tables):
            index = self._index(base, table)
            rows = {_text(k): v for k, v in self.client.hscan_iter(base + f"r:{table}",
                                                                  count=CHUNK)}
            for key in sorted(rows):
                terms, score = index.get(key, ([], None))
                yield table, key, decode_row(rows[key]), sorted(terms), score

    def _index(self, base: str, table: str) -> dict[str, tuple[list[str], float]]:
        """Every row key's terms and score, read back from the sorted sets."""
        index: dict[str, tuple[list[str], float]] = {}
        for term in map(_text, self.client.smembers(base + f"terms:{table}")):
            for key, score in self.client.zscan_iter(base + f"t:{table}:{term}", count=CHUNK):
                index.setdefault(_text(key), ([], score))[0].append(term)
        return index

    def close(self) -> None:
        self.client.close()


class RedisTrackingRecorder(TrackingRecorder):
    """The library's tracking-recorder contract on a projection's position, written as the
    runner writes it: by the store's APPLY script, with an empty batch of rows."""

    def __init__(self, store: RedisViewStore, projection: str, space: str | None) -> None:
        self.store, self.projection, self.space = store, projection, space

    def insert_tracking(self, tracking: Tracking) -> None:
        """Record the position if it is past the stored one; IntegrityError if it is not.

        APPLY lands only on the position it was told to expect, so a writer that moved
        the position in between is a reason to look again, not a refusal."""
        application, position = tracking.application_name, tracking.notification_id
        while True:
            current = self.max_tracking_id(application)
            if current is not None and position <= current:
                raise IntegrityError(f"tracking {position} is not after {current}")
            try:
                self.store.apply(self.projection, [], position, current, self.space,
                                 application)
                return
            except PositionConflict:
                continue  # moved by another writer, or the live space was swapped

    def max_tracking_id(self, application_name: str) -> int | None:
        return self.store.position(self.projection, self.space, application_name)


def _collect(found: dict[str, dict], keys: list[str], docs: list) -> None:
    """The rows that exist, decoded, under their keys."""
    for key, doc in zip(keys, docs, strict=True):
        if doc is not None:
            found[key] = decode_row(doc)


def _writes(writes: Sequence[Write]) -> dict:
    """A batch's writes as the script takes them, packed with the other batches of the call
    into one MessagePack argument and unpacked inside Redis.

    One argument instead of several per row keeps redis-py from encoding hundreds of
    thousands of small strings during a rebuild; MessagePack carries each row's JSON as
    it is, where JSON would escape every quote in it and the script unescape them again.
    """
    puts: dict[str, list] = defaultdict(list)
    deletes: dict[str, list] = defaultdict(list)
    adds: dict[str, list] = defaultdict(list)
    removes: dict[str, list] = defaultdict(list)
    new_terms: dict[str, set[str]] = defaultdict(set)
    for write in writes:
        table, key = write.table, write.key
        if write.doc is None:
            deletes[table].append(key)
        else:
            puts[table] += (key, encode_row(write.doc))
        if write.old_score is None:  # a new row (most of a rebuild's): every term is new
            score = repr(write.score)
            for term in write.terms:
                adds[f"{table}:{term}"] += (score, key)
            new_terms[table].update(write.terms)
            continue
        for term in write.terms_to_remove():
            removes[f"{table}:{term}"].append(key)
        for term in write.terms_to_add():
            adds[f"{table}:{term}"] += (repr(write.score), key)
        new_terms[table].update(t for t in write.terms if t not in write.old_terms)
    return {"hdel": deletes, "hset": puts, "zrem": removes, "zadd": adds,
            "sadd": {t: sorted(terms) for t, terms in new_terms.items() if terms}}
