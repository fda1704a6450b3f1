"""`notaledger up`: the compose file's processes on this machine, started, healthy, stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from adapters.signing import Ed25519Signer, write_key
from api.cli.probes import http_ok
from api.cli.up import pg_settings
from bench.servers import PrivatePostgres, PrivateRedis, Unavailable, free_port
from bench.stack import clean_environ
from domain.errors import InvalidInput
from tests.conftest import _unavailable

pytestmark = [pytest.mark.postgres, pytest.mark.redis]  # servers of its own


def test_pg_url_becomes_the_event_store_settings():
    assert pg_settings("postgresql://ledger:s%40cret@db.local:5433/notes?schema=prod") == {
        "NOTALEDGER_PG_HOST": "db.local", "NOTALEDGER_PG_PORT": "5433",
        "NOTALEDGER_PG_DBNAME": "notes", "NOTALEDGER_PG_USER": "ledger",
        "NOTALEDGER_PG_PASSWORD": "s@cret", "NOTALEDGER_PG_SCHEMA": "prod"}


def test_a_url_that_is_not_postgresql_is_refused_plainly():
    with pytest.raises(InvalidInput, match="expected postgresql://"):
        pg_settings("mysql://root@localhost/notes")
    done = subprocess.run([sys.executable, "-m", "api.cli", "up", "--pg", "notes"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("notaledger: --pg 'notes'")


@pytest.fixture
def servers():
    try:
        pg, redis = PrivatePostgres().create(), PrivateRedis().start()
    except Unavailable as error:
        _unavailable("a private PostgreSQL cluster or redis-server", error)
    yield pg, redis
    pg.destroy()
    redis.destroy()


def _up(servers, tmp_path, port: int, sse_port: int) -> subprocess.Popen:
    pg, redis = servers
    key = tmp_path / "audit-key.pem"
    write_key(Ed25519Signer.generate(), key)
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "up", "--pg", pg.url, "--redis-url", redis.url,
         "--port", str(port), "--sse-port", str(sse_port), "--workers", "1", "--threads", "2",
         "--sse-connections", "50", "--audit-key", str(key), "--checkpoint-every", "1",
         "--log-dir", str(tmp_path / "log")],
        env=clean_environ(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_up_starts_every_process_prints_where_and_stops_them_all_on_sigterm(servers, tmp_path):
    port, sse_port = free_port(), free_port()
    up = _up(servers, tmp_path, port, sse_port)
    try:
        lines = []
        while not any("Ctrl-C stops them all" in line for line in lines):
            line = up.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        printed = "".join(lines)
        assert f"http://127.0.0.1:{port}" in printed
        assert f"http://127.0.0.1:{sse_port}/v1/events" in printed
        pids = [int(line.split()[2]) for line in lines if line.split()[:1] and
                line.split()[0] in ("api", "sse", "projections", "checkpoints")]
        assert len(pids) == 4
        assert http_ok(f"http://127.0.0.1:{port}/readyz")
        assert http_ok(f"http://127.0.0.1:{sse_port}/healthz")
    finally:
        up.send_signal(signal.SIGTERM)
        rest, _ = up.communicate(timeout=60)
    assert up.returncode == 0, rest
    assert "stopped: checkpoints" in rest
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)
    assert (tmp_path / "log" / "checkpoints.log").exists()
