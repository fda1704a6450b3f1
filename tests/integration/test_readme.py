"""Every command line in the README's code blocks still works: notaledger lines run in a
scratch directory (long-running ones parsed and asked for --help), make lines dry-run,
curl lines name a route the API has."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.cli.main import main, parser

REPOSITORY = Path(__file__).resolve().parents[2]
LONG_RUNNING = (("serve",), ("up",), ("projections", "run"), ("deliveries", "run"))


def readme_lines(program: str) -> list[str]:
    """The lines of the README's code blocks that start with this program, comments off."""
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:sh|bash|console)?\n(.*?)^```", text, re.S | re.M)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [shlex.join(shlex.split(line, comments=True)) if program != "curl" else line
            for line in lines if line.startswith(program + " ")]


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A scratch directory for every file the commands write; run from the repository."""
    monkeypatch.chdir(REPOSITORY)
    for name, file in (("SQLITE_PATH", "events.sqlite"), ("PERSONS_PATH", "persons.sqlite"),
                       ("KEYS_PATH", "keys.sqlite"), ("VIEWS_PATH", "views.sqlite"),
                       ("IDEMPOTENCY_PATH", "idempotency.sqlite"),
                       ("OUTBOX_PATH", "outbox.sqlite"),
                       ("AUDIT_KEY_FILE", "audit-key.pem")):
        monkeypatch.setenv(f"NOTALEDGER_{name}", str(tmp_path / file))
    monkeypatch.setenv("NOTALEDGER_STORE", "sqlite")
    monkeypatch.delenv("NOTALEDGER_REDIS_URL", raising=False)
    monkeypatch.delenv("NOTALEDGER_VIEWS", raising=False)
    return tmp_path


def test_the_readme_names_the_commands_it_should():
    lines = readme_lines("notaledger")
    assert any(line.startswith("notaledger import") for line in lines)
    assert "notaledger keys create --organisation VRO --role drafter" in lines
    assert readme_lines("make") and readme_lines("curl")


def test_every_notaledger_line_of_the_readme_runs(scratch, capsys):
    for line in readme_lines("notaledger"):
        argv = shlex.split(line)[1:]
        parser().parse_args(argv)  # a flag or argument the CLI no longer has fails here
        if tuple(argv[:2]) in LONG_RUNNING or tuple(argv[:1]) in LONG_RUNNING:
            with pytest.raises(SystemExit) as done:
                main([*argv[:2 if argv[0] in ("projections", "deliveries") else 1], "--help"])
            assert done.value.code == 0, line
            continue
        code = main(argv)
        output = capsys.readouterr()
        assert code == 0, f"{line}\n{output.out[-2000:]}\n{output.err[-2000:]}"


def test_every_make_line_of_the_readme_names_a_target(scratch):
    for line in readme_lines("make"):
        done = subprocess.run(["make", "-n", *shlex.split(line)[1:]], cwd=REPOSITORY,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{line}: {done.stderr}"
        if "PORT=" in line:
            assert f"--port {line.split('PORT=')[1].split()[0]}" in done.stdout


def test_every_curl_line_of_the_readme_names_a_route_of_the_api(scratch):
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import RequestRedirect

    from api.http.app import create_app

    app = create_app({"TESTING": True})
    routes = app.url_map.bind("localhost")
    for line in readme_lines("curl"):
        url = next(word.strip('"') for word in shlex.split(line) if "localhost:" in word)
        path = urlsplit("http://" + url.split("//")[-1]).path
        try:
            routes.match(path, method=_method(shlex.split(line)))
        except RequestRedirect:
            pass  # an old path that answers with a redirect to its new place
        except (NotFound, MethodNotAllowed) as error:
            pytest.fail(f"{line}: {path} is no route of the API ({error})")
    app.extensions["notaledger"].close()


def _method(words: list[str]) -> str:
    """The method a curl line uses: -X names it, a body (-d) makes it a POST."""
    if "-X" in words:
        return words[words.index("-X") + 1]
    return "POST" if {"-d", "--data", "--json"} & set(words) else "GET"
