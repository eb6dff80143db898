"""The editors' coverage report as pages: a summary of every article, and a page per article.

One page for the whole report grew with the archive (27.8 MB at 1,000
articles); split, the summary holds a row per article and each article's page
its own sentences, so no page grows past a few hundred kilobytes. pages.py
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
from .pieces import Parts
from .spec import PageSpec


def summary(site: Site, parts: Parts) -> PageSpec:
    """The summary page: a row per article. Its report is made only when it is rendered."""
    context = functools.partial(_summary_context, parts)
    shown = functools.partial(_summary_fingerprint, site)
    return PageSpec(urls.output(urls.COVERAGE), "coverage.html", context, fingerprint=shown)


def _summary_context(parts: Parts) -> dict[str, Any]:
    return {"coverage": parts.coverage()}


def _summary_fingerprint(site: Site) -> str:
    """What the summary shows: the menu, the articles, and where each claim's passage is."""
    shown = (
        [(p.slug, p.title) for p in site.pages],
        site.articles,
        [(c.article, c.id, c.passage.anchor) for c in site.claims],
    )
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
