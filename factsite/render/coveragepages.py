"""The editors' coverage report as pages: a summary of every article, and a page per article.

One page for the whole report grew with the archive (27.8 MB at 1,000
articles); split, the summary holds a row per article and each article's page
its own sentences, so no page grows past a few hundred kilobytes. Each page is
kept while what it shows stays the same (memo.py): the summary while the
articles and where each passage lies do, an article's page while its text and
its claims' passages do.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from .. import urls
from ..build.memo import Memo
from ..check import coverage
from ..model import Article, Claim, Site
from .deps import SiteInputs
from .pages import PageSpec

SUMMARY = urls.output(urls.COVERAGE)


def article_page_path(article: Article) -> str:
    return urls.output(urls.coverage(article.slug))


def coverage_pages(site: Site, inputs: SiteInputs, memo: Memo) -> list[PageSpec]:
    """The summary page, then each article's page, in the articles' order."""
    passages = tuple(_passages(memo, a, site.claims_of(a.slug)) for a in site.articles)
    context = functools.partial(_summary_context, site, memo)
    shown = functools.partial(_summary_fingerprint, site)
    make = functools.partial(PageSpec, SUMMARY, "coverage.html", context, fingerprint=shown)
    summary = memo.last(site.config, "coverage page", (site.articles, site.pages, passages), make)
    pages = [_article_page(site, a, p, inputs, memo) for a, p in zip(site.articles, passages, strict=True)]
    return [summary, *pages]


def _passages(memo: Memo, article: Article, claims: tuple[Claim, ...]) -> tuple[object, ...]:
    return memo.last(article, "passages", claims, lambda: tuple((c.id, c.passage.anchor) for c in claims))


def _summary_context(site: Site, memo: Memo) -> dict[str, Any]:
    return {"coverage": coverage.report(site, memo)}


def _summary_fingerprint(site: Site) -> str:
    """What the summary shows: the menu, the articles, and where each claim's passage is."""
    shown = (
        [(p.slug, p.title) for p in site.pages],
        site.articles,
        [(c.article, c.id, c.passage.anchor) for c in site.claims],
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _article_page(
    site: Site, article: Article, passages: tuple[object, ...], inputs: SiteInputs, memo: Memo
) -> PageSpec:
    claims = site.claims_of(article.slug)
    context = functools.partial(_article_context, article, claims, memo)
    shown = functools.partial(_article_fingerprint, site, article, passages)
    path = article_page_path(article)
    make = functools.partial(
        PageSpec, path, "coverage_article.html", context, inputs.article(article) | inputs.nav, shown
    )
    return memo.last(article, "coverage page", (passages, site.pages), make)


def _article_context(article: Article, claims: tuple[Claim, ...], memo: Memo) -> dict[str, Any]:
    return {"c": coverage.article_report(article, claims, memo)}


def _article_fingerprint(site: Site, article: Article, passages: tuple[object, ...]) -> str:
    """What an article's page shows: the menu, the article, and where its claims' passages are."""
    shown = ([(p.slug, p.title) for p in site.pages], article, passages)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
