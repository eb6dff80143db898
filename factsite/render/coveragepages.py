"""The editors' coverage report as pages: a summary of every article, and a page per article.

One page for the whole report grew with the archive (27.8 MB at 1,000
articles); split, the summary holds a row per article, `page_size` rows a page,
and each article's page its own sentences, so no page grows past a few hundred
kilobytes. pages.py
keeps each spec while what it shows stays the same: the summary while the
articles and where each passage lies do, an article's page while its text and
its claims' passages do.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from .. import urls
from ..model import Article, Site
from . import paging
from .lists import Planned
from .paging import Pager
from .pieces import Parts
from .spec import PageSpec


def summary_pages(site: Site, parts: Parts, passages: tuple[tuple[object, ...], ...]) -> list[Planned]:
    """The summary: a row per article, `Config.page_size` rows a page (paging.py); `passages` are
    where each article's claims' passages lie (Parts.passages), in the articles' order. Each page's
    report is made only when it is rendered."""
    size = site.config.page_size
    rows = list(zip(site.articles, passages, strict=True))
    pages = paging.split(rows, size)
    planned = []
    for pager, mine in zip(paging.pagers(urls.COVERAGE, len(pages)), pages, strict=True):
        articles = tuple(a for a, _ in mine)
        make = functools.partial(_summary_page, site, parts, pager, articles, mine)
        planned.append(
            Planned(site.config, f"coverage page {pager.number}", (mine, pager.count, site.pages), make)
        )
    return planned


def _summary_page(
    site: Site, parts: Parts, pager: Pager, articles: tuple[Article, ...], rows: object
) -> PageSpec:
    context = functools.partial(_summary_context, parts, articles, pager)
    shown = functools.partial(_summary_fingerprint, site, pager, rows)
    return PageSpec(urls.output(pager.here), "coverage.html", context, fingerprint=shown)


def _summary_context(parts: Parts, articles: tuple[Article, ...], pager: Pager) -> dict[str, Any]:
    return {"coverage": tuple(map(parts.coverage_figures, articles)), "pager": pager}


def _summary_fingerprint(site: Site, pager: Pager, rows: object) -> str:
    """What a page of the summary shows: the menu, its articles, where their claims' passages are,
    and which page of how many it is."""
    shown = ([(p.slug, p.title) for p in site.pages], rows, pager)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def article_page(site: Site, article: Article, passages: tuple[object, ...], parts: Parts) -> PageSpec:
    """One article's page: its check-worthy sentences and the claims that cover them."""
    claims = site.claims_of(article.slug)
    context = functools.partial(_article_context, article, parts)
    shown = functools.partial(_article_fingerprint, site, article, passages)
    path = urls.output(urls.coverage(article.slug))
    return PageSpec(path, "coverage_article.html", context, (article, *claims), shown)


def _article_context(article: Article, parts: Parts) -> dict[str, Any]:
    return {"c": parts.article_coverage(article)}


def _article_fingerprint(site: Site, article: Article, passages: tuple[object, ...]) -> str:
    """What an article's page shows: the menu, the article, and where its claims' passages are."""
    shown = ([(p.slug, p.title) for p in site.pages], article, passages)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
