"""`sitemap.xml` of every page, and `robots.txt` pointing at it.

The sitemap protocol (https://www.sitemaps.org/protocol.html) allows 50,000
URLs and 50 MB a file. A site of more than `PART` pages gets a sitemap index
at `sitemap.xml` instead, listing files of `PART` pages each (urls.sitemap_part),
so that no file grows past about 1.3 MB.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from .. import urls
from ..model import Article, Site
from .feeds import article_updated, serialise, serialise_child
from .structured import absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = frozenset({urls.NOT_FOUND})
NOT_LISTED_UNDER = (urls.COVERAGE,)  # for editors, marked noindex: a sitemap lists pages to index
RUN = 200
PART = 10_000  # pages a sitemap file lists (a multiple of RUN)


Dates = Callable[[Site, Article], dict[str, dt.date]]
RunsText = Callable[
    [int, tuple[str, ...], tuple[dt.date | None, ...]], str
]  # (run's index, its pages, their dates)


def last_modified(site: Site, dates: Dates | None = None) -> dict[str, dt.date]:
    """The pages whose content carries a date: claims and articles, article by article with `dates`
    (`article_dates`, or in pieces.py the same dates reused while the article's claims stay the same)."""
    each = dates or article_dates
    found: dict[str, dt.date] = {}
    for article in site.articles:
        found.update(each(site, article))
    return found


def article_dates(site: Site, article: Article) -> dict[str, dt.date]:
    """The dates of an article's page and of its claims' pages."""
    claims = site.claims_of(article.slug)
    dates = {urls.output(urls.claim(c.article, c.id)): c.last_changed for c in claims}
    if claims or article.published:
        dates[urls.output(urls.article(article.slug))] = article_updated(site, article)
    return dates


def listed(page_paths: Iterable[str]) -> list[str]:
    """The pages among `page_paths` that belong in the sitemap, in order: HTML pages for readers (not
    the 404 page, nor the editors' coverage pages, which are noindex)."""
    return [
        p
        for p in page_paths
        if p.endswith(".html") and p not in NOT_LISTED and not p.startswith(NOT_LISTED_UNDER)
    ]


def part_count(page_paths: Iterable[str]) -> int:
    """How many files the sitemap's pages need beside sitemap.xml: 0 while it holds them all."""
    found = len(listed(page_paths))
    return 0 if found <= PART else -(-found // PART)


def sitemap(
    site: Site,
    page_paths: Iterable[str],
    dates: Dates | None = None,
    runs_text: RunsText | None = None,
    part: int = 0,
) -> bytes:
    """The sitemap of the HTML pages among `page_paths` (or with `part`, of its `part`th `PART` of them),
    in runs of `RUN` pages: `runs_text` serialises the `i`th run (`run_urls`, or in pieces.py the same
    text reused while its pages and dates stay the same)."""
    found = last_modified(site, dates)
    pages = listed(page_paths)
    start, end = ((part - 1) * PART, min(part * PART, len(pages))) if part else (0, len(pages))
    each = runs_text or (lambda _, run, run_dates: run_urls(site, run, run_dates))
    runs = []
    for first in range(start, end, RUN):
        run = tuple(pages[first : min(first + RUN, end)])
        runs.append(each(first // RUN, run, tuple(map(found.get, run))))
    return serialise(ET.Element("urlset", xmlns=SITEMAP), runs)


def sitemap_index(site: Site, parts: int) -> bytes:
    """The sitemap index of a big site: the address of each of its `parts` files."""
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for number in range(1, parts + 1):
        ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = absolute(
            site.config, urls.sitemap_part(number)
        )
    return serialise(index)


def run_urls(site: Site, paths: tuple[str, ...], dates: tuple[dt.date | None, ...]) -> str:
    """The <url> elements of `paths`, each with its date if it has one."""
    found = []
    for path, date in zip(paths, dates, strict=True):
        url = ET.Element("url")
        ET.SubElement(url, "loc").text = absolute(site.config, path)
        if date is not None:
            ET.SubElement(url, "lastmod").text = date.isoformat()
        found.append(serialise_child(url))
    return "\n  ".join(found)


def robots(site: Site, sitemap_path: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site.config, sitemap_path)}\n".encode()
