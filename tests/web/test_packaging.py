"""The image installs the project (pip install .): every template and static file the pages
use must be package data, or the pages break there while they work from a checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_template_and_static_file_of_the_pages_is_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["api"]
    web = ROOT / "api" / "web"
    files = [p for folder in ("templates", "static") for p in (web / folder).rglob("*")
             if p.is_file() and "vendor" not in p.parts]
    assert files
    packaged = {p for pattern in patterns for p in (ROOT / "api").glob(pattern)}  # as setuptools
    assert [str(p.relative_to(ROOT)) for p in files if p not in packaged] == []
