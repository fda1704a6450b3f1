"""The NL GOV API Design Rules' own linter on the document the app serves: zero errors.

The ruleset is the official one, copied unchanged into conformance/ (CC BY 4.0, source
noted there); Spectral is the npm package pinned in package-lock.json (`npm ci`, which
`make test` runs first). Warnings would have to be listed, each with its reason, in the
README's conformance section; there are none.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import _unavailable

REPOSITORY = Path(__file__).resolve().parents[2]
RULESET = REPOSITORY / "conformance" / "nlgov-adr-ruleset.yaml"
SPECTRAL = REPOSITORY / "node_modules" / ".bin" / "spectral"
WARNINGS_EXPLAINED: set[str] = set()  # rule ids the README explains; none today
SEVERITY = {0: "error", 1: "warn", 2: "info", 3: "hint"}


def _lint(document: Path) -> list[dict]:
    if not SPECTRAL.exists():
        _unavailable("spectral", FileNotFoundError(f"{SPECTRAL}: run npm ci"))
    done = subprocess.run([str(SPECTRAL), "lint", "-r", str(RULESET), str(document),
                           "-f", "json", "-q"], capture_output=True, text=True, timeout=300)
    return json.loads(done.stdout or "[]")


def test_the_official_ruleset_finds_no_error_in_the_served_document(client, tmp_path):
    served = client.get("/v1/openapi.json")
    document = tmp_path / "openapi.json"
    document.write_bytes(served.get_data())

    found = _lint(document)

    errors = [f"{r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}"
              for r in found if r["severity"] == 0]
    assert errors == []
    assert {r["code"] for r in found if r["severity"] == 1} <= WARNINGS_EXPLAINED


def test_the_linter_would_see_an_error_if_there_were_one(client, tmp_path):
    document = client.get("/v1/openapi.json").get_json()
    document["info"]["version"] = "1"
    del document["servers"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))

    codes = {r["code"] for r in _lint(broken) if r["severity"] == 0}

    assert {"nlgov:semver", "oas3-api-servers"} <= codes


def test_the_ruleset_is_the_published_one_with_its_source_and_licence_noted():
    notes = (REPOSITORY / "conformance" / "README.md").read_text(encoding="utf-8")
    assert "Logius-standaarden/API-Design-Rules" in notes and "CC BY 4.0" in notes
    assert "nlgov:problem-invalid-input" in RULESET.read_text(encoding="utf-8")
