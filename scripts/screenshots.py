"""Screenshots of the reader features on this repository's content, for review.

Builds the site into a temporary folder, serves it on 127.0.0.1 and writes PNGs
to screenshots/ (ignored by git): search results, a filtered article with a
highlight's summary showing, and a claim page, at phone and desktop widths.

    .venv/bin/python scripts/screenshots.py [QUERY]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factsite.cli.main import main  # noqa: E402
from tests.browserkit import ARGS, CHROMIUM, VIEWPORTS  # noqa: E402
from tests.readerkit import serve  # noqa: E402

ARTICLE = "articles/perez-bautista-arrest/index.html"


def shoot(page: Page, site: str, out: Path, name: str, query: str) -> None:
    page.goto(f"{site}search/index.html?q={query}")
    page.locator(".search-result").first.wait_for()
    page.screenshot(path=out / f"{name}-search.png", full_page=True)
    page.goto(site + ARTICLE)
    boxes = page.locator(".hl-filter input")
    for i in range(boxes.count()):
        if boxes.nth(i).get_attribute("value") not in ("inaccurate", "misleading", "needs-context"):
            boxes.nth(i).uncheck()
    page.locator("a.hl[href]").first.focus()
    page.screenshot(path=out / f"{name}-article-filtered.png", full_page=False)
    page.locator("a.hl[href]").first.press("Enter")
    page.wait_for_load_state()
    page.screenshot(path=out / f"{name}-claim.png", full_page=True)


def run(query: str) -> None:
    out = REPO / "screenshots"
    out.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as driver:
        assert main(["--root", str(REPO), "build", "--out", f"{tmp}/site"]) == 0
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        with serve(Path(tmp) / "site") as site:
            for name, options in VIEWPORTS.items():
                context = browser.new_context(**options)  # type: ignore[arg-type]
                shoot(context.new_page(), site, out, name, query)
                context.close()
        browser.close()
    print(f"wrote {len(list(out.glob('*.png')))} screenshots to {out}")


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "2%2C916")
