"""Sessions across workers: several gunicorn workers refuse to start without one shared
NOTALEDGER_SECRET_KEY, saying why; one process alone makes a key of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest
from gunicorn.errors import AppImportError

from api.web.secret import granian_workers, gunicorn_workers, served_workers, session_secret
from bench.servers import free_port
from tests.conftest import embedded_environ

GUNICORN = {"SERVER_SOFTWARE": "gunicorn/27.0.1"}


def test_the_workers_are_read_as_gunicorn_reads_them():
    argv = ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "api.http.app:create_app()"]
    assert gunicorn_workers(argv, GUNICORN) == 4
    assert gunicorn_workers(["gunicorn", "-w3", "x:y"], GUNICORN) == 3
    assert gunicorn_workers(["gunicorn", "x:y"], {**GUNICORN, "WEB_CONCURRENCY": "2"}) == 2
    assert gunicorn_workers(["gunicorn", "x:y"], {**GUNICORN,
                                                  "GUNICORN_CMD_ARGS": "--workers 5"}) == 5
    assert gunicorn_workers(["flask", "run"], {}) == 0


def test_a_secret_is_made_only_where_one_process_serves_the_pages():
    assert session_secret({"SECRET_KEY": "shared"}, 4) == "shared"
    assert len(session_secret({}, 1)) == 64
    with pytest.raises(AppImportError, match="NOTALEDGER_SECRET_KEY is not set"):
        session_secret({}, 2)


def test_several_gunicorn_workers_refuse_to_start_without_the_shared_secret(tmp_path):
    environ = {**embedded_environ(tmp_path), "PATH": "/usr/bin:/bin",
               "NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "no-key.pem")}
    server = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{free_port()}",
         "--workers", "2", "api.http.app:create_app()"],
        env=environ, capture_output=True, text=True, timeout=120)
    assert server.returncode != 0
    assert "NOTALEDGER_SECRET_KEY is not set, and 2 gunicorn workers" in server.stderr


def test_granian_workers_are_read_from_its_command_line_or_environment():
    main = "/venv/lib/python3.11/site-packages/granian/__main__.py"
    argv = [main, "--interface", "wsgi", "--factory", "--workers", "4", "api.http.app:create_app"]
    assert granian_workers(argv, {}) == 4
    assert granian_workers(["/venv/bin/granian", "--workers=3", "x:y"], {}) == 3
    assert granian_workers([main, "x:y"], {"GRANIAN_WORKERS": "2"}) == 2
    assert granian_workers([main, "x:y"], {}) == 1
    assert granian_workers(["flask", "run", "--workers", "4"], {}) == 0
    assert served_workers(argv, {}) == ("granian", 4)
    assert served_workers(["flask", "run"], {}) == ("", 0)


def test_several_granian_workers_refuse_to_start_without_the_shared_secret(tmp_path):
    environ = {**embedded_environ(tmp_path), "PATH": "/usr/bin:/bin",
               "NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "no-key.pem")}
    server = subprocess.run(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--factory", "--host",
         "127.0.0.1", "--port", str(free_port()), "--workers", "2", "--blocking-threads", "1",
         "api.http.app:create_app"],
        env=environ, capture_output=True, text=True, timeout=120)
    assert server.returncode != 0
    assert "NOTALEDGER_SECRET_KEY is not set, and 2 granian workers" in server.stderr
