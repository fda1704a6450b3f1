"""docker-compose.yml, without a Docker engine: valid, complete, and every command it runs starts.

The file is read as compose reads it (YAML with merge keys, then ``${VAR:-default}``
interpolation) and validated against the Compose Specification's own JSON schema
(tests/data/compose_spec.json). The commands of the services built from our image are
run here: each answers ``--help``, and the two servers (granian for the API, gunicorn for
SSE) start with the factory
and pass their own healthcheck.
"""

from __future__ import annotations

import importlib.metadata
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from api.cli.up import SERVICES
from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SPEC = ROOT / "tests" / "data" / "compose_spec.json"
ENVIRON = {"POSTGRES_PASSWORD": "a-password-for-the-test",
           "NOTALEDGER_SECRET_KEY": "a-secret-for-the-test"}
VARIABLE = re.compile(r"\$(?:(?P<escaped>\$)|\{(?P<braced>[^}]*)\}|(?P<named>[A-Za-z_]\w*))")
BRACED = re.compile(r"^(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?])(?P<arg>.*))?$", re.S)
DURATION = re.compile(r"^(\d+(\.\d+)?(us|ms|s|m|h))+$")
ONE_SHOT = ("no", "on-failure")
BIN = Path(sys.executable).parent


class Unset(ValueError):
    """A required variable (``${NAME:?message}``) is not set."""


def interpolate(value, environ: dict[str, str]):
    """Compose's variable substitution, applied to every string value."""
    if isinstance(value, dict):
        return {key: interpolate(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ) for item in value]
    if isinstance(value, str):
        return VARIABLE.sub(lambda match: _substitute(match, environ), value)
    return value


def _substitute(match: re.Match, environ: dict[str, str]) -> str:
    if match.group("escaped"):
        return "$"
    if match.group("named"):
        return environ.get(match.group("named"), "")
    braced = BRACED.match(match.group("braced"))
    if braced is None:
        raise ValueError(f"invalid interpolation: {match.group(0)}")
    name, op, argument = braced.group("name", "op", "arg")
    value = environ.get(name)
    missing = value is None or (value == "" and op and op.startswith(":"))
    if op in (":-", "-"):
        return argument if missing else value
    if op in (":?", "?") and missing:
        raise Unset(f"{name}: {argument}")
    return value or ""


def load(environ: dict[str, str] = ENVIRON) -> dict:
    return interpolate(yaml.safe_load(COMPOSE.read_text()), environ)


@pytest.fixture(scope="module")
def compose() -> dict:
    return load()


def ours(compose: dict) -> dict[str, dict]:
    """The services built from this repository's image."""
    return {name: service for name, service in compose["services"].items()
            if "build" in service}


def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("duration")(lambda value: not isinstance(value, str)
                               or bool(DURATION.match(value)))
    return checker


def test_compose_file_follows_the_compose_specification(compose):
    schema = yaml.safe_load(SPEC.read_text())  # JSON is YAML
    validator = jsonschema.Draft201909Validator(schema, format_checker=format_checker())
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator.iter_errors(compose)]
    assert errors == []


def test_compose_refuses_to_start_without_a_database_password():
    with pytest.raises(Unset, match="POSTGRES_PASSWORD"):
        load({})


def test_compose_refuses_to_start_without_the_pages_shared_secret():
    with pytest.raises(Unset, match="NOTALEDGER_SECRET_KEY"):
        load({"POSTGRES_PASSWORD": "a-password-for-the-test"})


def test_the_servers_of_the_pages_get_their_web_settings(compose):
    for name in ("api", "sse"):
        environment = compose["services"][name]["environment"]
        assert environment["NOTALEDGER_SECRET_KEY"] == "a-secret-for-the-test"
        assert environment["NOTALEDGER_WEB_SECURE_COOKIES"] == "true"
        assert {"NOTALEDGER_OIDC_ISSUER", "NOTALEDGER_OIDC_CLIENT_ID",
                "NOTALEDGER_OIDC_CLIENT_SECRET", "NOTALEDGER_WEB_THEME"} <= set(environment)


def test_every_service_has_a_restart_policy_and_a_healthcheck(compose):
    for name, service in compose["services"].items():
        assert service.get("restart") in ("always", "unless-stopped", "on-failure"), name
        check = service.get("healthcheck", {})
        if service["restart"] in ONE_SHOT:
            assert check == {"disable": True}, f"{name} runs once: say its health is not checked"
        else:
            assert check.get("test") and check.get("interval"), f"{name} has no healthcheck"


def test_notaledger_up_runs_the_services_of_the_compose_file(compose):
    assert set(ours(compose)) == {*SERVICES, "prepare"}


