"""The variables of an article's page and of a claim's page (pages.py plans them)."""

from __future__ import annotations

from typing import Any

from .. import urls
from ..model import Article, Claim, Config
from . import corrections
from .highlight import highlighted, marked
from .structured import absolute


def claim_path(claim: Claim) -> str:
    """The site path of a claim's page, e.g. 'claims/some-article/some-claim/'."""
    return urls.claim(claim.article, claim.id)


def article_context(config: Config, article: Article, claims: tuple[Claim, ...], path: str) -> dict[str, Any]:
    """An article page's variables: the article, its claims, and each block of its text with the
    claims' passages highlighted, each linking to its claim's page from `path`, the page's output path."""

    def link(claim: Claim) -> str:
        return urls.href(claim_path(claim), path)

    def describe(claim: Claim) -> str:
        return f"{config.status(claim.status).label}: {claim.summary}"

    blocks = tuple((b, highlighted(b, claims, link, describe)) for b in article.blocks)
    return {"article": article, "claims": claims, "blocks": blocks}


def claim_context(
    config: Config, article: Article, claim: Claim, previous: Claim | None, following: Claim | None
) -> dict[str, Any]:
    """A claim page's variables: the claim, its article and rating, its passage marked in its block,
    the claims before and after it in reading order, and its corrections links."""
    block = article.blocks[claim.passage.anchor.block]
    return {
        "claim": claim,
        "article": article,
        "status": config.status(claim.status),
        "context": marked(block, claim),
        "previous": previous,
        "next": following,
        "corrections": corrections.links(config, claim, absolute(config, claim_path(claim))),
    }
