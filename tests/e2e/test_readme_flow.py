"""The README's walk through /v1, run as it stands: a client written from it works."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
ROLES = {"$VRO": ("VRO", "drafter"), "$SZW": ("SZW", "consultee"), "$MIN": ("VRO", "decider")}


def walk() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)
                 if "2026-0000999001" in b)
    return [line for line in block.splitlines() if line.startswith("curl ")]


def _request(line: str, tokens: dict) -> tuple[str, str, dict, dict | None]:
    words = shlex.split(line)
    method, headers, body, url = "GET", {}, None, ""
    for flag, value in zip(words, words[1:], strict=False):
        if flag == "-X":
            method = value
        elif flag == "-H":
            name, _, content = value.partition(": ")
            headers[name] = content
        elif flag == "-d":
            body = json.loads(value)
        elif value.startswith("localhost:8000"):
            url = value.removeprefix("localhost:8000")
    token = headers.get("Authorization", "").removeprefix("Bearer ")
    if token in tokens:
        headers["Authorization"] = f"Bearer {tokens[token]}"
    return method, url, headers, body


def test_the_readme_walk_works_against_v1(site, client):
    tokens = {name: site.services.keys.create(*who).token for name, who in ROLES.items()}
    lines = walk()
    assert len(lines) >= 10
    for line in lines:
        method, url, headers, body = _request(line, tokens)
        assert url.startswith("/v1/")
        site.settle()
        answer = client.open(url, method=method, headers=headers, json=body)
        assert answer.status_code in (200, 201), (line, answer.get_json())
        assert answer.headers["API-Version"]
    note = client.get("/v1/notes/2026-0000999001", headers={
        "Authorization": f"Bearer {tokens['$VRO']}"}).get_json()
    assert note["status"] == "decided" and note["activelyPublic"] is True
