"""The container images' health probes (the slim image has no curl).

``python -m api.cli.probes probe URL`` exits 0 when the URL answers 200;
``python -m api.cli.probes stores`` exits 0 when the event store (and Redis, when
configured) answer.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
from urllib.parse import urlsplit


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """The URL answers 200 (any failure to connect or answer is False)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", parts.path or "/")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def stores_answer() -> str | None:
    """None when the event store and (if configured) Redis answer, else what does not."""
    from api.bootstrap import bootstrap

    with bootstrap({**os.environ, "NOTALEDGER_PG_POOL_SIZE": "1",
                    "NOTALEDGER_PG_MAX_OVERFLOW": "0"}) as services:
        try:
            services.ledger.recorder.max_notification_id()
        except Exception as error:  # noqa: BLE001 - any failure means not healthy
            return f"the event store is not answering: {error}"
        try:
            if services.redis is not None:
                services.redis.ping()
        except Exception as error:  # noqa: BLE001
            return f"Redis is not answering: {error}"
    return None


def main(argv: list[str] | None = None) -> int:
    """Health probes: ``probe URL`` (answers 200) and ``stores`` (event store and Redis)."""
    parser = argparse.ArgumentParser(prog="python -m api.cli.probes",
                                     description="health probes for the service's containers")
    actions = parser.add_subparsers(dest="action", required=True)
    probe = actions.add_parser("probe", help="exit 0 when URL answers 200, else 1")
    probe.add_argument("url", help="e.g. http://127.0.0.1:8000/healthz")
    probe.add_argument("--timeout", type=float, default=3.0)
    actions.add_parser("stores", help="exit 0 when the event store and Redis answer, else 1")
    arguments = parser.parse_args(argv)
    if arguments.action == "stores":
        failure = stores_answer()
    else:
        ok = http_ok(arguments.url, arguments.timeout)
        failure = None if ok else f"{arguments.url} did not answer 200"
    if failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
