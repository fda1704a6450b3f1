"""After a fault run: what the clients saw, checked against the event log and a rebuild.

- events lost: a command answered with success whose event is not in the log;
- recorded despite an error: a command answered with an error status whose marker is in
  the log (the client saw an error, the ledger a success: both);
- recorded twice: a marker in more than one event (a retry that ran again);
- chain breaks: the hash chains verified from the raw stored rows (a partial write);
- views diverging: projections that differ from a clean rebuild at the same position;
- SSE missed: log positions a subscriber never received, reconnecting with Last-Event-ID.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from bench.traffic import Answer, Subscriber
from bench.workload import COMMANDS
from projections.catalogue import projectors
from projections.log import EventLog
from projections.rebuild import check

MARKER = re.compile(rb"mk[0-9a-f]{12}")
Expected = Callable[[Answer], bool]


@dataclass(frozen=True)
class Surprise:
    """Something that must not happen: an unexpected answer, a lost or doubled event."""

    kind: str  # "answer", "lost", "twice" or "despite-error"
    answer: Answer
    detail: str


@dataclass
class Result:
    """One run's figures; ``ok`` when nothing was lost, doubled, broken or unexpected."""

    scenario: str
    sent: int = 0
    succeeded: int = 0
    failed_expected: int = 0
    failed_unexpected: int = 0
    events_lost: int = 0
    views_diverging: int = 0
    recorded_despite_error: int = 0
    recorded_twice: int = 0
    chain_breaks: int = 0
    sse_missed: int = 0
    sse_reconnects: int = 0
    missed_positions: list[int] = field(default_factory=list)
    never_in_feed: list[int] = field(default_factory=list)
    resumed_after: float | None = None
    during: Counter = field(default_factory=Counter)
    surprises: list[Surprise] = field(default_factory=list)
    restarts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.failed_unexpected or self.events_lost or self.views_diverging
                    or self.recorded_twice or self.chain_breaks or self.sse_missed)

    def row(self) -> str:
        return (f"| {self.scenario} | {self.sent} | {self.succeeded} | {self.failed_expected} | "
                f"{self.failed_unexpected} | {self.events_lost} | {self.views_diverging} |")

    def details(self) -> str:
        resumed = "-" if self.resumed_after is None else f"{self.resumed_after:.1f} s"
        during = ", ".join(f"{kind} ×{n}" for kind, n in sorted(self.during.items())) or "-"
        lines = [f"recorded despite an error answer {self.recorded_despite_error} · recorded "
                 f"twice {self.recorded_twice} · chain breaks {self.chain_breaks} · SSE events "
                 f"missed {self.sse_missed} ({self.sse_reconnects} reconnects) · first command "
                 f"accepted {resumed} after the fault", f"answers during the fault: {during}"]
        if self.missed_positions:
            lines.append(f"missed by SSE subscribers: {self.missed_positions[:20]}; of them never "
                         f"added to the event feed: {self.never_in_feed[:20]}")
        lines += [f"{s.kind}: {s.detail}" for s in self.surprises[:10]]
        return "\n".join(lines)


HEADER = ("| scenario | requests sent | succeeded | failed as expected | failed unexpectedly "
          "| events lost | views diverging from a rebuild |\n|---|---:|---:|---:|---:|---:|---:|")


def table(results: list[Result]) -> str:
    return "\n".join([HEADER, *(result.row() for result in results)])


def kind_of(answer: Answer) -> str:
    what = "command" if answer.op in COMMANDS else "read"
    return f"{what} {answer.status if answer.status is not None else 'no answer'}"


def count_answers(result: Result, answers: list[Answer], expected: Expected,
                  window: tuple[float, float]) -> None:
    for answer in answers:
        result.sent += 1
        if window[0] <= answer.at <= window[1]:
            result.during[kind_of(answer)] += 1
        if answer.ok:
            result.succeeded += 1
        elif expected(answer):
            result.failed_expected += 1
        else:
            result.failed_unexpected += 1
            result.surprises.append(Surprise("answer", answer, answer.describe()))


def read_log(ledger) -> tuple[set[tuple[str, int]], set[int], Counter]:
    """Every (aggregate, version) and position in the log, and how many events carry each marker."""
    log = EventLog(ledger)
    present, positions, markers = set(), set(), Counter()
    after = 0
    while facts := log.read(after, 2000):
        for fact in facts:
            present.add((fact.aggregate_id, fact.version))
            positions.add(fact.position)
            markers.update(set(MARKER.findall(orjson.dumps(fact.data))))
        after = facts[-1].position
    return present, positions, markers


