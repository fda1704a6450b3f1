"""The pages on the e2e test site, with the demo persons as members of their organisations."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Site
from tests.web.story import prepare

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def web(tmp_path):
    running = Site({"NOTALEDGER_STORE": "sqlite",
                    "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                   WEB_DEMO=True, SECRET_KEY="test")
    running.note = prepare(running)
    yield running
    running.close()


def csrf_of(html: str) -> str:
    return CSRF.search(html).group(1)


def signed_in(site, person: str):
    """A test client with a session for this demo person."""
    client = site.client()
    page = client.get("/aanmelden").get_data(as_text=True)
    answer = client.post("/aanmelden/demo", data={"person": person, "csrf_token": csrf_of(page)})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client
