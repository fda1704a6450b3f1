"""Many open /events streams on one SSE worker (gunicorn's gevent worker).

Opens N subscribers against ``notaledger up``'s SSE server (one worker, private
PostgreSQL and Redis), sends commands through the API, and measures how long each
event takes from the command's answer to its arrival on every stream, beside the same
measured with a single stream in the same run; also the SSE worker's memory.

    python -m bench.streams [--streams 1000] [--events 20]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from api.cli.supervisor import children
from bench.common import machine, record
from bench.servers import PrivatePostgres, PrivateRedis
from bench.stack import Stack
from bench.traffic import Client, Subscriber
from bench.workload import draft_body, new_marker


@dataclass
class FanOut:
    streams: int
    connected: int = 0
    events: int = 0
    missing: int = 0  # (stream, event) pairs never received
    refused: list[int] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)  # seconds, answer → arrival
    rss_mib: float | None = None

    def ms(self, share: float) -> float:
        ordered = sorted(self.delays)
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0


def fan_out(stack: Stack, streams: int, events: int, connect_timeout: float = 60) -> FanOut:
    """Open ``streams`` subscribers, send ``events`` drafts, collect who received what."""
    result = FanOut(streams)
    token = stack.token("VRO", "auditor")  # reads everything: every event is admitted
    drafter = Client(stack.api_url, stack.token("VRO", "drafter"), timeout=15)
    head = drafter.post("draft", "/v1/notes", draft_body(f"2026-S{new_marker()}", new_marker()))
    after = head.body["position"]
    subscribers = [Subscriber(stack.sse_url, token, after) for _ in range(streams)]
    try:
        for subscriber in subscribers:
            subscriber.start()
        deadline = time.monotonic() + connect_timeout
        while time.monotonic() < deadline and not all(s.connected.is_set() for s in subscribers):
            time.sleep(0.1)
        result.connected = sum(s.connected.is_set() for s in subscribers)
        result.rss_mib = _rss_mib(stack)
        sent: dict[int, float] = {}
        for _ in range(events):
            answer = drafter.post("draft", "/v1/notes",
                                  draft_body(f"2026-S{new_marker()}", new_marker()))
            if answer.ok:
                sent[answer.body["position"]] = time.monotonic()
            time.sleep(0.05)
        result.events = len(sent)
        _await(subscribers, set(sent), timeout=30)
        for subscriber in subscribers:
            arrivals = dict(zip(subscriber.ids, subscriber.arrived, strict=True))
            result.refused += subscriber.refused
            for position, at in sent.items():
                if position in arrivals:
                    result.delays.append(max(0.0, arrivals[position] - at))
                else:
                    result.missing += 1
    finally:
        for subscriber in subscribers:
            subscriber.stop()
        drafter.close()
    return result


def _await(subscribers: list[Subscriber], positions: set[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(positions <= set(s.ids) for s in subscribers):
            return
        time.sleep(0.1)


def _rss_mib(stack: Stack) -> float | None:
    """Resident memory of the SSE server's worker(s), MiB (Linux /proc)."""
    total = 0
    for pid in children(stack.process("sse").pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024 if total else None


def run(streams: int, events: int) -> tuple[FanOut, FanOut]:
    """One stream, then many, on the same stack: (baseline, many)."""
    pg, redis = PrivatePostgres().create(), PrivateRedis().start()
    try:
        with tempfile.TemporaryDirectory(prefix="notaledger-streams-") as workdir, \
                Stack(Path(workdir), pg.url, redis.url, sse_connections=streams + 50) as stack:
            stack.wait_ready(timeout=120)
            return fan_out(stack, 1, events), fan_out(stack, streams, events)
    finally:
        pg.destroy()
        redis.destroy()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.streams", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=1000, help="open /events streams")
    parser.add_argument("--events", type=int, default=20, help="commands sent while open")
    arguments = parser.parse_args(argv)
    one, many = run(arguments.streams, arguments.events)
    print(f"# {machine()}")
    print(f"{'figure':<48} {'ours':>14} {'baseline (1 stream)':>20}")
    print(f"{'streams open at once on one gevent worker':<48} {many.connected:>14,} "
          f"{one.connected:>20,}")
    print(f"{'events received / expected':<48} "
          f"{many.events * many.connected - many.missing:>7,}/{many.events * many.streams:<6,} "
          f"{one.events - one.missing:>12}/{one.events:<7}")
    print(f"{'answer → arrival on every stream, p50 ms':<48} {many.ms(0.5):>14.1f} "
          f"{one.ms(0.5):>20.1f}")
    print(f"{'answer → arrival on every stream, p99 ms':<48} {many.ms(0.99):>14.1f} "
          f"{one.ms(0.99):>20.1f}")
    print(f"{'SSE worker memory, MiB':<48} {many.rss_mib or 0:>14.0f} {one.rss_mib or 0:>20.0f}")
    received = many.events * many.connected - many.missing
    record(f"streams: events received on {arguments.streams:,} streams", received, "events",
           "expected", many.events * many.streams, "all", met=received == many.events
           * many.streams)
    record(f"streams: answer → arrival on {arguments.streams:,} streams, p99", many.ms(0.99),
           "ms", "1 stream", one.ms(0.99))


if __name__ == "__main__":
    main()
