"""schema.org ClaimReview for each claim, and a DataFeed of them all.

Follows Google's fact-check markup (ClaimReview with reviewRating, itemReviewed
as a Claim) and the DataFeed form that fact-check aggregators ingest. Pure
functions of the model: dates come from content, never from the clock.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .. import urls
from ..model import Article, Claim, Claimant, Config, Site
from ..text import weblinks

SCHEMA = "https://schema.org"
JSON = dict[str, Any]


def absolute(config: Config, path: str) -> str:
    """The canonical URL of a site path or output file (urls.py), index.html dropped, in RFC 3986 form."""
    return weblinks.normalise(config.base_url) + weblinks.encode(urls.public(path), weblinks.PATH)


def claim_url(config: Config, claim: Claim) -> str:
    return absolute(config, urls.claim(claim.article, claim.id))


def organization(config: Config) -> JSON:
    return {
        "@type": "Organization",
        "name": config.organization.name,
        "url": weblinks.normalise(config.organization.url),
    }


def rating(config: Config, status_id: str) -> JSON:
    """The status as a Rating; a status that is no verdict gives its label alone."""
    status = config.status(status_id)
    if status.rating is None:
        return {"@type": "Rating", "alternateName": status.label}
    return {
        "@type": "Rating",
        "alternateName": status.label,
        "ratingValue": status.rating,
        "bestRating": config.best_rating,
        "worstRating": config.worst_rating,
    }


def appearance(article: Article) -> JSON:
    """Where the claim appeared: the article, with what is known of it."""
    work: JSON = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = weblinks.normalise(article.url)
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    return work


def claim_author(claimant: Claimant, article: Article) -> JSON | None:
    """Who made the claim, as Google's fact-check markup asks: a Person (with the role as jobTitle)
    or an Organization, `sameAs` its Wikidata item where one is given. The publication itself is
    the article's publisher, an Organization; None when the article names no publisher."""
    if claimant.kind == "publication":
        return {"@type": "Organization", "name": article.publisher} if article.publisher else None
    if claimant.kind == "person":
        author: JSON = {"@type": "Person", "name": claimant.name, "jobTitle": claimant.role}
    else:
        author = {"@type": "Organization", "name": claimant.name, "description": claimant.role}
    if claimant.wikidata_url:
        author["sameAs"] = claimant.wikidata_url
    if claimant.url:
        author["url"] = weblinks.normalise(claimant.url)
    return author


def has_verdict(config: Config, claim: Claim) -> bool:
    """Whether the claim's rating is a verdict (it has a `rating` in site.toml): only those get a
    ClaimReview, as Google's guidelines ask for markup of claims with a clear conclusion. A draft
    (shown only by `build --drafts` and serve) has reached no conclusion yet: it gets none."""
    return not claim.draft and config.status(claim.status).rating is not None


def reviewed_claim(claim: Claim, article: Article) -> JSON:
    """The Claim under review: who made it, and where it appeared (the article)."""
    item: JSON = {"@type": "Claim", "appearance": appearance(article)}
    author = claim_author(claim.claimant, article)
    if author is not None:
        item["author"] = author
    if article.published:
        item["datePublished"] = article.published.isoformat()
    return item


def claim_review(site: Site, claim: Claim) -> JSON:
    """One claim's ClaimReview, without @context (see `with_context`)."""
    config = site.config
    return {
        "@type": "ClaimReview",
        "url": claim_url(config, claim),
        "claimReviewed": claim.claim,
        "reviewBody": claim.summary,
        "reviewRating": rating(config, claim.status),
        "itemReviewed": reviewed_claim(claim, site.article(claim.article)),
        "author": organization(config),
        "publisher": organization(config),
        "datePublished": claim.checked_on.isoformat(),
        "dateModified": claim.last_changed.isoformat(),
        "inLanguage": config.language,
    }


def with_context(data: JSON) -> JSON:
    return {"@context": SCHEMA, **data}


def feed_item(site: Site, claim: Claim) -> JSON:
    """One claim's entry of the DataFeed; only for claims with a verdict (`has_verdict`)."""
    return {
        "@type": "DataFeedItem",
        "dateCreated": claim.checked_on.isoformat(),
        "dateModified": claim.last_changed.isoformat(),
        "item": [claim_review(site, claim)],
    }


def data_feed(site: Site, url: str, items: bool = True, newest: Claim | None = None) -> JSON:
    """Every claim with a verdict as a schema.org DataFeed of ClaimReviews, as aggregators take them.

    Without `items`, the feed lacks its `dataFeedElement`, for callers that add it themselves.
    `newest`, the most recently changed claim, saves looking through all of them.
    """
    feed: JSON = {
        "@context": SCHEMA,
        "@type": "DataFeed",
        "name": f"{site.config.title}: all claim reviews",
        "url": url,
        "publisher": organization(site.config),
    }
    if items:
        feed["dataFeedElement"] = [feed_item(site, c) for c in site.claims if has_verdict(site.config, c)]
    if site.claims:
        last = newest.last_changed if newest else max(c.last_changed for c in site.claims)
        feed["dateModified"] = last.isoformat()
    return feed


def script_json(data: JSON) -> Markup:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it.

    Compact, keys sorted: without `indent` the standard library encodes in C, and sorting makes
    the text the same on every run. U+2028 and U+2029 stay raw: JSON allows them, and so do
    scripts since ES2019.
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)


def claim_review_script(site: Site, claim: Claim) -> Markup:
    """The claim page's JSON-LD <script> element; nothing for a claim without a verdict."""
    if not has_verdict(site.config, claim):
        return Markup("")
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(
        script_json(with_context(claim_review(site, claim)))
    )
