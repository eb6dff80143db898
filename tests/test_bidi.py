"""Right-to-left pages: the interface's English and each value from content read in their own direction.

The interface is English; in a page with `dir="rtl"` its sentences, dates and counts are isolated
left to right (`dir="ltr"`), and a value from content inside them is a `<bdi>` or has `dir="auto"`,
so that neither reorders the other ("6 March 2024" never shows as "March 2024 6").
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browserkit import Problems, open_page
from tests.conftest import SAMPLE
from tests.htmlparse import find_all
from tests.test_rtl import CLAIM, build

ARTICLE = "articles/city-budget/index.html"
CLAIMANT = "claimants/the-article/index.html"

# Every character on screen with the middle of its box, in lines; each line read from left to right.
ON_SCREEN = """element => {
  const chars = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    for (let i = 0; i < text.data.length; i++) {
      if (!text.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width) chars.push({ ch: text.data[i], x: box.x + box.width / 2, y: box.y + box.height / 2 });
    }
  }
  chars.sort((a, b) => a.y - b.y);
  const lines = [];
  for (const c of chars) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(c.y - line[0].y) < 6) line.push(c); else lines.push([c]);
  }
  return lines.map((line) => line.sort((a, b) => a.x - b.x).map((c) => c.ch).join("")).join("");
}"""

# (page, selector, which match): interface text alone or with English values from the sample.
PHRASES = [
    (CLAIM, ".facts time", 0),  # 6 March 2024
    (CLAIM, ".facts dd", 2),  # The article (The Sample Gazette)
    (CLAIM, ".facts dd", 3),  # City budget grows by a third (The Sample Gazette)
    (CLAIM, ".passage figcaption", 0),  # Claimant: The article (The Sample Gazette). See the passage…
    (CLAIM, ".verdict-meaning", 0),  # Accurate means: Supported by the evidence.
    (CLAIM, ".evidence-title", 1),  # Elsewhere in this article — read in context
    (CLAIM, ".updates time", 0),
    (CLAIM, ".site-footer p", 1),  # Every rating links to its evidence, … page.
    (ARTICLE, "#claims-heading", 0),  # 2 claims checked
    (ARTICLE, ".legend", 0),
    (CLAIMANT, ".scorecard p", 0),  # 2 claims checked.
    ("index.html", ".intro-stats", 0),  # 2 articles · 3 claims checked
    ("claimants/index.html", ".claimant-total", 0),
    ("methodology/index.html", ".scale dd", 0),  # Supported by the evidence. (ClaimReview rating 5 of 5)
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The sample built in English and with `language = "ar"` (its values still in English)."""
    built = {}
    for language in ("en", "ar"):
        root = tmp_path_factory.mktemp(language) / "site"
        shutil.copytree(SAMPLE, root)
        built[language] = build(root, language)
    yield built


def on_screen(page: Page, selector: str, index: int) -> str:
    """The text of a matching element as it shows, each line from left to right; spaces left out."""
    text: str = page.locator(selector).nth(index).evaluate(ON_SCREEN)
    return text


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_interface_reads_in_a_right_to_left_page_as_in_a_left_to_right_one(
    browser: Browser, sites: dict[str, Path], viewport: str
) -> None:
    problems = Problems()
    page = open_page(browser, viewport, problems)
    shown: dict[str, list[str]] = {}
    for language, out in sites.items():
        shown[language] = []
        for path, selector, index in PHRASES:
            page.goto((out / path).as_uri())
            shown[language].append(on_screen(page, selector, index))
    page.context.close()
    assert shown["ar"] == shown["en"]
    assert shown["ar"][:3] == [
        "6March2024",
        "Thearticle(TheSampleGazette)",
        "Citybudgetgrowsbyathird(TheSampleGazette)",
    ]
    assert problems.found == []


def arabic_values(site_root: Path) -> None:
    """The sample with a claimant and a publisher named in Arabic."""
    claimant = site_root / "content/claimants/the-article.yaml"
    claimant.write_text(claimant.read_text("utf-8").replace("name: The article", "name: المقال"), "utf-8")
    article = site_root / "content/articles/city-budget.md"
    text = article.read_text("utf-8").replace('publisher: "The Sample Gazette"', 'publisher: "صحيفة العينة"')
    article.write_text(text, "utf-8")


def left(page: Page, selector: str) -> float:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found["x"]


@pytest.mark.browser
def test_values_in_arabic_read_right_to_left_inside_the_interface(browser: Browser, site_root: Path) -> None:
    """The name first, on the right, "المقال (صحيفة العينة)": in Details and in the English caption."""
    arabic_values(site_root)
    out = build(site_root, "ar")
    problems = Problems()
    page = open_page(browser, "desktop", problems)
    page.goto((out / CLAIM).as_uri())
    for where in (".facts dd", ".passage figcaption"):
        assert left(page, f"{where} .claimant-link") > left(page, f"{where} .claimant-link + bdi")
    assert on_screen(page, ".passage figcaption", 0).startswith("Claimant:")  # the sentence is English
    see_the_passage = left(page, ".passage figcaption a[href*='#claim-']")
    assert see_the_passage > left(page, ".passage figcaption .claimant-link")
    page.context.close()
    assert problems.found == []


def test_every_date_is_written_left_to_right_and_every_rating_in_its_own_direction(
    sites: dict[str, Path],
) -> None:
    pages = sorted(sites["ar"].rglob("*.html"))
    times = [t for p in pages for t in find_all(p, "time")]
    badges = [b for p in pages for b in find_all(p, "span") if "badge" in b.attrs.get("class", "").split()]
    assert times and all(t.attrs.get("dir") == "ltr" for t in times)
    assert badges and all(b.attrs.get("dir") == "auto" for b in badges)