def argv_of(command: list[str]) -> list[str]:
    """A command as run here: the console script or interpreter of this environment."""
    program, *rest = command
    if program == "python":
        return [sys.executable, *rest]
    return [str(BIN / program), *rest]


def commands(compose: dict) -> list[list[str]]:
    found = []
    for service in ours(compose).values():
        found.append(service["command"])
        test = service.get("healthcheck", {}).get("test")
        if test and test[0] == "CMD":
            found.append(test[1:])
    return found


def test_every_command_the_compose_file_runs_exists_and_answers_help(compose, tmp_path):
    for command in commands(compose):
        if command[0] == "python" and command[1:3] == ["-m", "api.cli.probes"]:
            command = [*command[:4]]  # a probe: its own help, not a probe of a live URL
        done = subprocess.run([*argv_of(command), "--help"], capture_output=True, text=True,
                              cwd=tmp_path, timeout=60)
        assert done.returncode == 0, f"{' '.join(command)} --help: {done.stderr.strip()}"


def _served(command: list[str], port: int) -> list[str]:
    """The server's command (gunicorn or granian) on a loopback port, one worker (the
    options otherwise as given)."""
    argv = list(command)
    if "--bind" in argv:
        argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    else:
        argv[argv.index("--host") + 1] = "127.0.0.1"
        argv[argv.index("--port") + 1] = str(port)
    argv[argv.index("--workers") + 1] = "1"
    for option, value in (("--threads", "2"), ("--worker-connections", "50"),
                          ("--blocking-threads", "2")):
        if option in argv:
            argv[argv.index(option) + 1] = value
    if "--worker-tmp-dir" in argv:
        argv[argv.index("--worker-tmp-dir") + 1] = "/tmp"
    return argv


@pytest.mark.parametrize("name", ["api", "sse"])
def test_the_servers_start_the_app_factory_and_pass_their_healthcheck(compose, name,
                                                                      tmp_path):
    service, port = compose["services"][name], free_port()
    environ = {"PATH": str(BIN), "NOTALEDGER_STORE": "sqlite",
               "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
               "NOTALEDGER_VIEWS_PATH": str(tmp_path / "views.sqlite"),
               "NOTALEDGER_KEYS_PATH": str(tmp_path / "keys.sqlite"),
               "NOTALEDGER_IDEMPOTENCY_PATH": str(tmp_path / "idempotency.sqlite"),
               "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite"),
               "NOTALEDGER_AUDIT_KEY_FILE": str(tmp_path / "no-key.pem")}
    server = subprocess.Popen(argv_of(_served(service["command"], port)), env=environ,
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    probe = [p.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
             for p in service["healthcheck"]["test"][1:]]
    try:
        deadline = time.monotonic() + 60
        while subprocess.run(argv_of(probe), capture_output=True).returncode != 0:
            assert server.poll() is None, server.stdout.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the healthcheck never passed"
            time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=30)
    assert status == 0


def test_the_image_installs_exactly_the_versions_the_tests_ran_with():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^RUN pip install \.", dockerfile, re.M), "the image installs the project"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name, pinned, version = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?(==)?(.*)",
                                         requirement).groups()
        assert pinned, f"{requirement} is not pinned with =="
        assert importlib.metadata.version(name) == version, name


SETTING = re.compile(r"\bNOTALEDGER_[A-Z0-9_]+\b(?!\*)")  # a name, not a family (_PG_*)


def test_every_setting_the_code_and_compose_file_read_is_documented():
    documented = set(SETTING.findall((ROOT / "README.md").read_text()))
    read = {name for folder in ("domain", "projections", "adapters", "api")
            for path in (ROOT / folder).rglob("*.py")
            for name in SETTING.findall(path.read_text())}
    assert (read | set(SETTING.findall(COMPOSE.read_text()))) - documented == set()


def test_the_delivery_worker_shares_the_outbox_through_postgres_not_a_volume(compose):
    """Subscriptions and deliveries live in PostgreSQL, so the API and the delivery
    worker need no shared file and may run on different hosts."""
    for name in ("api", "sse", "projections", "deliveries"):
        service = compose["services"][name]
        environment = service["environment"]
        assert environment["NOTALEDGER_STORE"] == "postgres", name
        assert environment["NOTALEDGER_OUTBOX"] == "postgres", name
        assert "NOTALEDGER_OUTBOX_PATH" not in environment, name
        assert not any("outbox" in str(volume) for volume in service.get("volumes", [])), name
    assert "volumes" not in compose["services"]["deliveries"]
    assert "outbox" not in (compose.get("volumes") or {})
