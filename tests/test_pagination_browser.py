"""The pager of a long list in headless Chromium, at desktop and phone widths: readable, reachable by
finger and keyboard, and without accessibility violations (axe)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from factsite import urls
from factsite.cli.main import main
from tests.browserkit import axe_violations
from tests.readerkit import serve
from tests.test_pagination import paged_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    root = tmp_path_factory.mktemp("paged") / "site"
    shutil.copytree(Path(__file__).parent / "sample", root)
    paged_site(root)
    out = root.parent / "out"
    assert main(["--root", str(root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    with serve(out) as url:
        yield url


def test_the_pager_is_usable_and_accessible_at_each_width(page: Page, paged_url: str, viewport: str) -> None:
    page.goto(paged_url + urls.output(urls.paged(urls.CLAIMS, 2)))
    nav = page.get_by_role("navigation", name="All claims, pages")
    expect(nav).to_be_visible()
    expect(nav.locator("[aria-current=page]")).to_have_text("Page 2")
    width = page.evaluate("document.documentElement.clientWidth")
    for link in nav.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    assert axe_violations(page) == []
    if viewport == "phone":  # previous and next side by side above the numbers, for the thumb
        previous, following = (
            nav.get_by_role("link", name=re.compile("Previous")),
            nav.get_by_role("link", name=re.compile("Next")),
        )
        assert previous.bounding_box()["y"] == following.bounding_box()["y"]  # type: ignore[index]
    nav.get_by_role("link", name=re.compile("Next")).click()
    expect(page).to_have_url(re.compile(r"/claims/page/3/index\.html$"))
    expect(page).to_have_title(re.compile(r"^All claims, page 3 of 4"))
    page.get_by_role("navigation", name="All claims, pages").get_by_role("link", name="Page 1").click()
    expect(page).to_have_url(re.compile(r"/claims/index\.html$"))
