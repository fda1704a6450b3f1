"""``notaledger up``: the compose file's processes, run directly on this machine.

The API under granian (the app factory, WSGI workers with threads), the SSE server (the same app
under gunicorn's gevent worker: an open stream is a greenlet, not a thread), the projection worker
and the checkpoint service, against the local PostgreSQL and Redis. It waits until each
is healthy, prints where they listen, restarts any that dies, and stops them all on
Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from adapters.signing import DEFAULT_KEY_FILE
from api.cli.probes import http_ok
from api.cli.supervisor import Spec, Supervisor, Unhealthy
from domain.audit.checkpoint import DEFAULT_ORIGIN
from domain.errors import InvalidInput

REDIS_URL = "redis://127.0.0.1:6379/0"
SERVICES = ("api", "sse", "projections", "deliveries", "checkpoints",
            "witness")  # the witness: optional


@dataclass
class Options:
    """What ``up`` runs, and where: the command line's arguments as plain values."""

    workers: int = 2
    threads: int = 4
    sse_connections: int = 1000
    host: str = "127.0.0.1"
    port: int = 8000
    sse_port: int = 8001
    redis_url: str = REDIS_URL
    pg: str | None = None
    checkpoint_every: float | None = 300.0
    audit_key: str | None = None
    log_dir: str = "var/log/up"
    witness_key: str | None = None


def register(subcommands) -> None:
    up = subcommands.add_parser(
        "up", help="run the production processes here (API, SSE, projections, checkpoints)")
    up.add_argument("--workers", type=int, default=2, help="granian workers of the API")
    up.add_argument("--threads", type=int, default=4, help="threads per API worker")
    up.add_argument("--sse-connections", type=int, default=1000,
                    help="connections the SSE server holds at once (open event streams)")
    up.add_argument("--host", default="127.0.0.1", help="address the servers listen on")
    up.add_argument("--port", type=int, default=8000, help="the API's port")
    up.add_argument("--sse-port", type=int, default=8001, help="the SSE server's port")
    up.add_argument("--redis-url", default=os.environ.get("NOTALEDGER_REDIS_URL", REDIS_URL))
    up.add_argument("--pg", metavar="URL",
                    help="postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME] "
                         "(default: the NOTALEDGER_PG_* settings)")
    up.add_argument("--checkpoint-every", type=float, default=300.0, metavar="SECONDS",
                    help="sign a checkpoint this often (when the log grew)")
    up.add_argument("--no-checkpoints", action="store_true",
                    help="run without the checkpoint service (no signing key here)")
    up.add_argument("--audit-key", metavar="FILE",
                    help=f"the checkpoint signing key (default: $NOTALEDGER_AUDIT_KEY_FILE or "
                         f"{DEFAULT_KEY_FILE})")
    up.add_argument("--witness-key", metavar="FILE",
                    help="also run a witness of this log here, with this key (notaledger "
                         "witness keygen), its state in var/witness, on port 8090")
    up.add_argument("--log-dir", default="var/log/up", help="one log file per process")
    up.add_argument("--timeout", type=float, default=60.0,
                    help="seconds each process has to become healthy")
    up.add_argument("--prepare-only", action="store_true",
                    help="create the tables every process uses, then exit (compose's prepare)")
    up.set_defaults(handler=run_up)


def options_from(arguments) -> Options:
    every = None if arguments.no_checkpoints else arguments.checkpoint_every
    if every is not None and every <= 0:
        raise InvalidInput("--checkpoint-every needs a positive number of seconds")
    if arguments.workers < 1 or arguments.threads < 1 or arguments.sse_connections < 1:
        raise InvalidInput("--workers, --threads and --sse-connections need at least 1")
    if urlsplit(arguments.redis_url).scheme not in ("redis", "rediss", "unix"):
        raise InvalidInput(f"--redis-url {arguments.redis_url!r}: expected redis://HOST:PORT/DB")
    return Options(arguments.workers, arguments.threads, arguments.sse_connections,
                   arguments.host,
                   arguments.port, arguments.sse_port, arguments.redis_url, arguments.pg, every,
                   arguments.audit_key, arguments.log_dir, arguments.witness_key)


def run_up(arguments) -> int:
    options = options_from(arguments)
    environ = settings(options)
    prepare(environ)
    if arguments.prepare_only:
        print("tables ready: events, keys, persons, idempotency, audit")
        return 0
    supervisor = Supervisor(specs(options, environ), Path(options.log_dir), report=_say)
    signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's SIGTERM acts as Ctrl-C
    try:
        supervisor.start(timeout=arguments.timeout)
        print_listening(supervisor, options, environ)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    except Unhealthy as error:
        print(f"notaledger: {error}", file=sys.stderr)
        return 1
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        print("stopping ...", flush=True)
        statuses = supervisor.stop()
        print("stopped: " + ", ".join(f"{name} (exit {status})"
                                      for name, status in statuses.items()), flush=True)
    return 0


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def _say(line: str) -> None:
    print(f"notaledger up: {line}", file=sys.stderr, flush=True)


