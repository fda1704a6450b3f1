"""The key that signs the pages' sessions: one secret shared by every process that serves
them, or a person signed in on one worker is signed out on the next."""

from __future__ import annotations

import os
import secrets
import shlex
import sys
from collections.abc import Mapping, Sequence

UNSHARED = ("NOTALEDGER_SECRET_KEY is not set, and {workers} gunicorn workers would each sign "
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


def session_secret(config: Mapping, workers: int) -> str:
    """The configured secret; a random one only where a single process serves the pages."""
    if config.get("SECRET_KEY"):
        return config["SECRET_KEY"]
    if workers > 1:
        from gunicorn.errors import AppImportError  # gunicorn then stops, saying why

        raise AppImportError(UNSHARED.format(workers=workers))
    return secrets.token_hex(32)  # sessions end with the process
