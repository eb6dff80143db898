"""The public record of corrections: the corrections page and its Atom feed, and the notice that
stands at a withdrawn verdict's address.

Every `updates:` entry of every published claim, and every withdrawal, is an
entry of the log, newest first. A withdrawn verdict keeps its page (its address
does not break): the page says that the verdict was withdrawn, when and why,
and what the claim and its rating were, as corrections policies ask; it is
listed nowhere else (drafts.py). Both pages' addresses are in `paths`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import urls
from ..model import Article, Claim, Site
from . import paging
from .feeds import EPOCH, NEWEST, _entry, _feed, _text, serialise, timestamp
from .spec import PageSpec
from .structured import claim_url


@dataclass(frozen=True)
class Paths:
    page: str = urls.output(urls.CORRECTIONS)
    feed: str = urls.FEED_CORRECTIONS


PATHS = Paths()
NOTICE_TEMPLATE = "withdrawn.html"


def paths() -> Paths:
    """Where the corrections page and its feed are published (site paths)."""
    return PATHS


def log_pages(site: Site) -> list[PageSpec]:
    """The corrections page: every entry of `log`, `Config.page_size` a page (paging.py), each page
    made when it is rendered and kept while the entries it shows, its number and the count stay the same."""
    pages = paging.split(log(site), site.config.page_size)
    specs = []
    for pager, mine in zip(paging.pagers(urls.CORRECTIONS, len(pages)), pages, strict=True):
        shows = ([(e.claim.key, e.claim.claim, e.date, e.note, e.number) for e in mine], pager, site.pages)
        digest = hashlib.blake2b(repr(shows).encode(), digest_size=16).hexdigest()
        context = {"log": mine, "pager": pager}
        specs.append(
            PageSpec(
                urls.output(pager.here),
                "corrections.html",
                context,
                fingerprint=functools.partial(str, digest),
            )
        )
    return specs


def notice_page(site: Site, claim: Claim) -> PageSpec:
    """The notice at a withdrawn verdict's address: its date, note, and what was published."""
    article = site.article(claim.article)
    context = {"claim": claim, "article": article, "status": site.config.status(claim.status)}
    return PageSpec(notice_path(claim), NOTICE_TEMPLATE, context, (claim, article))


def notice_path(claim: Claim) -> str:
    """A withdrawn verdict's notice is published at the claim's own address."""
    return urls.output(urls.claim(claim.article, claim.id))


@dataclass(frozen=True)
class LogEntry:
    """One correction: an `updates:` entry of `claim` (its `number`, from 1), or its withdrawal (0)."""

    date: dt.date
    claim: Claim
    note: str
    number: int

    @property
    def withdrawal(self) -> bool:
        return self.number == 0


def log(site: Site) -> list[LogEntry]:
    """Every correction of the site's published and withdrawn claims, newest first.

    Entries of one day are in the site's reading order, a claim's own in the order it logs them.
    """
    found = []
    for order, claim in enumerate((*site.claims, *site.withdrawn)):
        updates = enumerate(claim.updates, 1)
        found += [(u.date, order, i, LogEntry(u.date, claim, u.note, i)) for i, u in updates]
        if claim.withdrawn is not None:
            w = claim.withdrawn
            found.append((w.date, order, len(claim.updates) + 1, LogEntry(w.date, claim, w.note, 0)))
    found.sort(key=lambda row: (-row[0].toordinal(), row[1], row[2]))
    return [row[3] for row in found]


Shown = tuple[tuple[object, ...], ...]  # what the log shows of some claims (`shown`)


def shown(site: Site, each: Callable[[], Iterable[Shown]] | None = None) -> Shown:
    """What the log shows of each claim that has an entry: its key, title and entries; plain values,
    so that two builds of the same log compare equal. `each()` gives each article's share
    (`article_shown`, or in pieces.py the same shares reused while the articles' claims stay the same)."""
    articles = each() if each is not None else (article_shown(site, a) for a in site.articles)
    return (*itertools.chain.from_iterable(articles), *_shown(site.withdrawn))


def article_shown(site: Site, article: Article) -> Shown:
    """What the log shows of an article's published claims (`shown`)."""
    return _shown(site.claims_of(article.slug))


def _shown(claims: Iterable[Claim]) -> Shown:
    return tuple((c.key, c.claim, c.updates, c.withdrawn) for c in claims if c.updates or c.withdrawn)


def corrections_feed(site: Site, path: str) -> bytes:
    """The Atom feed of the log's `NEWEST` entries (the page has them all): one entry per correction,
    its id the claim's address and a fragment."""
    entries = log(site)[:NEWEST]
    feed = _feed(site, path, "corrections", PATHS.page, entries[0].date if entries else EPOCH)
    for entry in entries:
        url = claim_url(site.config, entry.claim)
        kind = "Withdrawn" if entry.withdrawal else "Correction"
        made = _entry(feed, f"{kind}: {entry.claim.claim}", url, entry.date, entry.note)
        ident = made.find("id")
        assert ident is not None
        ident.text = f"{url}#{anchor(entry)}"
        _text(made, "published", timestamp(entry.date))
    return serialise(feed)


def anchor(entry: LogEntry) -> str:
    """The entry's id on its claim's page: 'update-2', or 'withdrawn'."""
    return "withdrawn" if entry.withdrawal else f"update-{entry.number}"
