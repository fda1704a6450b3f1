"""The live event feed as a capped Redis Stream whose entry ids are notification ids.

Entry ``N-0`` is notification N, so a client resumes with ``Last-Event-ID: N`` and a
redelivered event is refused by Redis itself (ids only ever increase). The stream is
trimmed approximately (``MAXLEN ~``) to its capacity.

redis-py's ``socket_timeout`` bounds every command, a blocking XREAD too: a reader that
blocks for B milliseconds needs a client whose socket timeout is longer than B, or the
read fails with a timeout instead of returning nothing.
"""

from __future__ import annotations

import redis

STREAM = "nl:events"
CAPACITY = 10_000
STALE = "equal or smaller than the target stream top item"


class RedisEventStream:
    """Appends applied events; reads them back after a given notification id."""

    def __init__(self, client: redis.Redis, key: str = STREAM, capacity: int = CAPACITY) -> None:
        self.client, self.key, self.capacity = client, key, capacity

    def last_id(self) -> int | None:
        newest = self.client.xrevrange(self.key, count=1)
        return _notification_id(newest[0][0]) if newest else None

    def newest(self, count: int) -> list:
        """The newest ``count`` entries as (id, fields), oldest first."""
        entries = self.client.xrevrange(self.key, count=count)
        return [(_notification_id(entry_id), {_text(k): _text(v) for k, v in fields.items()})
                for entry_id, fields in reversed(entries)]

    def append(self, entries: list[dict]) -> None:
        """XADD each entry as id ``N-0``; entries already there (or older) are skipped."""
        with self.client.pipeline(transaction=False) as pipe:
            for entry in entries:
                fields = {k: "" if v is None else str(v) for k, v in entry.items()}
                pipe.xadd(self.key, fields, id=f"{entry['id']}-0", maxlen=self.capacity,
                          approximate=True)
            replies = pipe.execute(raise_on_error=False)
        for reply in replies:
            if isinstance(reply, Exception) and STALE not in str(reply):
                raise reply

    def read(self, after: int | None, count: int = 100, block_ms: int | None = None) -> list:
        """Entries after notification id ``after`` as (id, fields), waiting up to block_ms."""
        timeout = self.client.connection_pool.connection_kwargs.get("socket_timeout")
        if block_ms is not None and timeout is not None and block_ms / 1000 >= timeout:
            raise ValueError(f"blocking {block_ms} ms needs a socket timeout above "
                             f"{block_ms / 1000}s; this client's is {timeout}s")
        start = f"{after}-0" if after else "0-0"
        replies = self.client.xread({self.key: start}, count=count, block=block_ms)
        return [(_notification_id(entry_id), {_text(k): _text(v) for k, v in fields.items()})
                for _, entries in replies for entry_id, fields in entries]


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _notification_id(entry_id) -> int:
    return int(_text(entry_id).partition("-")[0])