def check_markers(result: Result, answers: list[Answer], present: set, markers: Counter,
                  expected: Expected) -> None:
    """Each marker against its answers: success once, error never, unknown at most once."""
    by_marker: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.marker:
            by_marker[answer.marker].append(answer)
    for marker, attempts in by_marker.items():
        recorded = markers.get(marker.encode(), 0)
        succeeded = [a for a in attempts if a.ok]
        unknown = any(a.status is None or _in_flight(a) for a in attempts)
        if recorded > 1:
            result.recorded_twice += 1
            result.surprises.append(Surprise("twice", attempts[0],
                                             f"{attempts[0].op} {marker}: recorded {recorded} "
                                             "times"))
        for answer in succeeded:
            body = answer.body or {}
            if recorded == 0 or (body.get("id"), body.get("version")) not in present:
                result.events_lost += 1
                result.surprises.append(Surprise("lost", answer, f"{answer.op} {marker}: "
                                                 f"answered {answer.status}, not in the log"))
        if not succeeded and not unknown and recorded:
            _despite_error(result, attempts[-1], expected)


def _despite_error(result: Result, answer: Answer, expected: Expected) -> None:
    """The client saw an error, yet the command was recorded: both, never acceptable."""
    result.recorded_despite_error += 1
    if expected(answer):  # counted as expected by its status alone; it was not
        result.failed_expected -= 1
        result.failed_unexpected += 1
    result.surprises.append(Surprise("despite-error", answer,
                                     f"{answer.describe()} ({answer.marker}), yet recorded"))


def _in_flight(answer: Answer) -> bool:
    """An answer that says neither success nor failure: a request with the same key still
    running, or a save interrupted before the store could say whether it landed."""
    kind = (answer.body or {}).get("type", "") if isinstance(answer.body, dict) else ""
    return ((answer.status == 409 and kind.endswith("idempotency-in-flight"))
            or (answer.status == 503 and kind.endswith("outcome-unknown")))


def check_store(result: Result, stack, answers: list[Answer], subscribers: list[Subscriber],
                expected: Expected) -> None:
    """The log, the chains, the views and the SSE subscribers, once everything has settled."""
    ledger, views = stack.ledger(), stack.views()
    try:
        present, positions, markers = read_log(ledger)
        check_markers(result, answers, present, markers, expected)
        result.chain_breaks = len(ledger.verify().breaks)
        result.views_diverging = sum(not check(ledger, views, p).ok for p in projectors())
    finally:
        views.close()
        ledger.close()
    missed = set()
    for subscriber in subscribers:
        result.sse_missed += len(subscriber.missed(positions))
        result.sse_reconnects += subscriber.reconnects
        missed.update(subscriber.missed(positions))
    if missed:
        result.missed_positions = sorted(missed)
        result.never_in_feed = sorted(missed & set(feed_gaps(stack, positions)))


def feed_gaps(stack, positions: set[int]) -> list[int]:
    """Log positions the Redis Stream never received (so no SSE client could see them)."""
    from api.bootstrap import build_event_feed

    feed = build_event_feed(stack.env)
    entries = feed.client.xrange(feed.key)
    streamed = {int(entry_id.decode().partition("-")[0]) for entry_id, _ in entries}
    oldest = min(streamed, default=0)
    return sorted(p for p in positions if p >= oldest and p not in streamed)


# --- what a scenario expects to fail ------------------------------------------------------------

def dropped(answer: Answer) -> bool:
    """The connection broke (its server process was killed): the client knows it failed."""
    return answer.status is None


def in_flight(answer: Answer) -> bool:
    """A retry of a dropped command whose first attempt may still hold its key."""
    return answer.retry and _in_flight(answer)


def unavailable(answer: Answer) -> bool:
    """503 problem+json with Retry-After: a store is not answering; nothing was written."""
    return answer.status == 503 and answer.problem and "retry-after" in answer.headers


def views_behind(answer: Answer) -> bool:
    """A read with min_position whose view has not caught up yet (503, Retry-After)."""
    return unavailable(answer) and answer.op in ("read-own-write", "read-note")


def any_of(*kinds: Expected) -> Expected:
    return lambda answer: any(kind(answer) for kind in kinds)
