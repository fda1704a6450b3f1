"""The client libraries' ways of saying 'the server is not answering', each with the store
it concerns, so that the HTTP layer answers 503 without knowing which libraries the
adapters use (the app factory hands this table to ``api.http.problems``)."""

from __future__ import annotations

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from psycopg_pool import PoolTimeout
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from projections.store import StoreUnavailable

OUTAGES: dict[type[Exception], str] = {
    OperationalError: "event store",
    InterfaceError: "event store",
    psycopg.OperationalError: "event store",
    PoolTimeout: "event store",
    StoreUnavailable: "view store",
    RedisConnectionError: "Redis",
    RedisTimeoutError: "Redis",
}
