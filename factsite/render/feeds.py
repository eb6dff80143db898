"""Atom feeds of the newest claims and the newest articles.

Built with ElementTree, which escapes all text; every date comes from content,
so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .. import urls
from ..model import Article, Claim, Site
from ..text import weblinks
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
    _text(author, "uri", weblinks.normalise(config.organization.url))
    return feed


def _entry(feed: ET.Element, title: str, url: str, updated: dt.date, summary: str) -> ET.Element:
    entry = ET.SubElement(feed, "entry")
    _text(entry, "title", title)
    _text(entry, "id", url)
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "updated", timestamp(updated))
    _text(entry, "summary", summary)
    return entry


def serialise(root: ET.Element, children: Sequence[str] = ()) -> bytes:
    """The document, indented, with `children` (from `serialise_child`) added at the end of the root."""
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    if children:
        if len(root):
            head, end = data.rsplit(b"\n", 1)
        else:  # <root ... />
            head, end = data[: -len(b" />")] + b">", f"</{root.tag}>".encode()
        data = b"".join([head, *(("\n  " + child).encode("utf-8") for child in children), b"\n", end])
    return data + b"\n"


def serialise_child(element: ET.Element) -> str:
    """A child of a document's root, as `serialise` would write it there, without what comes after it."""
    ET.indent(element, level=1)
    element.tail = None
    text: str = ET.tostring(element, encoding="unicode")
    return text


def newest_claims(claims: Iterable[Claim], n: int = NEWEST) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.last_changed, c.key), reverse=True)[:n]


def claims_feed(site: Site, path: str, newest: Iterable[Claim] | None = None) -> bytes:
    """The feed of the newest claims: `newest`, when the caller knows them already (groups.py)."""
    claims = newest_claims(site.claims) if newest is None else list(newest)
    feed = _feed(site, path, "newest claims", urls.CLAIMS, claims[0].last_changed if claims else EPOCH)
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


def articles_feed(site: Site, path: str, entry: Callable[[Site, Article], Entry] | None = None) -> bytes:
    """The feed of the `NEWEST` most recently updated articles, newest first, like the claims feed: a
    feed reader wants what is new, and the whole archive is on the site and in the downloads.
    `entry` makes each article's (`article_entry`, or in pieces.py the same entry reused while the
    article's claims stay the same)."""
    make = entry or article_entry
    entries = [make(site, a) for a in site.articles]
    entries.sort(key=lambda e: (e.updated, e.slug), reverse=True)
    del entries[NEWEST:]
    feed = _feed(site, path, "newest articles", urls.HOME, entries[0].updated if entries else EPOCH)
    return serialise(feed, [e.xml for e in entries])


@dataclass(frozen=True)
class Entry:
    """One article's entry, serialised, with what the feed is sorted by."""

    updated: dt.date
    slug: str
    xml: str


def article_entry(site: Site, article: Article) -> Entry:
    """One article's entry; it shows the article and its claims."""
    updated = article_updated(site, article)
    url = absolute(site.config, urls.article(article.slug))
    entry = _entry(ET.Element("feed"), article.title, url, updated, article_summary(site, article))
    if article.published:
        _text(entry, "published", timestamp(article.published))
    if article.url:
        ET.SubElement(entry, "link", rel="related", type="text/html", href=weblinks.normalise(article.url))
    return Entry(updated, article.slug, serialise_child(entry))
