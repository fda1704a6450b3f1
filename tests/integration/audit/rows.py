"""Direct SQL on the stored events, bypassing the ledger: how an operator would tamper."""

from __future__ import annotations

import json
import sqlite3
import uuid

from domain.audit.chain import GENESIS, canonical_bytes, link_hash
from tests.conftest import pg_connect


class Rows:
    """The event store's table, in SQLite or PostgreSQL, by log position."""

    def __init__(self, settings: dict[str, str]) -> None:
        if settings["NOTALEDGER_STORE"] == "sqlite":
            self.db = sqlite3.connect(settings["NOTALEDGER_SQLITE_PATH"], isolation_level=None)
            self.table, self.pristine, self.mark, self.position = (
                "stored_events", "pristine_events", "?", "rowid")
            self.key = lambda aggregate: uuid.UUID(aggregate).hex
            self.audit = "notaledger_audit_{}".format
        else:
            schema = settings["NOTALEDGER_PG_SCHEMA"]
            self.db = pg_connect()
            self.table, self.pristine, self.mark, self.position = (
                f'"{schema}".notaledger_events', f'"{schema}".pristine_events', "%s",
                "notification_id")
            self.key = uuid.UUID
            self.audit = f'"{schema}".notaledger_audit_{{}}'.format

    def sql(self, statement: str, *params):
        return self.db.execute(statement.format(t=self.table, p=self.pristine, m=self.mark,
                                                pos=self.position), params)

    def all(self) -> list[tuple[int, str, int, str, bytes]]:
        """Every row in log order: position, aggregate, version, topic, state."""
        rows = self.sql("SELECT {pos}, originator_id, originator_version, topic, state FROM {t} "
                        "ORDER BY {pos}").fetchall()
        return [(p, str(uuid.UUID(str(a))), v, t, bytes(s)) for p, a, v, t, s in rows]

    def set_state(self, aggregate: str, version: int, state: bytes) -> None:
        self.sql("UPDATE {t} SET state = {m} WHERE originator_id = {m} "
                 "AND originator_version = {m}", state, self.key(aggregate), version)

    def set_event(self, aggregate: str, version: int, topic: str, state: bytes) -> None:
        self.sql("UPDATE {t} SET topic = {m}, state = {m} WHERE originator_id = {m} "
                 "AND originator_version = {m}", topic, state, self.key(aggregate), version)

    def delete(self, aggregate: str, version: int) -> None:
        self.sql("DELETE FROM {t} WHERE originator_id = {m} AND originator_version = {m}",
                 self.key(aggregate), version)

    def insert(self, aggregate: str, version: int, topic: str, state: bytes) -> None:
        self.sql("INSERT INTO {t} (originator_id, originator_version, topic, state) "
                 "VALUES ({m}, {m}, {m}, {m})", self.key(aggregate), version, topic, state)

    def swap_positions(self, first: int, second: int) -> None:
        self.sql("UPDATE {t} SET {pos} = -1 WHERE {pos} = {m}", first)
        self.sql("UPDATE {t} SET {pos} = {m} WHERE {pos} = {m}", first, second)
        self.sql("UPDATE {t} SET {pos} = {m} WHERE {pos} = -1", second)

    def rewrite(self, aggregate: str, start: int, change) -> None:
        """Change the event at ``start`` and recompute every hash of the chain from there."""
        chain = [r for r in self.all() if r[1] == aggregate]
        prev = GENESIS
        for _, _, version, topic, state in chain:
            content = json.loads(state)
            if version >= start:
                if version == start:
                    change(content)
                content.pop("hash")
                content["prev_hash"] = prev
                content["hash"] = link_hash(prev, canonical_bytes(aggregate, version, topic,
                                                                  content))
                self.set_state(aggregate, version, json.dumps(
                    content, separators=(",", ":"), ensure_ascii=False).encode())
            prev = content["hash"]

    def snapshot(self) -> None:
        """Keep a copy of the untouched table, positions included."""
        self.sql("CREATE TABLE {p} AS SELECT {pos} AS pos, originator_id, originator_version, "
                 "topic, state FROM {t}")

    def restore(self) -> None:
        self.sql("DELETE FROM {t}")
        self.sql("INSERT INTO {t} ({pos}, originator_id, originator_version, topic, state) "
                 "SELECT pos, originator_id, originator_version, topic, state FROM {p}")

    def close(self) -> None:
        self.db.close()
