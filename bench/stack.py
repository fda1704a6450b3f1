"""The processes of ``notaledger up`` on a given PostgreSQL and Redis, for load and fault runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from adapters.signing import Ed25519Signer, write_key
from api.cli.probes import http_ok
from api.cli.supervisor import Process, Supervisor
from api.cli.up import Options, pooled, prepare, settings, specs
from bench.servers import free_port


def clean_environ() -> dict[str, str]:
    """This process's environment without our settings, so nothing leaks into the stack."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith("NOTALEDGER_") and k != "PROMETHEUS_MULTIPROC_DIR"}


class Stack:
    """API, SSE server, projection worker and checkpoint service, supervised, on loopback."""

    def __init__(self, workdir: Path, pg_url: str, redis_url: str, *, workers: int = 2,
                 threads: int = 4, sse_connections: int = 1000,
                 checkpoint_every: float = 5.0) -> None:
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        key = self.workdir / "audit-key.pem"
        if not key.exists():
            write_key(Ed25519Signer.generate(), key)
        self.options = Options(workers, threads, sse_connections, port=free_port(),
                               sse_port=free_port(), redis_url=redis_url, pg=pg_url,
                               checkpoint_every=checkpoint_every, audit_key=str(key),
                               log_dir=str(self.workdir / "log"))
        self.env = settings(self.options, clean_environ())
        self.supervisor: Supervisor | None = None
        self._tokens: dict[tuple[str, str], str] = {}
        self._people: set[str] = set()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.options.port}"

    @property
    def sse_url(self) -> str:
        return f"http://127.0.0.1:{self.options.sse_port}"

    def start(self, timeout: float = 90.0) -> Stack:
        prepare(self.env)
        self.supervisor = Supervisor(specs(self.options, self.env),
                                     Path(self.options.log_dir)).start(timeout=timeout)
        return self

    def stop(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = None

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()

    def process(self, name: str) -> Process:
        return self.supervisor.processes[name]

    # --- keys and stores, from this process -----------------------------------------------

    def _local_env(self) -> dict[str, str]:
        return {**self.env, **pooled({}, 1, 2)}

    def token(self, organisation: str, role: str) -> str:
        """A key for the organisation and role (made once per stack)."""
        if (organisation, role) not in self._tokens:
            from api.bootstrap import build_keys

            keys = build_keys(self._local_env())
            try:
                self._tokens[organisation, role] = keys.create(organisation, role, "bench").token
            finally:
                keys.close()
        return self._tokens[organisation, role]

    def person(self, person_id: str, organisation: str, role: str) -> str:
        """Register the person a client acts as (X-Person-Id must name one of the key's
        organisation whose roles allow the command); made once per stack."""
        if person_id not in self._people:
            from api.bootstrap import build_persons

            persons = build_persons(self._local_env())
            kind = "minister" if role == "decider" else "civil_servant"
            try:
                persons.register(person_id, person_id, kind, organisation, (role,))
            finally:
                getattr(persons, "close", lambda: None)()
            self._people.add(person_id)
        return person_id

    def ledger(self):
        from api.bootstrap import build_ledger

        return build_ledger(self._local_env())

    def views(self):
        from api.bootstrap import build_view_store

        return build_view_store(self._local_env())

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds until every process is healthy and /readyz says ready (TimeoutError)."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.supervisor.all_healthy() and http_ok(f"{self.api_url}/readyz"):
                return time.monotonic() - started
            time.sleep(0.2)
        raise TimeoutError(f"the stack was not ready within {timeout:.0f}s; logs in "
                           f"{self.options.log_dir}")

    def wait_caught_up(self, timeout: float = 60.0) -> None:
        """Until every projection has applied the head of the log (TimeoutError)."""
        from projections.catalogue import PROJECTORS

        ledger, views = self.ledger(), self.views()
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    head = ledger.recorder.max_notification_id() or 0
                    if all((views.position(name) or 0) >= head for name in PROJECTORS):
                        return
                except Exception:  # noqa: BLE001 - a store still coming back: ask again
                    pass
                time.sleep(0.2)
            raise TimeoutError(f"the projections did not catch up within {timeout:.0f}s")
        finally:
            views.close()
            ledger.close()