# --- settings ---------------------------------------------------------------------------------

def pg_settings(url: str) -> dict[str, str]:
    """NOTALEDGER_PG_* settings from postgresql://user:password@host:port/db?schema=name."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise InvalidInput(f"--pg {url!r}: expected postgresql://USER@HOST:PORT/DATABASE")
    found = {"NOTALEDGER_PG_HOST": parts.hostname or "127.0.0.1",
             "NOTALEDGER_PG_PORT": str(parts.port or 5432),
             "NOTALEDGER_PG_DBNAME": unquote(parts.path.strip("/")),
             "NOTALEDGER_PG_USER": unquote(parts.username or "postgres"),
             "NOTALEDGER_PG_PASSWORD": unquote(parts.password or "")}
    schema = parse_qs(parts.query).get("schema")
    if schema:
        found["NOTALEDGER_PG_SCHEMA"] = schema[0]
    return found


def settings(options: Options, environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment every process gets: PostgreSQL events, Redis views, feed and keys."""
    found = {**environ, "NOTALEDGER_STORE": "postgres", "NOTALEDGER_VIEWS": "redis",
             "NOTALEDGER_REDIS_URL": options.redis_url, "PYTHONUNBUFFERED": "1"}
    if options.pg:
        found.update(pg_settings(options.pg))
    return found


def prepare(environ: Mapping[str, str]) -> None:
    """Create every table once, before several processes would race to create them."""
    from eventsourcing.persistence import OperationalError

    from api.bootstrap import bootstrap

    try:
        with bootstrap({**environ, **pooled(environ, 1, 1)}) as every:
            every.built()  # each store creates its tables as it is built
    except OperationalError as error:
        raise InvalidInput(f"PostgreSQL at {environ.get('NOTALEDGER_PG_HOST', '127.0.0.1')}:"
                           f"{environ.get('NOTALEDGER_PG_PORT', '5432')} is not answering "
                           f"({error})") from None


def pooled(environ: Mapping[str, str], size: int, overflow: int) -> dict[str, str]:
    """Connections per process sized to its threads, unless the environment says otherwise.

    The library's default (10, and 10 more) times five processes would take most of a
    stock PostgreSQL's hundred connections.
    """
    return {"NOTALEDGER_PG_POOL_SIZE": str(size), "NOTALEDGER_PG_MAX_OVERFLOW": str(overflow),
            **{k: v for k, v in environ.items()
               if k in ("NOTALEDGER_PG_POOL_SIZE", "NOTALEDGER_PG_MAX_OVERFLOW")}}


def _key_file(options: Options, environ: Mapping[str, str]) -> Path:
    path = Path(options.audit_key or environ.get("NOTALEDGER_AUDIT_KEY_FILE", DEFAULT_KEY_FILE))
    if not path.is_file():
        raise InvalidInput(f"no checkpoint signing key at {path}: make one with "
                           f"notaledger audit keygen -o {path}, or pass --no-checkpoints")
    return path


def _serving(environ: dict[str, str], key: Path | None) -> dict[str, str]:
    """The services' environment: tables already made, and the public key only (the
    private one stays with the signer)."""
    env = {k: v for k, v in environ.items()
           if k not in ("NOTALEDGER_AUDIT_KEY", "NOTALEDGER_AUDIT_KEY_FILE")}
    # read by the library (its app name, upper case, is the prefix): several processes
    # creating the same tables at once make PostgreSQL refuse ("tuple concurrently updated")
    env["NOTALEDGER_CREATE_TABLE"] = "no"
    # every process of this run signs the pages' sessions with one key (a fresh one per run
    # unless set): the servers refuse several workers without it
    env.setdefault("NOTALEDGER_SECRET_KEY", secrets.token_hex(32))
    public = key.with_name(key.name + ".pub") if key else None
    if public is not None and public.is_file():
        env.setdefault("NOTALEDGER_AUDIT_PUBLIC_KEY", str(public))
    return env


# --- the processes ----------------------------------------------------------------------------

def gunicorn(bind: str, workers: int, graceful: int, *, threads: int = 0,
             connections: int = 0) -> list[str]:
    """gunicorn serving the app factory (as in docker-compose.yml): gthread workers with
    ``threads`` each, or gevent workers holding ``connections`` each (the SSE server)."""
    worker = (["--worker-class", "gevent", "--worker-connections", str(connections)]
              if connections else ["--worker-class", "gthread", "--threads", str(threads)])
    return [sys.executable, "-m", "gunicorn", "--bind", bind, *worker,
            "--workers", str(workers), "--timeout", "60",
            "--graceful-timeout", str(graceful), "--keep-alive", "5", "--log-level", "warning",
            "api.http.app:create_app()"]


