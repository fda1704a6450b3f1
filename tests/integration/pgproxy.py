"""A TCP relay in front of the real PostgreSQL that can lose an insert's answer.

Armed, it cuts a connection at the moment the server confirms a COMMIT (the events are
stored, the client never hears of it) or at the moment the client sends an INSERT
(nothing reaches the server), and refuses new connections until disarmed: the store
then cannot be asked whether the insert landed. Everything else is relayed byte for byte.
A group commit is one call of the events table's insert function (adapters/pg.py) in a
transaction of its own: its request names the function, and its answer, sent once the
transaction has committed, names the function's ``r_position`` column.
"""

from __future__ import annotations

import socket
import threading

CHUNK = 65536
MARKERS = {"request": (b"INSERT INTO", b"_insert_batch"),
           "answer": (b"COMMIT\x00", b"r_position\x00")}


class PgProxy:
    def __init__(self, upstream: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut: str | None = None  # None, "answer" (after commit) or "request" (before)
        self.refuse_new = False  # new connections are closed at once
        self.cuts = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, cut: str, answer_questions: bool = False) -> None:
        """Cut the next matching message's connection, and then (unless told to answer
        questions) every other one too, refusing new ones: the server is gone."""
        with self._lock:
            self.cut, self.refuse_new = cut, not answer_questions

    def disarm(self) -> None:
        with self._lock:
            self.cut, self.refuse_new = None, False

    def down(self) -> None:
        """As if the server were gone: every connection cut, new ones refused."""
        with self._lock:
            self.refuse_new = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            for sock in self._sockets:
                _shut(sock)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self._lock:  # decided together with down(): no connection slips past it
                if self.refuse_new:  # the store cannot be asked anything
                    _shut(client)
                    _shut(server)
                    continue
                self._sockets += [client, server]
            threading.Thread(target=self._relay, args=(client, server, "request"),
                             daemon=True).start()
            threading.Thread(target=self._relay, args=(server, client, "answer"),
                             daemon=True).start()

    def _relay(self, source: socket.socket, target: socket.socket, direction: str) -> None:
        markers = MARKERS[direction]
        try:
            while data := source.recv(CHUNK):
                if self.cut == direction and any(marker in data for marker in markers):
                    self.cuts += 1
                    if self.refuse_new:
                        self.down()
                    break
                target.sendall(data)
        except OSError:
            pass
        _shut(source)
        _shut(target)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
