"""Atom feeds of the newest claims and the newest articles.

Built with ElementTree, which escapes all text; every date comes from content,
so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable

from .memo import Memo, Same
from .model import Article, Claim, Site
from .structured import absolute, claim_url

ATOM = "http://www.w3.org/2005/Atom"
NEWEST = 50
EPOCH = dt.date(1970, 1, 1)  # the feed's `updated` when the site has no dated content


def timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _feed(site: Site, path: str, title: str, alternate: str, updated: dt.date) -> ET.Element:
    config = site.config
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    _text(feed, "title", f"{config.title}: {title}")
    _text(feed, "subtitle", config.description)
    _text(feed, "id", absolute(config, path))
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=absolute(config, path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=absolute(config, alternate))
    _text(feed, "updated", timestamp(updated))
    author = ET.SubElement(feed, "author")
    _text(author, "name", config.organization.name)
    _text(author, "uri", config.organization.url)
    return feed


def _entry(feed: ET.Element, title: str, url: str, updated: dt.date, summary: str) -> ET.Element:
    entry = ET.SubElement(feed, "entry")
    _text(entry, "title", title)
    _text(entry, "id", url)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "updated", timestamp(updated))
    _text(entry, "summary", summary)
    return entry


def serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def newest_claims(claims: Iterable[Claim], n: int = NEWEST) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.last_changed, c.key), reverse=True)[:n]


def claims_feed(site: Site, path: str) -> bytes:
    claims = newest_claims(site.claims)
    feed = _feed(site, path, "newest claims", "claims/", claims[0].last_changed if claims else EPOCH)
    for claim in claims:
        status = site.config.status(claim.status)
        summary = f"{status.label}: {claim.summary}"
        entry = _entry(feed, claim.claim, claim_url(site.config, claim), claim.last_changed, summary)
        _text(entry, "published", timestamp(claim.checked_on))
        ET.SubElement(entry, "category", term=status.id, label=status.label)
    return serialise(feed)


def article_updated(site: Site, article: Article) -> dt.date:
    """The latest date known for an article: its publication or its newest check."""
    dates = [c.last_changed for c in site.claims_of(article.slug)]
    dates += [article.published] if article.published else []
    return max(dates, default=EPOCH)


def article_summary(site: Site, article: Article) -> str:
    counts = Counter(c.status for c in site.claims_of(article.slug))
    parts = [f"{counts[s.id]} {s.label.lower()}" for s in site.config.statuses if counts[s.id]]
    total = sum(counts.values())
    checked = f"{total} claim{'' if total == 1 else 's'} checked"
    return f"{checked}: {', '.join(parts)}." if parts else f"{checked}."


def articles_feed(site: Site, path: str, memo: Memo | None = None) -> bytes:
    """The feed of articles; a memo keeps it until an article, or its claims' dates or ratings, change."""
    if memo is None:
        return _articles_feed(site, path)
    key = (path, tuple((Same(a), article_updated(site, a), article_summary(site, a)) for a in site.articles))
    return memo.latest("articles feed", key, lambda: _articles_feed(site, path))


def _articles_feed(site: Site, path: str) -> bytes:
    articles = sorted(site.articles, key=lambda a: (article_updated(site, a), a.slug), reverse=True)
    updated = article_updated(site, articles[0]) if articles else EPOCH
    feed = _feed(site, path, "newest articles", "", updated)
    for article in articles:
        url = absolute(site.config, f"articles/{article.slug}/")
        entry = _entry(
            feed, article.title, url, article_updated(site, article), article_summary(site, article)
        )
        if article.published:
            _text(entry, "published", timestamp(article.published))
        if article.url:
            ET.SubElement(entry, "link", rel="related", type="text/html", href=article.url)
    return serialise(feed)
