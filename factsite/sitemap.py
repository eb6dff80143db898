"""`sitemap.xml` of every page, and `robots.txt` pointing at it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .feeds import article_updated, serialise
from .memo import Memo
from .model import Site
from .structured import absolute

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_LISTED = frozenset({"404.html"})


def last_modified(site: Site) -> dict[str, dt.date]:
    """The pages whose content carries a date: claims and articles."""
    dates = {f"claims/{c.article}/{c.id}/index.html": c.last_changed for c in site.claims}
    for article in site.articles:
        if site.claims_of(article.slug) or article.published:
            dates[f"articles/{article.slug}/index.html"] = article_updated(site, article)
    return dates


def sitemap(site: Site, page_paths: Iterable[str], memo: Memo | None = None) -> bytes:
    """The sitemap; with a memo, made again only when the pages or their dates change."""
    paths, dates = tuple(page_paths), last_modified(site)
    if memo is None:
        return _sitemap(site, paths, dates)
    return memo.latest("sitemap", (paths, dates), lambda: _sitemap(site, paths, dates))


def _sitemap(site: Site, page_paths: Iterable[str], dates: dict[str, dt.date]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for path in page_paths:
        if path in NOT_LISTED or not path.endswith(".html"):
            continue
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = absolute(site.config, path)
        if path in dates:
            ET.SubElement(url, "lastmod").text = dates[path].isoformat()
    return serialise(urlset)


def robots(site: Site, sitemap_path: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site.config, sitemap_path)}\n".encode()
