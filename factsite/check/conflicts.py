"""Computed checks held against each claim's rating: a check of the whole site.

`status_conflicts` finds claims whose rating the computed working contradicts
(text/arithmetic.py computes it, load/computed.py reads it); the command line
reports those as errors, or as warnings with `--warn`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..errors import ContentError, printable
from ..model import Article, CheckResult, Claim, Config, Site


def status_conflicts(
    site: Site, each: Callable[[Article, tuple[Claim, ...]], list[ContentError]] | None = None
) -> list[ContentError]:
    """Checks that contradict a claim's rating (see `claim_conflicts`), article by article: `each`
    finds an article's (`article_conflicts`, or in build/ the same list reused while its claims
    stay the same)."""
    make = each or functools.partial(article_conflicts, config=site.config)
    return [error for article in site.articles for error in make(article, site.claims_of(article.slug))]


def article_conflicts(article: Article, claims: tuple[Claim, ...], config: Config) -> list[ContentError]:
    """The conflicts of one article's claims, in reading order."""
    return [error for claim in claims for error in claim_conflicts(claim, config)]


def claim_conflicts(claim: Claim, config: Config) -> list[ContentError]:
    """A computed contradiction on a claim rated best, or none at all on one rated worst.

    Best and worst are the highest and lowest ClaimReview ratings that statuses in site.toml
    have (`accurate` and `inaccurate` on this site), whatever the scale's declared bounds;
    other ratings are left to judgement. Only checks of the article's own words
    (stated.py) can clear a claim rated worst: the desk's or a source's figures
    holding says nothing about the article.
    """
    status = config.status(claim.status)
    if status.rating is None or not claim.checks:
        return []
    if status.rating == config.highest_rating:
        return [_contradiction(claim, check, status.label) for check in claim.checks if not check.consistent]
    about_article = [check for check in claim.checks if check.stated_by in ("article", "")]
    if status.rating == config.lowest_rating and about_article and all(c.consistent for c in about_article):
        first = about_article[0]
        return [
            ContentError(
                claim.source_path,
                first.line,
                first.col,
                f"every computed check agrees with the article's words, but the status is "
                f"'{printable(claim.status)}'",
                "add the check that shows the contradiction, or reconsider the status",
            )
        ]
    return []


def _contradiction(claim: Claim, check: CheckResult, label: str) -> ContentError:
    return ContentError(
        claim.source_path,
        check.line,
        check.col,
        f"computed check '{check.kind}' contradicts the status '{printable(claim.status)}': "
        f"{check.working}, but the words are '{printable(check.stated)}' ({check.meaning})",
        f"correct the check's inputs, or rate the claim below {label} and explain the difference",
    )


def as_warning(error: ContentError) -> str:
    text = f"{error.path}:{error.line}:{error.col}: warning: {error.message}"
    return f"{text}\n    hint: {error.hint}" if error.hint else text
