"""The reader's journeys in headless Chromium, at desktop and phone widths.

Every test here fails if a page it loads logs a console error, throws, or has a
request fail (see tests/browserkit.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from factsite.load.content import load_site
from factsite.render.reader import original_passage_url
from tests.browserkit import Problems, open_page
from tests.readerkit import serve

pytestmark = pytest.mark.browser

NYPD_ARTICLE = "NYPD ignored 2,916 detainer requests"
NYPD_CLAIM = "The NYPD received 2,916 detainer requests from ICE between July 1, 2018 and June 30, 2019."


def test_home_to_article_to_claim_and_back_to_the_passage(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.get_by_role("link", name=NYPD_ARTICLE).click()
    expect(page).to_have_url(re.compile(r"/sub/articles/nypd-detainers/index\.html$"))
    page.locator("a.hl", has_text="2,916 detainer requests").click()
    expect(page).to_have_url(
        re.compile(r"/sub/claims/nypd-detainers/nypd-received-2916-requests/index\.html$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(NYPD_CLAIM)
    page.get_by_role("link", name="See the passage in the article").click()
    expect(page).to_have_url(
        re.compile(r"articles/nypd-detainers/index\.html#claim-nypd-received-2916-requests$")
    )
    passage = page.locator("#claim-nypd-received-2916-requests")
    expect(passage).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "claim-nypd-received-2916-requests"
    assert page.evaluate("window.scrollY") > 0, (
        "the passage is below the first screen, so the page must scroll"
    )


def test_searching_2916_from_the_masthead_finds_that_claim(page: Page, site_url: str) -> None:
    page.goto(site_url + "index.html")
    box = page.get_by_role("searchbox", name="Search claims and articles")
    box.fill("2,916")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sub/search/index\.html\?q=2%2C916$"))
    first = page.locator(".search-result").first
    expect(first.locator(".claim-item-title")).to_have_text(NYPD_CLAIM)
    expect(first.locator(".badge")).to_have_text("Unverified")
    expect(first.locator(".claim-item-article")).to_have_text(f"From “{NYPD_ARTICLE}”")
    expect(first.locator(".claim-item-article bdi")).to_have_text(NYPD_ARTICLE)  # a value keeps its direction
    expect(first.locator("mark").first).to_have_text("2,916")
    expect(page.get_by_role("status")).to_contain_text("for “2,916”")
    expect(page.get_by_role("status").locator("span[dir=ltr] bdi")).to_have_text("2,916")  # English around it
    first.locator(".claim-item-title").click()
    expect(page).to_have_url(
        re.compile(r"/sub/claims/nypd-detainers/nypd-received-2916-requests/index\.html$")
    )


def test_search_results_filter_by_status(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/index.html")
    ratings = page.get_by_role("group", name="Only claims rated")
    ratings.get_by_role("checkbox", name=re.compile("^Accurate")).check()
    results = page.locator(".search-result")
    expect(results).to_have_count(2)
    assert set(results.evaluate_all("els => els.map(e => e.dataset.status)")) == {"accurate"}
    ratings.get_by_role("checkbox", name=re.compile("^Inaccurate")).check()
    expect(results).to_have_count(3)
    expect(page).to_have_url(re.compile(r"\?status=Accurate&status=Inaccurate$"))
    page.get_by_role("searchbox", name="Words or figures").fill("bridge")
    expect(results).to_have_count(1)
    expect(results.locator(".badge")).to_have_text("Inaccurate")
    ratings.get_by_role("checkbox", name=re.compile("^Inaccurate")).uncheck()
    expect(results).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("0 results for “bridge” rated accurate.")


def test_search_state_comes_from_the_url(page: Page, site_url: str) -> None:
    page.goto(site_url + "search/index.html?q=budget&status=Unverified")
    expect(page.get_by_role("searchbox", name="Words or figures")).to_have_value("budget")
    expect(page.get_by_role("checkbox", name=re.compile("^Unverified"))).to_be_checked()
    expect(page.locator(".search-result .claim-item-title")).to_have_text(
        ["Spending on roads fell again in 2024."]
    )


def test_status_filter_hides_and_shows_highlights(page: Page, site_url: str) -> None:
    page.goto(site_url + "articles/city-budget/index.html")
    ratings = page.get_by_role("group", name="Highlight claims rated")
    unverified = page.locator("a.hl[data-status=unverified]")
    accurate = page.locator("a.hl[data-status=accurate]")
    listed = page.locator(".article-claims .claim-item[data-status=unverified]")
    expect(unverified).to_have_attribute("href", re.compile(r"roads-fell-again/index\.html$"))
    ratings.get_by_role("checkbox", name=re.compile("^Unverified")).uncheck()
    expect(unverified).not_to_have_attribute("href", re.compile(r".*"))
    expect(unverified).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(listed).to_be_hidden()
    expect(accurate).to_have_attribute("href", re.compile(r"budget-rose-by-a-third/index\.html$"))
    expect(ratings).to_contain_text("1 of 2 highlights shown.")
    expect(ratings.locator(".hl-filter-note span[dir=ltr]")).to_have_text("1 of 2 highlights shown.")
    ratings.get_by_role("checkbox", name=re.compile("^Unverified")).check()
    expect(unverified).to_have_attribute("href", re.compile(r"roads-fell-again/index\.html$"))
    expect(unverified).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(listed).to_be_visible()


def test_keyboard_focus_shows_status_and_summary_and_enter_opens_the_claim(page: Page, site_url: str) -> None:
    page.goto(site_url + "articles/city-budget/index.html")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hl')"):
            break
    focused = page.locator("a.hl:focus")
    expect(focused).to_have_attribute("data-status", "accurate")
    tip = page.get_by_role("tooltip")
    expect(tip).to_be_visible()
    expect(tip.locator(".badge")).to_have_text("Accurate")
    expect(tip).to_contain_text("400 is a third more than 300.")
    expect(focused).to_have_attribute("aria-describedby", "hl-tip")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"claims/city-budget/budget-rose-by-a-third/index\.html$"))


def test_hovering_a_highlight_shows_its_summary(browser: Browser, site_url: str, problems: Problems) -> None:
    """On a desktop only: a phone has no hover, and a tap opens the claim."""
    page = open_page(browser, "desktop", problems)
    page.goto(site_url + "articles/city-budget/index.html")
    page.locator("a.hl[data-status=unverified]").hover()
    tip = page.get_by_role("tooltip")
    expect(tip).to_contain_text("No record of the 2024 road budget is cited.")
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    page.context.close()
    assert problems.found == []


def test_without_javascript_every_highlight_is_a_plain_link(
    browser: Browser, site_url: str, viewport: str, problems: Problems
) -> None:
    page = open_page(browser, viewport, problems, javascript=False)
    page.goto(site_url + "articles/city-budget/index.html")
    expect(page.locator(".hl-filter")).to_be_hidden()
    hrefs = page.locator("a.hl").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [
        "../../claims/city-budget/budget-rose-by-a-third/index.html",
        "../../claims/city-budget/roads-fell-again/index.html",
    ]
    page.locator("a.hl").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spending on roads fell again in 2024.")
    page.goto(site_url + "search/index.html?q=bridge")
    expect(page.locator(".search-noscript")).to_contain_text("Search needs JavaScript")
    page.context.close()
    assert problems.found == []


def test_the_original_link_scrolls_to_the_passage(
    browser: Browser, reader_root: Path, tmp_path: Path, viewport: str, problems: Problems
) -> None:
    """Chromium itself resolves our text fragment in a copy of the original article."""
    site = load_site(reader_root)
    claim = next(c for c in site.claims if c.id == "policy-will-stay")
    url = original_passage_url(site, claim)
    assert url is not None
    article = site.article(claim.article)
    paragraphs = "".join(f"<p>{b.text}</p>" for b in article.blocks)
    head = "<!doctype html><html lang=en><meta charset=utf-8><title>x</title><link rel=icon href='data:,'>"
    filler = "<p>Unrelated text.</p>" * 80
    (tmp_path / "original.html").write_text(head + filler + paragraphs, encoding="utf-8")
    page = open_page(browser, viewport, problems)
    with serve(tmp_path) as local:
        page.goto(local + "original.html" + url[url.index("#") :])
        page.wait_for_function("window.scrollY > 0", timeout=5000)
        passage = page.get_by_text("The mayor’s office said")
        expect(passage).to_be_in_viewport()
    page.context.close()
    assert problems.found == []


def test_the_real_site_search_finds_the_2916_claim(page: Page, real_site_url: str) -> None:
    page.goto(real_site_url + "search/index.html?q=2%2C916")
    first = page.locator(".search-result").first
    expect(first.locator(".claim-item-title")).to_contain_text("2,916")
    expect(first.locator(".badge")).to_be_visible()
    href = first.locator(".claim-item-title").get_attribute("href") or ""
    assert re.search(r"/sub/claims/[a-z0-9-]+/[a-z0-9-]+/index\.html$", href), href


def test_a_scorecard_pill_never_runs_into_its_bar(page: Page, real_site_url: str) -> None:
    """The label column is as wide as the widest rating's pill ("Mostly accurate"), at every width."""
    page.goto(real_site_url + "claimants/ice/index.html")
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('.scorecard-list li')].map(li =>
            li.querySelector('.score-meter').getBoundingClientRect().left
            - li.querySelector('.badge').getBoundingClientRect().right)"""
    )
    assert len(gaps) == 7 and min(gaps) >= 6, gaps


def test_claimant_cards_are_set_in_the_pages_sans(page: Page, site_url: str) -> None:
    page.goto(site_url + "claimants/index.html")
    fonts = page.evaluate(
        """() => [document.body, ...document.querySelectorAll('.claimant-cards h3')]
            .map(e => getComputedStyle(e).fontFamily)"""
    )
    assert len(fonts) == 4 and set(fonts) == {fonts[0]}, fonts


def test_a_site_built_with_no_search_says_search_is_not_built(
    browser: Browser, site_root: Path, tmp_path: Path
) -> None:
    from factsite.cli.main import main

    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search"]) == 0
    page = browser.new_page()
    with serve(out) as url:
        page.goto(url + "search/index.html?q=budget")
        expect(page.locator(".search-status")).to_contain_text("Search is not built for this site yet")
        expect(page.locator("#search-q")).to_be_disabled()
    page.close()
