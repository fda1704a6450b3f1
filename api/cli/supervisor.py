"""Starting, watching, restarting and stopping the service's processes (``notaledger up``).

Each process runs in a session of its own, so a signal reaches it and its children (a
server's main process and its workers) together; its output goes to a log file. A process that
dies is started again with a growing pause, as ``restart: unless-stopped`` does in the
compose file. Linux only: worker pids are read from /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Check = Callable[[], bool]
START_RETRIES = 3  # deaths while starting before up gives up


@dataclass
class Spec:
    """One service: how to start it, how to tell it is healthy, and where it listens."""

    name: str
    argv: list[str]
    env: dict[str, str]
    health: Check | None = None  # None: healthy once it has stayed up for ``settle`` seconds
    listens: str = ""
    settle: float = 1.5


def children(pid: int) -> list[int]:
    """The direct child processes of ``pid`` (e.g. a server's workers)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in listed.split()]


class Process:
    """One running service, restarted when it dies until it is told to stop."""

    def __init__(self, spec: Spec, log_dir: Path) -> None:
        self.spec, self.log_path = spec, log_dir / f"{spec.name}.log"
        self.popen: subprocess.Popen | None = None
        self.started_at = 0.0
        self.restarts = 0
        self.stopping = False

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            log.write(f"--- starting {' '.join(self.spec.argv)}\n".encode())
            log.flush()
            self.popen = subprocess.Popen(self.spec.argv, env=self.spec.env, stdout=log,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True)
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def healthy(self) -> bool:
        if not self.alive():
            return False
        if self.spec.health is not None:
            return self.spec.health()
        return time.monotonic() - self.started_at >= self.spec.settle

    def signal(self, signum: int) -> None:
        """Signal the process and its children (its whole session)."""
        if self.alive():
            try:
                os.killpg(self.popen.pid, signum)
            except ProcessLookupError:
                pass

    def stop(self, grace: float) -> int | None:
        """SIGTERM, then SIGKILL after ``grace`` seconds; returns the exit status."""
        self.stopping = True
        if self.popen is None:
            return None
        self.signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            return self.popen.wait(timeout=10)
        finally:
            self._reap_group()

    def _reap_group(self) -> None:
        """Anything left in the session (an orphaned worker) is killed too."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Unhealthy(RuntimeError):
    """A service did not become healthy in time (its log's last lines are in the message)."""


@dataclass
class Supervisor:
    """Starts the services in order, waits until each is healthy, restarts the dead ones."""

    specs: list[Spec]
    log_dir: Path
    restart: bool = True
    report: Callable[[str], None] = lambda line: None
    processes: dict[str, Process] = field(default_factory=dict)
    _stopped: threading.Event = field(default_factory=threading.Event)
    _watcher: threading.Thread | None = None

    def start(self, timeout: float = 60.0) -> Supervisor:
        """Start every service and wait until each is healthy; Unhealthy if one is not."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            for spec in self.specs:  # all at once: each finds its tables already made
                self.processes[spec.name] = Process(spec, self.log_dir)
                self.processes[spec.name].start()
            if self.restart:
                self._watcher = threading.Thread(target=self._watch, name="supervisor",
                                                 daemon=True)
                self._watcher.start()
            for spec in self.specs:
                self.wait_healthy(spec.name, timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_healthy(self, name: str, timeout: float = 60.0) -> None:
        """Wait for the service's health; a few restarts on the way are allowed, as in compose."""
        process = self.processes[name]
        deadline = time.monotonic() + timeout
        while not process.healthy():
            if not process.alive() and (not self.restart or process.restarts >= START_RETRIES):
                raise Unhealthy(f"{name} exited with status {process.popen.returncode}; the "
                                f"end of {process.log_path}:\n{process.log_tail()}")
            if time.monotonic() > deadline:
                raise Unhealthy(f"{name} is not healthy after {timeout:.0f}s; the end of "
                                f"{process.log_path}:\n{process.log_tail()}")
            time.sleep(0.1)

    def all_healthy(self) -> bool:
        return all(process.healthy() for process in self.processes.values())

    def _watch(self) -> None:
        """Start again what died, pausing longer each time it dies soon after a start."""
        pauses = {name: 0.5 for name in self.processes}
        while not self._stopped.wait(0.2):
            for name, process in self.processes.items():
                if process.stopping or process.alive():
                    if process.alive() and time.monotonic() - process.started_at > 30:
                        pauses[name] = 0.5
                    continue
                if time.monotonic() - process.started_at < pauses[name]:
                    continue
                pauses[name] = min(pauses[name] * 2, 10.0)
                process.restarts += 1
                self.report(f"{name} exited with status {process.popen.returncode}; starting it "
                            f"again (restart {process.restarts}, see {process.log_path})")
                process.start()

    def stop(self, grace: float = 20.0) -> dict[str, int | None]:
        """Stop every service, newest first (workers before what they need)."""
        self._stopped.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        return {name: process.stop(grace)
                for name, process in reversed(list(self.processes.items()))}

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *_) -> None:
        self.stop()
