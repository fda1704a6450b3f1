"""The small HTTP face of the signer and the witness: health, metrics and the protocol."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


class PlainHandler(BaseHTTPRequestHandler):
    """A handler that answers with one whole body and keeps its access log quiet."""

    def _send(self, status: int, kind: str, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass
