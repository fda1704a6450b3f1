"""The key that signs the pages' sessions: one secret shared by every process that serves
them, or a person signed in on one worker is signed out on the next."""

from __future__ import annotations

import os
import secrets
import shlex
import sys
from collections.abc import Mapping, Sequence

UNSHARED = ("NOTALEDGER_SECRET_KEY is not set, and {workers} {server} workers would each sign "
            "the pages' sessions with a key of their own: a person signed in on one worker "
            "would be signed out on the next. Set NOTALEDGER_SECRET_KEY to one secret shared "
            "by every process (e.g. python -c 'import secrets; print(secrets.token_hex(32))').")


def gunicorn_workers(argv: Sequence[str] = sys.argv,
                     environ: Mapping[str, str] = os.environ) -> int:
    """How many gunicorn workers serve this app, read as gunicorn reads its settings
    (GUNICORN_CMD_ARGS, then the command line, else WEB_CONCURRENCY); 0 outside gunicorn."""
    if not environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        return 0
    from gunicorn.config import Config

    arguments = shlex.split(environ.get("GUNICORN_CMD_ARGS", "")) + list(argv[1:])
    parsed, _ = Config().parser().parse_known_args(arguments)
    return parsed.workers or int(environ.get("WEB_CONCURRENCY", 1))


def granian_workers(argv: Sequence[str] = sys.argv,
                    environ: Mapping[str, str] = os.environ) -> int:
    """How many granian workers serve this app (its workers are forked with its command
    line): --workers on the command line, else GRANIAN_WORKERS, else 1; 0 outside granian."""
    program = argv[0] if argv else ""
    if not (program.endswith(("granian/__main__.py", "granian/__main__.pyc"))
            or os.path.basename(program) == "granian"):
        return 0
    workers = environ.get("GRANIAN_WORKERS", "1")
    for i, argument in enumerate(argv[1:], start=1):
        if argument == "--workers" and i + 1 < len(argv):
            workers = argv[i + 1]
        elif argument.startswith("--workers="):
            workers = argument.partition("=")[2]
    return int(workers) if workers.isdigit() else 1


def served_workers(argv: Sequence[str] = sys.argv,
                   environ: Mapping[str, str] = os.environ) -> tuple[str, int]:
    """The server running this app and its worker processes: ("gunicorn", 4),
    ("granian", 2), or ("", 0) outside both."""
    for server, count in (("gunicorn", gunicorn_workers), ("granian", granian_workers)):
        workers = count(argv, environ)
        if workers:
            return server, workers
    return "", 0


def session_secret(config: Mapping, workers: int, server: str = "gunicorn") -> str:
    """The configured secret; a random one only where a single process serves the pages."""
    if config.get("SECRET_KEY"):
        return config["SECRET_KEY"]
    if workers > 1:
        message = UNSHARED.format(workers=workers, server=server)
        if server == "gunicorn":
            from gunicorn.errors import AppImportError  # gunicorn then stops, saying why

            raise AppImportError(message)
        raise SystemExit(message)  # the worker stops at its start, saying why
    return secrets.token_hex(32)  # sessions end with the process
