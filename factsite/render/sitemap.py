"""`sitemap.xml` of every page, and `robots.txt` pointing at it."""

from __future__ import annotations

import datetime as dt
import functools
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .. import urls
from ..build.memo import Memo
from ..model import Article, Claim, Site
from .feeds import article_updated, serialise, serialise_child
from .structured import absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = frozenset({urls.NOT_FOUND})
NOT_LISTED_UNDER = (urls.COVERAGE,)  # for editors, marked noindex: a sitemap lists pages to index
RUN = 200


def last_modified(site: Site, memo: Memo | None = None) -> dict[str, dt.date]:
    """The pages whose content carries a date: claims and articles; a memo keeps each article's."""
    memo = Memo() if memo is None else memo
    dates: dict[str, dt.date] = {}
    for article in site.articles:
        claims = site.claims_of(article.slug)
        dates.update(memo.last(article, "dates", claims, functools.partial(_dates, site, article, claims)))
    return dates


def _dates(site: Site, article: Article, claims: tuple[Claim, ...]) -> dict[str, dt.date]:
    dates = {urls.output(urls.claim(c.article, c.id)): c.last_changed for c in claims}
    if claims or article.published:
        dates[urls.output(urls.article(article.slug))] = article_updated(site, article)
    return dates


def sitemap(site: Site, page_paths: Iterable[str], memo: Memo | None = None) -> bytes:
    """The sitemap; a memo keeps its entries in runs of `RUN` pages, each until its pages or dates change."""
    memo = Memo() if memo is None else memo
    dates = last_modified(site, memo)
    listed = [
        p
        for p in page_paths
        if p not in NOT_LISTED and not p.startswith(NOT_LISTED_UNDER) and p.endswith(".html")
    ]
    runs = []
    for start in range(0, len(listed), RUN):
        run = tuple(listed[start : start + RUN])
        key = (run, tuple(map(dates.get, run)))
        runs.append(memo.last(site.config, f"sitemap {start}", key, functools.partial(_urls, site, *key)))
    return serialise(ET.Element("urlset", xmlns=SITEMAP), runs)


def _urls(site: Site, paths: tuple[str, ...], dates: tuple[dt.date | None, ...]) -> str:
    urls = []
    for path, date in zip(paths, dates, strict=True):
        url = ET.Element("url")
        ET.SubElement(url, "loc").text = absolute(site.config, path)
        if date is not None:
            ET.SubElement(url, "lastmod").text = date.isoformat()
        urls.append(serialise_child(url))
    return "\n  ".join(urls)


def robots(site: Site, sitemap_path: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site.config, sitemap_path)}\n".encode()
