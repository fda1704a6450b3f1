"""The checkpoint service: ``notaledger audit checkpoint --every S``.

Each interval it signs a checkpoint when the log grew, then asks the configured witnesses to
cosign it. When the signer refuses (the store is not an extension of what it signed), it
logs at error, keeps refusing on every tick, answers 503 on ``/healthz`` and counts the
refusals on ``/metrics`` (``--listen``, default 127.0.0.1:9102).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

from api.cli.plain_http import PlainHandler
from domain.audit.service import Audit
from domain.audit.signer import SignerRefused

OUTAGES = (OperationalError, InterfaceError, psycopg.OperationalError)
log = logging.getLogger("notaledger.signer")


@dataclass
class Standing:
    """What the service has done: counts for /metrics, the refusal for /healthz."""

    signed: int = 0
    refusals: int = 0
    outages: int = 0
    size: int = 0
    refused: str | None = None
    cosignatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def metrics(self) -> str:
        with self.lock:
            return (
                "# HELP notaledger_signer_checkpoints_total checkpoints signed\n"
                "# TYPE notaledger_signer_checkpoints_total counter\n"
                f"notaledger_signer_checkpoints_total {self.signed}\n"
                "# HELP notaledger_signer_refusals_total ticks on which the signer refused\n"
                "# TYPE notaledger_signer_refusals_total counter\n"
                f"notaledger_signer_refusals_total {self.refusals}\n"
                "# HELP notaledger_signer_outages_total ticks lost to a database outage\n"
                "# TYPE notaledger_signer_outages_total counter\n"
                f"notaledger_signer_outages_total {self.outages}\n"
                "# HELP notaledger_signer_cosignatures_total witness cosignatures kept\n"
                "# TYPE notaledger_signer_cosignatures_total counter\n"
                f"notaledger_signer_cosignatures_total {self.cosignatures}\n"
                "# HELP notaledger_signer_tree_size events in the last signed checkpoint\n"
                "# TYPE notaledger_signer_tree_size gauge\n"
                f"notaledger_signer_tree_size {self.size}\n"
                "# HELP notaledger_signer_refusing 1 while the signer refuses to sign\n"
                "# TYPE notaledger_signer_refusing gauge\n"
                f"notaledger_signer_refusing {int(self.refused is not None)}\n")


def serve_standing(standing: Standing, listen: str) -> ThreadingHTTPServer:
    """/healthz (503 while refusing) and /metrics, on a thread of their own."""
    host, _, port = listen.rpartition(":")

    class Handler(PlainHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            if self.path == "/metrics":
                self._send(200, "text/plain; version=0.0.4", standing.metrics())
            elif self.path == "/healthz":
                refused = standing.refused
                body = json.dumps({"status": "refusing" if refused else "ok",
                                   "refused": refused})
                self._send(503 if refused else 200, "application/json", body)
            else:
                self._send(404, "text/plain", "not found\n")

    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), Handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="signer-http").start()
    return server


def tick(audit: Audit, standing: Standing, witnesses) -> None:
    """One round: sign if the log grew (or refuse), then collect cosignatures."""
    try:
        latest = audit.latest()
        previous = latest.size if latest else 0
        made = audit.checkpoint(only_if_grown=True)
    except SignerRefused as refusal:
        with standing.lock:
            standing.refusals += 1
            standing.refused = str(refusal)
        log.error("the signer refuses to sign: %s", refusal)
        print(f"notaledger: REFUSED: {refusal}", file=sys.stderr, flush=True)
        return
    except OUTAGES as error:  # the database is away: wait it out rather than exit
        with standing.lock:
            standing.outages += 1
        print(f"notaledger: cannot checkpoint now, trying again: {error}", file=sys.stderr,
              flush=True)
        return
    with standing.lock:
        standing.refused = None
    if made is None:
        return
    with standing.lock:
        standing.signed += 1
        standing.size = made.size
    print(f"checkpoint {made.number}: {made.size} events, root {made.root}, {made.time}, "
          f"key {made.key_id}", flush=True)
    if witnesses is not None:
        kept = witnesses.collect(made, audit.prove, audit.keep_cosignatures, previous)
        with standing.lock:
            standing.cosignatures += kept


def run_service(audit: Audit, every: float, listen: str | None, witnesses=None) -> int:
    """Tick forever."""
    standing = Standing()
    if listen:
        serve_standing(standing, listen)
    while True:
        tick(audit, standing, witnesses)
        time.sleep(every)
