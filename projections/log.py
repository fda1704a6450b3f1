"""Reading the ledger's notification log as facts, in batches or as a live subscription."""

from __future__ import annotations

import queue
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder, Notification
from eventsourcing.utils import resolve_topic

from projections.facts import Fact, fact_from_event, fact_from_state

TYPED = b'"_type_"'
IDS = 10_000  # aggregate ids kept as text by a log reader (an id's text is dear to make)


@cache
def _current_version(topic: str) -> int | None:
    """The class version events of this topic are read at (None: no class of ours)."""
    try:
        return getattr(resolve_topic(topic), "class_version", 1)
    except Exception:  # noqa: BLE001 - no class of ours: nothing to upcast, read as stored
        return None


def _read_as_stored(topic: str, stored: int) -> bool:
    """Whether an event stored at this class version needs no upcaster a Fact does not do
    itself (see ``decode``): stored at its class's version, or both at version 2 or less."""
    current = _current_version(topic)
    return current is None or stored == current or (stored <= 2 and current <= 2)


def in_part(aggregate_id: Any, index: int, count: int) -> bool:
    """Whether the aggregate falls to part ``index`` of ``count``: every event of an
    aggregate falls to the same part, and the parts share the aggregates about evenly."""
    number = (aggregate_id.int if isinstance(aggregate_id, UUID)
              else zlib.crc32(str(aggregate_id).encode()))
    return number % count == index


