"""Aggregates whose events form a hash chain and record who did what."""

from __future__ import annotations

import inspect
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.audit.chain import GENESIS, canonical_bytes, event_state, link_hash
from domain.effective import checked

REMEMBERED = 64  # recent requests an aggregate recognises when they are retried


def _seal(event: Any) -> Any:
    """Compute the event's chain hash from its own state and set it."""
    canonical = canonical_bytes(
        event.originator_id, event.originator_version, get_topic(type(event)), event_state(event)
    )
    object.__setattr__(event, "hash", link_hash(event.prev_hash, canonical))
    return event


class ChainedAggregate(Aggregate):
    """An aggregate whose every event carries ``actor``, ``prev_hash`` and ``hash``."""

    # Events that may be recorded as having happened in the past (with a reason); an
    # aggregate names its own. The importer may backdate any event to the nota's dates.
    BACKDATABLE: frozenset[str] = frozenset()

    class Event(Aggregate.Event):
        class_version = 2  # raise with an upcast_vN_vN+1 staticmethod when a field changes
        actor: dict
        effective: str  # when it happened in the world (domain/effective.py)
        effective_reason: str  # why it is recorded as earlier than the day it was recorded
        prev_hash: str
        hash: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            """Events from before application time: effective when recorded."""
            timestamp = state["timestamp"]
            state["effective"] = (timestamp.isoformat() if hasattr(timestamp, "isoformat")
                                  else str(timestamp))
            state["effective_reason"] = ""

        def mutate(self, aggregate: Any) -> Any:
            if aggregate is not None:  # so that apply() sees this event's time as 'modified'
                aggregate.modified_on = self.timestamp
                aggregate._effective = self.effective  # and when it happened
            aggregate = super().mutate(aggregate)
            aggregate._chain_head = self.hash
            request = self.actor.get("request")
            if request:
                aggregate._remember(request, self.originator_version)
            return aggregate

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _create(cls, event_class: type, *, id: UUID | None = None, **kwargs: Any) -> Any:  # noqa: A002
        if id is None:
            wanted = inspect.signature(cls.create_id).parameters
            id = cls.create_id(**{k: v for k, v in kwargs.items() if k in wanted})  # noqa: A001
        timestamp = kwargs.pop("timestamp", None) or event_class.create_timestamp()
        created = event_class(
            originator_topic=get_topic(cls),
            originator_id=id,
            originator_version=cls.INITIAL_VERSION,
            timestamp=timestamp,
            **cls._when(event_class, timestamp, kwargs),
            prev_hash=GENESIS,
            hash="",
            **kwargs,
        )
        aggregate = _seal(created).mutate(None)
        aggregate.pending_events.append(created)
        return aggregate

    @classmethod
    def _when(cls, event_class: type, timestamp: Any, kwargs: dict) -> dict:
        """Take the effective time and its reason out of the actor, checked for this event."""
        actor = kwargs["actor"] = dict(kwargs["actor"])
        value, reason = actor.pop("effective", None), actor.pop("effective_reason", None)
        if value is None:
            return {"effective": timestamp.isoformat(), "effective_reason": ""}
        name = event_class.__name__
        backdatable = name in cls.BACKDATABLE or actor.get("role") == "importer"
        effective = checked(value, timestamp, reason, backdatable, f"{cls.__name__} {name}")
        return {"effective": effective.text, "effective_reason": str(reason or "").strip()}

    def trigger_event(self, event_class: type, **kwargs: Any) -> None:
        timestamp = kwargs.pop("timestamp", None) or event_class.create_timestamp()
        new_event = event_class(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=timestamp,
            **self._when(event_class, timestamp, kwargs),
            prev_hash=self._chain_head,
            hash="",
            **kwargs,
        )
        _seal(new_event).mutate(self)
        self._pending_events.append(new_event)

    @property
    def chain_head(self) -> str:
        """The hash of the latest event."""
        return self._chain_head

    def answered(self, request: str) -> int | None:
        """The version a recent request left this aggregate at, or None if not seen."""
        return getattr(self, "_requests", {}).get(request)

    def _remember(self, request: str, version: int) -> None:
        """Keep the newest REMEMBERED requests, oldest first (a dict keeps its order)."""
        requests = self.__dict__.setdefault("_requests", {})
        requests.pop(request, None)
        requests[request] = version
        if len(requests) > REMEMBERED:
            del requests[next(iter(requests))]
