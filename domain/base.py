"""Aggregates whose events form a hash chain and record who did what."""

from __future__ import annotations

import inspect
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.audit.chain import GENESIS, canonical_bytes, event_state, link_hash

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

    class Event(Aggregate.Event):
        class_version = 1  # raise with an upcast_vN_vN+1 staticmethod when a field changes
        actor: dict
        prev_hash: str
        hash: str

        def mutate(self, aggregate: Any) -> Any:
            if aggregate is not None:  # so that apply() sees this event's time as 'modified'
                aggregate.modified_on = self.timestamp
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
        created = event_class(
            originator_topic=get_topic(cls),
            originator_id=id,
            originator_version=cls.INITIAL_VERSION,
            timestamp=kwargs.pop("timestamp", None) or event_class.create_timestamp(),
            prev_hash=GENESIS,
            hash="",
            **kwargs,
        )
        aggregate = _seal(created).mutate(None)
        aggregate.pending_events.append(created)
        return aggregate

    def trigger_event(self, event_class: type, **kwargs: Any) -> None:
        new_event = event_class(
            originator_id=self.id,
            originator_version=self.version + 1,
            timestamp=kwargs.pop("timestamp", None) or event_class.create_timestamp(),
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
