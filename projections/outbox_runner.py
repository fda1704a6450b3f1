"""The outbox's runner: the projection runner, with one projection, in the outbox store.

An outbox opened beside a log that already has events starts at the log's head: what
happened before it existed is history, not news to send.
"""

from __future__ import annotations

from typing import Any

from projections.honesty import ViewsUntrusted, judge
from projections.outbox import OUTBOX
from projections.runner import Runner


class OutboxRunner(Runner):
    """Derives messages and deliveries from the log, exactly once, into the outbox."""

    def __init__(self, app: Any, outbox: Any, **options: Any) -> None:
        super().__init__(app, outbox, [OUTBOX], **options)

    def check_views(self) -> None:
        identity = self.log.identity()
        if identity is None:
            self._attach()
            return
        head = self.log.head() or 0
        writer = self.writers[0]
        claimed = self.store.claim(identity)
        if writer.position is None and claimed == identity:
            self.store.apply(writer.name, [], head, None)
            writer.reload()
        trust = judge(identity, head, claimed, {writer.name: writer.position})
        if not trust.ok:
            raise ViewsUntrusted(trust)
