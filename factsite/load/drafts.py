"""What a build publishes: the site without its drafts, and with withdrawn verdicts set apart.

The loader reads every claim, drafts and withdrawn ones too, so that `check`
checks them all. A build then publishes `as_published(site)`: drafts are in no
output (pages, lists, feeds, downloads, sitemap, search, coverage, JSON-LD)
unless `drafts` is set (`build --drafts`, `serve`), and withdrawn verdicts move
from `Site.claims` to `Site.withdrawn`, whose claims get a notice page of their
own (the claim's address stays) and nothing else.
"""

from __future__ import annotations

import dataclasses

from ..model import Claim, Site


def as_published(site: Site, drafts: bool = False) -> Site:
    """`site` as a build publishes it; the same object when it has no draft or withdrawn claim.

    An article's claims keep the same tuple when none of them is left out, so
    that pages planned from them are kept between builds (memo.py).
    """
    if not any(c.withdrawn is not None or (c.draft and not drafts) for c in site.claims):
        return site  # `_left_out` inlined: this looks at every claim on every build
    grouped: dict[str, tuple[Claim, ...]] = {}
    for article in site.articles:
        claims = site.claims_of(article.slug)
        kept = claims if not any(_left_out(c, drafts) for c in claims) else _kept(claims, drafts)
        if kept:
            grouped[article.slug] = kept
    in_order = tuple(c for a in site.articles for c in grouped.get(a.slug, ()))
    withdrawn = tuple(c for c in site.claims if c.withdrawn is not None)
    return dataclasses.replace(site, claims=in_order, grouped=grouped, withdrawn=withdrawn)


def _kept(claims: tuple[Claim, ...], drafts: bool) -> tuple[Claim, ...]:
    return tuple(c for c in claims if not _left_out(c, drafts))


def _left_out(claim: Claim, drafts: bool) -> bool:
    return claim.withdrawn is not None or (claim.draft and not drafts)


def drafts_of(site: Site) -> tuple[Claim, ...]:
    """The site's draft claims, in reading order."""
    return tuple(c for c in site.claims if c.draft)
