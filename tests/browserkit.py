"""Browser fixtures: one headless Chromium per session, driven by Playwright.

Debian's /usr/bin/chromium is used (`make test` installs it where it can); no
browser is ever downloaded. Each test gets a fresh page in a given viewport, and
fails if the page logged a console error, threw, or had a request fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, Response, sync_playwright

# Debian's chromium by default; FACTSITE_CHROMIUM may name another Chromium-based browser.
CHROMIUM = Path(os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent.parent / "node_modules/axe-core/axe.min.js"

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@dataclass
class Problems:
    """What went wrong on the pages of one test."""

    found: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.found.append(f"console error: {message.text} ({message.location.get('url')})")

    def page_error(self, error: Exception) -> None:
        self.found.append(f"uncaught exception: {error}")

    def failed(self, request: Request) -> None:
        """A request that failed; not one that the browser cancelled because the page navigated away."""
        if request.failure != "net::ERR_ABORTED":
            self.found.append(f"request failed: {request.url} ({request.failure})")

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.found.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (`apt-get install -y chromium`, "
            "which `make test` does when it runs as root) to run the browser tests"
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def open_page(browser: Browser, viewport: str, problems: Problems, javascript: bool = True) -> Page:
    context = browser.new_context(**VIEWPORTS[viewport], java_script_enabled=javascript)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", problems.console)
    page.on("pageerror", problems.page_error)
    page.on("requestfailed", problems.failed)
    page.on("response", problems.response)
    return page


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Browser, viewport: str, problems: Problems) -> Iterator[Page]:
    """A page in the test's viewport; the test fails if any page it loaded had errors."""
    page = open_page(browser, viewport, problems)
    yield page
    page.context.close()
    assert problems.found == []


def axe_violations(page: Page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (which `make test` does)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document)).violations.map(
            v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
    )
    return list(violations)
