"""``notaledger serve``: the embedded default (SQLite events and views, projections in process)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from api.cli.demo import demo_source, load_demo

DEMO_KEYS = (("VRO", "drafter"), ("VRO", "decider"), ("VRO", "registrar"), ("OCW", "registrar"),
             ("SZW", "consultee"), ("OCW", "consultee"), ("JenV", "consultee"),
             ("VWS", "consultee"), ("gebieden", "consultee"), ("ADR", "auditor"),
             ("VRO", "admin"))


def register(subcommands) -> None:
    serve = subcommands.add_parser("serve", help="run the HTTP API (embedded default: SQLite)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true",
                       help="record a nota's story and print a key for each role")
    serve.add_argument("--seed", type=Path, help="the nota the demo imports (default: the "
                       "seed in ../shared/seeds when there, else the example nota)")
    serve.add_argument("--threads", type=int, default=16, help="requests served at once")
    serve.set_defaults(handler=run_serve)


def run_serve(arguments) -> int:
    from werkzeug.serving import make_server

    from api.http.app import create_app
    from api.web import demo as web_demo

    app = create_app({"RUN_PROJECTIONS": True, "WEB_DEMO": arguments.demo, "FREEZE_HEAP": True})
    found = app.extensions["notaledger"]
    if arguments.demo:
        load_demo_story(found.ledger, found.persons, arguments.seed)
        web_demo.load_consultation(found.ledger, found.persons)
        print_demo_keys(found.keys)
    server = make_server(arguments.host, arguments.port, app, threaded=True)
    _stop_on_sigterm(server)
    print(f"notaledger listening on http://{arguments.host}:{arguments.port} "
          f"(the werkvoorraad at /, docs at /v1/docs, spec at /v1/openapi.json)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        found.close()
    return 0


def load_demo_story(ledger, persons, seed: Path | None = None) -> None:
    """The demo nota imported and taken to publication, once; a second start leaves it be."""
    source = demo_source(seed)
    note = load_demo(ledger, persons, source)
    state = ledger.note(note)
    print(f"the nota {state['reference']} from {source.name} is in the ledger ({state['status']}, "
          f"version {state['version']})")


def print_demo_keys(keys) -> None:
    print("demo keys (shown once; each acts for one organisation in one role):")
    for organisation, role in DEMO_KEYS:
        made = keys.create(organisation, role, label="demo")
        print(f"  {organisation:<9} {role:<10} {made.token}")


def _stop_on_sigterm(server) -> None:
    """A supervisor's SIGTERM ends the server as Ctrl-C does."""
    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
