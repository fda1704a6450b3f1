"""A webhook receiver on loopback, as a ministry would run one: it verifies each message with
the ``standardwebhooks`` verifier, deduplicates on ``webhook-id``, and can be told to fail."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook


@dataclass
class Arrival:
    path: str
    message_id: str
    headers: dict
    body: bytes
    at: float  # time.time() when it arrived
    verified: bool


@dataclass
class Receiver:
    """Records every POST; ``answer`` decides the status of each (200 by default)."""

    secrets: dict[str, str] = field(default_factory=dict)  # path -> signing secret
    answer: Callable[[int], int] = lambda n: 200  # noqa: E731 - request number -> status
    delay: float = 0.0
    arrivals: list[Arrival] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _count: int = 0
    down: bool = False  # while stopped, open connections are cut too
    started_at: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reserve(self) -> Receiver:
        """Choose the port now; nothing listens on it until ``start``."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        return self

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps connections open, as real receivers do

            def do_POST(self) -> None:  # noqa: N802 - the http.server spelling
                if receiver.down:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver._lock:
                    receiver._count += 1
                    status = receiver.answer(receiver._count)
                if 200 <= status < 300:
                    receiver.arrivals.append(Arrival(
                        self.path, self.headers.get("webhook-id", ""), dict(self.headers),
                        body, time.time(), receiver.verifies(self.path, body,
                                                              dict(self.headers))))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.down, self.started_at = False, time.time()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def verifies(self, path: str, body: bytes, headers: dict) -> bool:
        secret = self.secrets.get(path)
        if secret is None:
            return False
        try:
            Webhook(secret).verify(body, headers)
        except Exception:  # noqa: BLE001 - any refusal of the verifier is 'not verified'
            return False
        return True

    def unique(self) -> dict[str, Arrival]:
        """The first arrival of each message id (what a deduplicating receiver keeps)."""
        first: dict[str, Arrival] = {}
        for arrival in list(self.arrivals):
            first.setdefault(arrival.message_id, arrival)
        return first

    def stop(self) -> None:
        self.down = True
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