def granian(host: str, port: int, workers: int, threads: int, graceful: int) -> list[str]:
    """granian serving the app factory over WSGI (as in docker-compose.yml): ``workers``
    processes, each running the app on ``threads`` threads while HTTP is read and written
    in Rust; a worker that dies is started again."""
    return [sys.executable, "-m", "granian", "--interface", "wsgi", "--factory",
            "--host", host, "--port", str(port), "--workers", str(workers),
            "--blocking-threads", str(threads), "--respawn-failed-workers",
            "--workers-kill-timeout", str(graceful), "--no-ws", "--log-level", "warning",
            "api.http.app:create_app"]


def _metrics_dir(log_dir: str, name: str) -> str:
    """A fresh folder where a server's workers pool their Prometheus samples."""
    Path(log_dir).mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix=f"metrics-{name}-", dir=log_dir)


def specs(options: Options, environ: dict[str, str]) -> list[Spec]:
    """The services in the order they start: servers, projection worker, checkpoints."""
    key = _key_file(options, environ) if options.checkpoint_every else None
    served = _serving(environ, key)
    api_url = f"http://{options.host}:{options.port}"
    sse_url = f"http://{options.host}:{options.sse_port}"
    found = [
        Spec("api", granian(options.host, options.port, options.workers, options.threads, 20),
             {**served, **pooled(environ, 2, options.threads),
              "PROMETHEUS_MULTIPROC_DIR": _metrics_dir(options.log_dir, "api")},
             health=lambda: http_ok(f"{api_url}/healthz"), listens=api_url),
        Spec("sse", gunicorn(f"{options.host}:{options.sse_port}", 1, 3,
                             connections=options.sse_connections),
             {**served, **pooled(environ, 1, 4),
              "PROMETHEUS_MULTIPROC_DIR": _metrics_dir(options.log_dir, "sse")},
             health=lambda: http_ok(f"{sse_url}/healthz"), listens=f"{sse_url}/v1/events"),
        # `notaledger projections run` and `notaledger audit checkpoint`, by this interpreter
        Spec("projections", [sys.executable, "-m", "api.cli", "projections", "run"],
             {**served, **pooled(environ, 2, 2)}),
        # the outbox and the sender of webhooks and e-mail (README: Notifications)
        Spec("deliveries", [sys.executable, "-m", "api.cli", "deliveries", "run"],
             {**served, **pooled(environ, 1, 1)}),
    ]
    if key is not None:
        found.append(Spec("checkpoints", [sys.executable, "-m", "api.cli", "audit", "checkpoint",
                                          "--every", f"{options.checkpoint_every:g}"],
                          {**served, **pooled(environ, 1, 1),
                           "NOTALEDGER_AUDIT_KEY_FILE": str(key),
                           "NOTALEDGER_SIGNER_STATE_DIR": environ.get(
                               "NOTALEDGER_SIGNER_STATE_DIR", "var/signer")}))
    if key is not None and options.witness_key:
        found.append(_witness(options, environ, key))
    return found


def _witness(options: Options, environ: Mapping[str, str], key: Path) -> Spec:
    """A witness of this log beside it (an auditor runs its own elsewhere)."""
    url = f"http://{options.host}:8090"
    origin = environ.get("NOTALEDGER_AUDIT_ORIGIN", DEFAULT_ORIGIN)
    return Spec("witness", [sys.executable, "-m", "api.cli", "witness", "serve",
                            "--name", "localhost/witness", "--key", options.witness_key,
                            "--state", "var/witness", "--log-origin", origin,
                            "--log-key", f"{key}.pub", "--host", options.host, "--port", "8090"],
                dict(environ), health=lambda: http_ok(f"{url}/healthz"), listens=url)


def print_listening(supervisor: Supervisor, options: Options, environ: Mapping[str, str]) -> None:
    where = (f"PostgreSQL {environ.get('NOTALEDGER_PG_HOST', '127.0.0.1')}:"
             f"{environ.get('NOTALEDGER_PG_PORT', '5432')}/"
             f"{environ.get('NOTALEDGER_PG_DBNAME', 'notaledger')}")
    print(f"notaledger is up on {where} and Redis {options.redis_url}:")
    for name, process in supervisor.processes.items():
        print(f"  {name:<12} pid {process.pid:<8} {process.spec.listens or '-'}")
    print(f"  docs at http://{options.host}:{options.port}/v1/docs; logs in {options.log_dir}/; "
          "Ctrl-C stops them all", flush=True)