class EventLog:
    """The application's notification log, decoded by the application's own mapper."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.recorder = app.recorder
        self.mapper = app.mapper
        self._plain = (app.mapper.cipher is None and app.mapper.compressor is None
                       and type(app.mapper.transcoder) is JSONTranscoder)
        self._ids: dict[Any, str] = {}  # an aggregate's id as text, by the id read
        self._select_rows = getattr(app.recorder, "select_notification_rows", None)
        # the originator id the library reads for the one a row holds
        self._convert = (getattr(app.recorder, "convert_originator_id", None)
                         if self._select_rows is not None else None)
        self._stored: dict[Any, tuple[str, Any]] = {}  # by the id as a row holds it

    def head(self) -> int | None:
        """The highest notification id recorded, or None for an empty log."""
        return self.recorder.max_notification_id() or None

    def identity(self) -> str | None:
        """The chain hash of the log's first event: this event store's identity (None while
        it is empty). Written once with that event and never changed, so view stores can
        tell the log they were built from."""
        first = self.recorder.select_notifications(start=None, limit=1)
        return self.decode(first[0]).hash if first else None

    def notifications(self, after: int | None, limit: int,
                      until: int | None = None) -> list[Any]:
        """Raw notifications with ids above ``after`` (and up to ``until``), in order."""
        return list(self.recorder.select_notifications(
            start=after or 0, limit=limit, stop=until, inclusive_of_start=False))

    def read(self, after: int | None, limit: int, until: int | None = None) -> list[Fact]:
        """Decoded facts with ids above ``after``, in order."""
        return [self.decode_row(row) for row in self.rows(after, limit, until)]

    def rows(self, after: int | None, limit: int, until: int | None = None) -> list[tuple]:
        """The notifications above ``after`` (and up to ``until``) as plain rows: (id,
        originator id as stored, version, topic, state), for ``decode_row``. Read by the
        recorder's own ``select_notification_rows`` where it has one (ours do): the
        library's reading makes an object or three of each row, a third of a rebuild's
        reading."""
        if self._select_rows is not None:
            return self._select_rows(after or 0, limit, until)
        return [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
                for n in self.notifications(after, limit, until)]

    def decode(self, notification: Any) -> Fact:
        """The notification as a Fact: read directly when that is exactly the mapper's reading.

        The mapper's JSON transcoder calls back into Python for every object it decodes.
        When nothing but plain JSON and the one typed value every event has (its
        timestamp) is stored, no cipher or compressor is set and nothing needs upcasting
        beyond what a Fact does itself,
        the state is read with orjson and the timestamp taken as written; in every other
        case the application's own mapper decodes it.
        """
        fact = self._direct(notification.state, notification.id, notification.topic,
                            self._text(notification.originator_id),
                            notification.originator_version)
        return self.decode_by_mapper(notification) if fact is None else fact

    def decode_row(self, row: tuple) -> Fact:
        """A row of ``rows`` as a Fact, read as ``decode`` reads a notification."""
        position, stored_id, version, topic, state = row
        text, read = self._stored_id(stored_id)
        fact = self._direct(state, position, topic, text, version)
        if fact is None:
            return self.decode_by_mapper(Notification(
                id=position, originator_id=read, originator_version=version, topic=topic,
                state=state))
        return fact

    def row_in_part(self, row: tuple, index: int, count: int) -> bool:
        """Whether a row of ``rows`` falls to part ``index`` of ``count`` (``in_part``)."""
        return in_part(self._stored_id(row[1])[1], index, count)

    def _direct(self, state: bytes, position: int, topic: str, aggregate_id: str,
                version: int) -> Fact | None:
        """The Fact read directly from the stored state, or None where only the mapper
        reads it as it is meant (see ``decode``)."""
        if self._plain and state.count(TYPED) == 1:
            values = orjson.loads(state)
            stamp = values.pop("timestamp", None)
            # stored at its class's version, an event needs no upcaster; up to version 2 a
            # Fact reads the same, since it takes a missing 'effective' (the one field
            # version 2 added) as the timestamp, as the upcaster does; an event stored
            # before a later version has upcasters of its own, which the mapper runs
            if (_read_as_stored(topic, values.pop("class_version", 1))
                    and isinstance(stamp, dict) and stamp.get("_type_") == "datetime_iso"):
                return fact_from_state(values, position, topic, stamp["_data_"], aggregate_id,
                                       version)
        return None

    def _text(self, aggregate_id: Any) -> str:
        """The id as text, made once per aggregate while it is among the last ones read."""
        text = self._ids.get(aggregate_id)
        if text is None:
            if len(self._ids) >= IDS:
                self._ids.clear()  # bounded: memory stays flat however long the log
            text = self._ids[aggregate_id] = str(aggregate_id)
        return text

    def _stored_id(self, stored: Any) -> tuple[str, Any]:
        """An originator id as a row holds it: as text, and as the library reads it (made
        once per aggregate while it is among the last ones read)."""
        found = self._stored.get(stored)
        if found is None:
            if len(self._stored) >= IDS:
                self._stored.clear()
            read = stored if self._convert is None else self._convert(stored)
            found = self._stored[stored] = (str(read), read)
        return found

    def decode_by_mapper(self, notification: Any) -> Fact:
        event = self.mapper.to_domain_event(notification)
        return fact_from_event(event, notification.id, notification.topic)

    def subscribe(self, after: int | None) -> Any | None:
        """The library's live subscription (LISTEN/NOTIFY on PostgreSQL), if the store has one."""
        try:
            return self.recorder.subscribe(gt=after)
        except NotImplementedError:
            return None  # SQLite: the runner polls instead

    def facts(self, after: int | None, batch: int) -> Iterator[list[Fact]]:
        """Every batch of facts above ``after`` that is in the log now."""
        while facts := self.read(after, batch):
            yield facts
            after = facts[-1].position

    @contextmanager
    def read_ahead(self, after: int | None, batch: int,
                   until: int | None = None) -> Iterator[Iterator[list[Any]]]:
        """Batches of rows (``rows``), the next one fetched while this one is worked on.

        Not where the recorder reads in this process (``reads_in_process``, SQLite): its
        reading needs this interpreter's lock row by row, so a reading thread would only
        take turns with the batch being worked on, and pay for every turn.
        """
        if getattr(self.recorder, "reads_in_process", False):
            yield self._batches(after, batch, until)
            return
        ready: queue.Queue = queue.Queue(maxsize=2)
        done = threading.Event()

        def fetch() -> None:
            start = after
            try:
                while not done.is_set():
                    rows = self.rows(start, batch, until)
                    _offer(ready, rows, done)
                    if not rows:
                        return
                    start = rows[-1][0]
            except BaseException as error:  # noqa: BLE001 - raised in the reading thread
                _offer(ready, error, done)

        def batches() -> Iterator[list[Any]]:
            while True:
                item = ready.get()
                if isinstance(item, BaseException):
                    raise item
                if not item:
                    return
                yield item

        reader = threading.Thread(target=fetch, name="log-read-ahead", daemon=True)
        reader.start()
        try:
            yield batches()
        finally:
            done.set()
            reader.join(timeout=10)


    def _batches(self, after: int | None, batch: int,
                 until: int | None) -> Iterator[list[Any]]:
        """Batches of rows (``rows``), each read when the one before is worked on."""
        while rows := self.rows(after, batch, until):
            yield rows
            after = rows[-1][0]


def _offer(ready: queue.Queue, item: Any, done: threading.Event) -> None:
    while not done.is_set():
        try:
            ready.put(item, timeout=0.1)
            return
        except queue.Full:
            continue
