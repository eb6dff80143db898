"""schema.org ClaimReview for each claim, and a DataFeed of them all.

Follows Google's fact-check markup (ClaimReview with reviewRating, itemReviewed
as a Claim) and the DataFeed form that fact-check aggregators ingest. Pure
functions of the model: dates come from content, never from the clock.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from . import urls
from .model import Article, Claim, Config, Site

SCHEMA = "https://schema.org"
JSON = dict[str, Any]


def absolute(config: Config, path: str) -> str:
    """The canonical URL of a site path such as 'claims/a/b/' (index.html dropped), in RFC 3986 form."""
    return urls.normalise(config.base_url) + urls.encode(path.removesuffix("index.html"), urls.PATH)


def claim_url(config: Config, claim: Claim) -> str:
    return absolute(config, f"claims/{claim.article}/{claim.id}/")


def organization(config: Config) -> JSON:
    return {
        "@type": "Organization",
        "name": config.organization.name,
        "url": urls.normalise(config.organization.url),
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
        work["url"] = urls.normalise(article.url)
    if article.published:
        work["datePublished"] = article.published.isoformat()
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    return work


def reviewed_claim(claim: Claim, article: Article) -> JSON:
    """The Claim under review. The content model does not say whether a claimant is
    a person or an organisation, so the claimant is given as an Organization by name."""
    item: JSON = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": claim.claimant},
        "appearance": appearance(article),
    }
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
    return {
        "@type": "DataFeedItem",
        "dateCreated": claim.checked_on.isoformat(),
        "dateModified": claim.last_changed.isoformat(),
        "item": [claim_review(site, claim)],
    }


def data_feed(site: Site, url: str, items: bool = True, newest: Claim | None = None) -> JSON:
    """Every claim as a schema.org DataFeed of ClaimReviews, as aggregators take them.

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
        feed["dataFeedElement"] = [feed_item(site, claim) for claim in site.claims]
    if site.claims:
        last = newest.last_changed if newest else max(c.last_changed for c in site.claims)
        feed["dateModified"] = last.isoformat()
    return feed


def script_json(data: JSON) -> Markup:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return Markup(text)


def claim_review_script(site: Site, claim: Claim) -> Markup:
    """The claim page's JSON-LD <script> element."""
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(
        script_json(with_context(claim_review(site, claim)))
    )
