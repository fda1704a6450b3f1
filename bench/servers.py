"""Throwaway PostgreSQL and Redis servers on loopback, to stop and start under load.

The machine's shared servers are never stopped: every fault scenario gets servers of its
own, in a temporary folder, on free ports. PostgreSQL refuses to run as root, so as root
``initdb`` and ``pg_ctl`` run as the ``postgres`` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import redis

PG_BIN = Path(os.environ.get("NOTALEDGER_PG_BIN", "/usr/lib/postgresql/15/bin"))
HOST = "127.0.0.1"


class Unavailable(RuntimeError):
    """A server binary or account this needs is missing on this machine."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """A PostgreSQL cluster of our own: initdb in a temp folder, pg_ctl to stop and start."""

    def __init__(self, port: int | None = None, max_connections: int = 200) -> None:
        if not (PG_BIN / "initdb").exists():
            raise Unavailable(f"no initdb in {PG_BIN} (set NOTALEDGER_PG_BIN)")
        self.port, self.max_connections = port or free_port(), max_connections
        self.folder = Path(tempfile.mkdtemp(prefix="notaledger-pg-"))
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self._as_user = self._account()

    def _account(self) -> list[str]:
        """Run as postgres when we are root (initdb refuses root)."""
        if os.geteuid() != 0:
            return []
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no postgres user") from None
        os.chown(self.folder, account.pw_uid, account.pw_gid)
        return ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/notaledger"

    def _run(self, *argv: str, timeout: float = 60) -> None:
        subprocess.run([*self._as_user, *argv], check=True, timeout=timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def create(self) -> PrivatePostgres:
        """initdb, start, and create the database ``notaledger``."""
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--no-sync", "--no-instructions")
        self.start()
        with psycopg.connect(host=HOST, port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute("CREATE DATABASE notaledger")
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses={HOST} -k {self.folder} "
                   f"-c max_connections={self.max_connections} -c shared_buffers=64MB")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o",
                  options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "immediate") -> None:
        """Stop it: ``immediate`` is a crash (recovery on the next start), ``fast`` is clean."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def answering(self) -> bool:
        try:
            with psycopg.connect(host=HOST, port=self.port, user="postgres", dbname="postgres",
                                 connect_timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop()
            except subprocess.SubprocessError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateRedis:
    """A redis-server of our own with an append-only file, so a stop loses nothing."""

    def __init__(self, port: int | None = None) -> None:
        if shutil.which("redis-server") is None:
            raise Unavailable("redis-server is not on PATH")
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="notaledger-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", HOST, "--dir", str(self.folder),
             "--save", "", "--appendonly", "yes", "--appendfsync", "everysec"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        client = redis.Redis(host=HOST, port=self.port, socket_timeout=1)
        for _ in range(200):
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise Unavailable(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        """SIGTERM: Redis writes its append-only file and exits; a start reads it back."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def destroy(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)
