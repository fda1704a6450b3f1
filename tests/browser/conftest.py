"""The pages in Debian's Chromium, served for real, signed in through a real OIDC provider.

Browser and app use one host name (localhost): the provider takes its issuer from the
Host header, and the app must find the same issuer in the provider's metadata.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.e2e.conftest import Site
from tests.web.story import prepare

ARTIFACTS = Path(os.environ.get("NOTALEDGER_TEST_ARTIFACTS", "test-artifacts/web"))
pytestmark = pytest.mark.browser


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI=true requires it", pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = _chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def provider():
    """A real OpenID Connect provider; any subject may sign in (the app decides who it is)."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


class Served:
    """The test site's app on a real port, with its URL."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.server = make_server("localhost", 0, site.app, threaded=True)
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def served(tmp_path, provider):
    site = Site({"NOTALEDGER_STORE": "sqlite",
                 "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite")}, tmp_path,
                SECRET_KEY="browser-test", OIDC_ISSUER=provider, OIDC_CLIENT_ID="notaledger",
                OIDC_CLIENT_SECRET="test-secret", OIDC_PROVIDER_NAME="de testprovider",
                SSE_KEEPALIVE_SECONDS=1.0, SSE_MAX_SECONDS=30.0)
    site.note = prepare(site)
    running = Served(site)
    yield running
    running.close()
    site.close()


@pytest.fixture
def people(browser, served):
    """Open a signed-in page per person: people('p-szw-afstemming') -> Page."""
    contexts = []

    def open_as(subject: str):
        context = browser.new_context(base_url=served.url, viewport={"width": 1200,
                                                                       "height": 900})
        contexts.append(context)
        page = context.new_page()
        sign_in(page, subject)
        return page

    yield open_as
    for context in contexts:
        context.close()


def sign_in(page, subject: str) -> None:
    """Through the provider's own form, as a person would."""
    page.goto("/")
    page.get_by_role("link", name="Aanmelden via de testprovider").click()
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url("**/")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
