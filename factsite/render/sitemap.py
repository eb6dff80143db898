"""`sitemap.xml` of every page, and `robots.txt` pointing at it."""

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


def sitemap(
    site: Site, page_paths: Iterable[str], dates: Dates | None = None, runs_text: RunsText | None = None
) -> bytes:
    """The sitemap of the HTML pages among `page_paths`, in runs of `RUN` pages: `runs_text` serialises
    the `i`th run (`run_urls`, or in pieces.py the same text reused while its pages and dates stay
    the same)."""
    found = last_modified(site, dates)
    listed = [p for p in page_paths if _listed(p)]
    each = runs_text or (lambda _, run, run_dates: run_urls(site, run, run_dates))
    runs = []
    for start in range(0, len(listed), RUN):
        run = tuple(listed[start : start + RUN])
        runs.append(each(start // RUN, run, tuple(map(found.get, run))))
    return serialise(ET.Element("urlset", xmlns=SITEMAP), runs)


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


def _listed(path: str) -> bool:
    """Whether a page belongs in the sitemap: HTML pages for readers (not the 404 page, nor the
    editors' coverage pages, which are noindex)."""
    return path.endswith(".html") and path not in NOT_LISTED and not path.startswith(NOT_LISTED_UNDER)
