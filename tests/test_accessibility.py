"""Each page kind loads without errors and axe-core finds no accessibility violations,
at desktop and phone widths, on the sample site and on the real one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browserkit import axe_violations

pytestmark = pytest.mark.browser

SAMPLE_PAGES = [
    "index.html",
    "articles/city-budget/index.html",
    "claims/city-budget/budget-rose-by-a-third/index.html",
    "claims/index.html",
    "status/index.html",
    "status/unverified/index.html",
    "topics/index.html",
    "topics/budget/index.html",
    "claimants/index.html",
    "claimants/city-council/index.html",
    "claimants/the-article/index.html",
    "methodology/index.html",
    "coverage/index.html",
    "coverage/city-budget/index.html",
    "search/index.html?q=2%2C916",
    "404.html",
]
REAL_PAGES = [
    "index.html",
    "articles/perez-bautista-arrest/index.html",
    "claims/declined-detainer-report/second-quarter-fiscal-2018/index.html",  # with computed checks
    "claims/nyc-440-released/three-month-span/index.html",  # why the rating differs from the working
    "claimants/index.html",
    "claimants/ice/index.html",
    "claimants/the-article/index.html",  # article by article
    "claimants/thomas-decker/index.html",  # no verdict, so no scorecard
    "methodology/index.html",
]


def settle(page: Page, url: str) -> None:
    page.goto(url)
    if "search/" in url:
        expect(page.locator(".search-result").first).to_be_visible()
    if "articles/" in url:
        expect(page.locator(".hl-filter")).to_be_visible()


@pytest.mark.parametrize("path", SAMPLE_PAGES)
def test_page_kind_loads_cleanly_and_passes_axe(page: Page, site_url: str, path: str) -> None:
    settle(page, site_url + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", REAL_PAGES)
def test_real_pages_pass_axe(page: Page, real_site_url: str, path: str) -> None:
    settle(page, real_site_url + path)
    assert axe_violations(page) == []


def test_article_with_a_tooltip_open_passes_axe(page: Page, site_url: str) -> None:
    settle(page, site_url + "articles/city-budget/index.html")
    page.locator("a.hl").first.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    assert axe_violations(page) == []
