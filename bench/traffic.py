"""Traffic for the load and fault runs: keep-alive HTTP clients and SSE subscribers.

Every request is recorded as an ``Answer``, with no exception escaping: a connection that
fails is an answer with no status, so a run can count what each client saw.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Answer:
    """What one request got: a status (None when the connection failed) and how fast."""

    op: str
    status: int | None
    seconds: float
    body: dict | None = None
    headers: dict = field(default_factory=dict)
    error: str = ""
    marker: str = ""
    retry: bool = False
    at: float = 0.0  # time.monotonic() when it was sent

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 300

    @property
    def problem(self) -> bool:
        """An error answered as RFC 9457 problem+json."""
        return self.headers.get("content-type", "").startswith("application/problem+json")

    def describe(self) -> str:
        detail = (self.body or {}).get("detail", "") if isinstance(self.body, dict) else ""
        return (f"{self.op}: {self.status if self.status is not None else 'no answer'} "
                f"{detail or self.error}".strip())


IDLE_SECONDS = 4.0  # below the SSE server's keep-alive of 5 s (gunicorn)


class Client:
    """One keep-alive connection to the API with one key; reconnects after a failure."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0,
                 person: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.headers = {"Authorization": f"Bearer {token}"}
        if person:
            self.headers["X-Person-Id"] = person
        self._connection: http.client.HTTPConnection | None = None
        self._used = 0.0

    def get(self, op: str, path: str) -> Answer:
        return self.send(op, "GET", path)

    def post(self, op: str, path: str, body: dict | None = None, marker: str = "",
             key: str | None = None, idempotent: bool = True) -> Answer:
        """A command; with an Idempotency-Key (a fresh one unless given) when idempotent."""
        headers = {"Idempotency-Key": key or uuid.uuid4().hex} if idempotent else {}
        return self.send(op, "POST", path, body, headers, marker)

    def send(self, op: str, method: str, path: str, body: dict | None = None,
             headers: dict | None = None, marker: str = "") -> Answer:
        sent = {**self.headers, **(headers or {})}
        data = None
        if body is not None:
            data = json.dumps(body)
            sent["Content-Type"] = "application/json"
        at, started = time.monotonic(), time.perf_counter()
        try:
            connection = self._connect()
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Answer(op, None, time.perf_counter() - started, error=type(error).__name__,
                          marker=marker, at=at,
                          headers={"idempotency-key": sent.get("Idempotency-Key", "")})
        seconds = time.perf_counter() - started
        found = {k.lower(): v for k, v in response.getheaders()}
        found.setdefault("idempotency-key", sent.get("Idempotency-Key", ""))
        return Answer(op, response.status, seconds, _json(raw), found, marker=marker, at=at)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is not None and time.monotonic() - self._used > IDLE_SECONDS:
            self.close()  # the server may be closing it just now: a request sent then is lost
        self._used = time.monotonic()
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port,
                                                          timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _json(raw: bytes) -> dict | None:
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    return found if isinstance(found, dict) else {"items": found}


class Subscriber(threading.Thread):
    """An SSE client of /events that reconnects with Last-Event-ID, as browsers do."""

    def __init__(self, base_url: str, token: str, after: int, pause: float = 0.3) -> None:
        super().__init__(name="sse-subscriber", daemon=True)
        parts = urlsplit(base_url)
        self.host, self.port, self.token, self.pause = parts.hostname, parts.port, token, pause
        self.start_after, self.last = after, after
        self.ids: list[int] = []
        self.arrived: list[float] = []  # time.monotonic() of each id's arrival
        self.reconnects = 0
        self.refused: list[int] = []  # statuses of reconnects that were answered with an error
        self._stopping = threading.Event()
        self._connection: http.client.HTTPConnection | None = None
        self.connected = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._follow()
            except (OSError, http.client.HTTPException, ValueError):
                pass
            if not self._stopping.is_set():
                self.reconnects += 1
                self._stopping.wait(self.pause)

    def _follow(self) -> None:
        # a read timeout above the server's 15 s keep-alive: silence means a dead stream
        self._connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        self._connection.request("GET", f"/v1/events?after={self.start_after}", headers={
            "Authorization": f"Bearer {self.token}", "Accept": "text/event-stream",
            **({"Last-Event-ID": str(self.last)} if self.last > self.start_after else {})})
        response = self._connection.getresponse()
        if response.status != 200:
            self.refused.append(response.status)
            response.read()
            return
        self.connected.set()
        while not self._stopping.is_set():
            line = response.readline()
            if not line:
                return  # the server ended the stream
            if line.startswith(b"id:"):
                self.last = int(line[3:].strip())
                self.ids.append(self.last)
                self.arrived.append(time.monotonic())

    def stop(self) -> None:
        self._stopping.set()
        connection = self._connection
        if connection is not None and connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.join(timeout=5)

    def missed(self, positions: set[int]) -> list[int]:
        """The log positions after its start it has not received."""
        received = set(self.ids)
        return sorted(p for p in positions if p > self.start_after and p not in received)
