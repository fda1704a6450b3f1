"""``notaledger witness``: an independent auditor's witness, on its own machine, with its own
key and state (c2sp.org/tlog-witness).

    notaledger witness keygen --name audit.example.nl/w1 -o witness.pem
    notaledger witness serve --name audit.example.nl/w1 --key witness.pem --state DIR \\
        --log-origin ledger.example.nl/notaledger --log-key ledger.pem.pub [--port 8090]

It answers ``POST /add-checkpoint``, ``GET /<sha256 of the origin>/checkpoint`` (the latest
checkpoint it cosigned, with its cosignature), ``/healthz`` (503 after an alarm) and
``/metrics``. On a fork, a rollback, a bad signature or a failing proof it cosigns nothing,
logs at error, posts the alarm to ``--webhook`` and, with ``--exit-on-alarm``, exits 1.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
import urllib.request
from http.server import ThreadingHTTPServer

from adapters.signing import Ed25519Signer, load_verifier, signer_from_env, write_key
from adapters.witness_state import FileWitnessState, StateTampered
from api.cli.plain_http import PlainHandler
from domain.audit.note import COSIGNATURE, vkey
from domain.audit.witness import Alarm, Witness
from domain.errors import InvalidInput

log = logging.getLogger("notaledger.witness")
MAX_BODY = 65536
ENV = os.environ.get


def register(subcommands) -> None:
    witness = subcommands.add_parser("witness", help="run a witness that cosigns checkpoints")
    actions = witness.add_subparsers(dest="action", required=True, metavar="ACTION")
    keygen = actions.add_parser("keygen", help="make the witness's Ed25519 key")
    keygen.add_argument("--name", required=True, help="the witness's name, e.g. audit.nl/w1")
    keygen.add_argument("-o", "--output", required=True, help="private key file to write")
    keygen.set_defaults(handler=run_keygen)
    serve = actions.add_parser("serve", help="answer add-checkpoint requests")
    serve.add_argument("--name", default=ENV("NOTALEDGER_WITNESS_NAME"))
    serve.add_argument("--key", default=ENV("NOTALEDGER_WITNESS_KEY_FILE"),
                       help="the witness's private key (PEM)")
    serve.add_argument("--state", default=ENV("NOTALEDGER_WITNESS_STATE_DIR", "var/witness"),
                       help="the witness's own state directory")
    serve.add_argument("--log-origin", default=ENV("NOTALEDGER_WITNESS_LOG_ORIGIN"),
                       help="the origin of the log it witnesses")
    serve.add_argument("--log-key", default=ENV("NOTALEDGER_WITNESS_LOG_KEY"),
                       help="the log's public key (PEM file, base64 or hex)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    serve.add_argument("--webhook", default=ENV("NOTALEDGER_WITNESS_WEBHOOK"),
                       help="POST each alarm as JSON here")
    serve.add_argument("--exit-on-alarm", action="store_true",
                       help="stop with status 1 after the first alarm")
    serve.set_defaults(handler=run_serve)


def run_keygen(arguments) -> int:
    signer = Ed25519Signer.generate()
    write_key(signer, arguments.output)
    print(f"private key: {arguments.output}")
    print(f"witness key: {vkey(arguments.name, COSIGNATURE, signer.verifier().public_key)}")
    print("give the witness key to the ledger (NOTALEDGER_WITNESS_KEYS) and to auditors "
          "(notaledger-verify --witness-key)")
    return 0


def build_witness(arguments, alert) -> tuple[Witness, FileWitnessState]:
    for option in ("name", "key", "log_origin", "log_key"):
        if not getattr(arguments, option):
            raise InvalidInput(f"--{option.replace('_', '-')} is required")
    signer = signer_from_env({"NOTALEDGER_AUDIT_KEY_FILE": arguments.key})
    state = FileWitnessState(arguments.state, signer, arguments.name)
    witness = Witness(arguments.name, signer, arguments.log_origin,
                      load_verifier(arguments.log_key), state, alert=alert)
    return witness, state


def run_serve(arguments) -> int:
    alarms: list[Alarm] = []
    stop = threading.Event()

    def alert(alarm: Alarm) -> None:
        alarms.append(alarm)
        log.error("ALARM %s: %s", alarm.kind, alarm.detail)
        print(f"notaledger witness: ALARM {alarm.kind}: {alarm.detail}", file=sys.stderr,
              flush=True)
        if arguments.webhook:
            _post(arguments.webhook, alarm)
        if arguments.exit_on_alarm:
            stop.set()

    try:
        witness, state = build_witness(arguments, alert)
    except StateTampered as tampered:
        log.error("the witness's state is not as it left it: %s", tampered)
        print(f"notaledger witness: REFUSING TO START: {tampered}", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer((arguments.host, arguments.port), _handler(witness, state))
    threading.Thread(target=server.serve_forever, daemon=True, name="witness-http").start()
    print(f"witness {witness.name} for {witness.origin} on "
          f"http://{arguments.host}:{server.server_address[1]}", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.shutdown()
    return 1 if alarms else 0


def _post(url: str, alarm: Alarm) -> None:
    body = json.dumps({"alarm": alarm.kind, "detail": alarm.detail,
                       "submitted": alarm.submitted, "latest": alarm.latest}).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except OSError as error:
        log.error("the alarm webhook %s failed: %s", url, error)


def _handler(witness: Witness, state: FileWitnessState):
    monitored = "/" + hashlib.sha256(witness.origin.encode()).hexdigest() + "/checkpoint"

    class Handler(PlainHandler):
        def do_POST(self) -> None:  # noqa: N802 - the standard library's name
            length = int(self.headers.get("Content-Length") or 0)
            if self.path.rstrip("/").rsplit("/", 1)[-1] != "add-checkpoint":
                return self._send(404, "text/plain", "not found\n")
            if length > MAX_BODY:
                return self._send(413, "text/plain", "too large\n")
            try:
                text = self.rfile.read(length).decode("utf-8")
            except UnicodeDecodeError:
                return self._send(400, "text/plain", "not UTF-8\n")
            status, answer = witness.add_checkpoint(text)
            kind = "text/x.tlog.size" if status == 409 else "text/plain; charset=utf-8"
            self._send(status, kind, answer)

        def do_GET(self) -> None:  # noqa: N802
            latest = state.latest()
            if self.path == "/healthz":
                self._send(503 if state.alarms else 200, "application/json",
                           json.dumps({"alarms": state.alarms}))
            elif self.path == "/metrics":
                self._send(200, "text/plain; version=0.0.4",
                           f"notaledger_witness_alarms_total {state.alarms}\n"
                           f"notaledger_witness_size {latest.checkpoint.size if latest else 0}\n")
            elif self.path == monitored and latest is not None:
                self._send(200, "text/plain; charset=utf-8", latest.note + latest.cosignature)
            else:
                self._send(404, "text/plain", "not found\n")

    return Handler
