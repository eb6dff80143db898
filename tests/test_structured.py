"""ClaimReview JSON-LD, read back from the built pages with a structured-data extractor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import extruct

from factsite.cli import main

BASE = "https://checks.example.org/sub/"
ORGANIZATION = {"@type": "Organization", "name": "Sample Desk", "url": "https://checks.example.org/"}


def json_ld(page: Path, url: str) -> list[dict[str, Any]]:
    data = extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"])
    items: list[dict[str, Any]] = data["json-ld"]
    return items


def claim_review(site: Path, key: str) -> dict[str, Any]:
    url = f"{BASE}claims/{key}/"
    items = json_ld(site / "claims" / key / "index.html", url)
    assert len(items) == 1, items
    return items[0]


def test_rated_claim_has_every_required_and_recommended_property(built_site: Path) -> None:
    review = claim_review(built_site, "city-budget/budget-rose-by-a-third")
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{BASE}claims/city-budget/budget-rose-by-a-third/"
    assert review["claimReviewed"] == (
        "The city's budget rose by a third in 2023, from $300 million to $400 million."
    )
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Accurate",
    }
    assert review["author"] == ORGANIZATION
    assert review["datePublished"] == "2024-03-06"
    assert review["dateModified"] == "2024-03-07"
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "The article"},
        "datePublished": "2024-03-05",
        "appearance": {
            "@type": "CreativeWork",
            "headline": "City budget grows by a third",
            "url": "https://news.example.org/city-budget",
            "datePublished": "2024-03-05",
            "publisher": {"@type": "Organization", "name": "The Sample Gazette"},
        },
    }


def test_worst_rating_and_an_article_with_no_url_or_date(built_site: Path) -> None:
    review = claim_review(built_site, "river-bridge/ninety-days")
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewRating"]["alternateName"] == "Inaccurate"
    item = review["itemReviewed"]
    assert "datePublished" not in item
    assert item["appearance"] == {"@type": "CreativeWork", "headline": "River bridge reopens"}


def test_status_without_a_rating_gives_its_label_alone(built_site: Path) -> None:
    review = claim_review(built_site, "city-budget/roads-fell-again")
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverified"}
    assert review["itemReviewed"]["author"]["name"] == "The city council (as reported)"


def test_only_claim_pages_carry_claim_reviews(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        kinds = [item.get("@type") for item in json_ld(page, BASE)]
        expected = ["ClaimReview"] if page.parts[-4] == "claims" else []
        assert kinds == expected, page


def test_hostile_claim_text_cannot_close_the_script(
    site_root: Path, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    hostile = "Ends here </script><script>alert('x & y')</script><!--"
    claim = (site_root / "content/claims/river-bridge/ninety-days.yaml").read_text(encoding="utf-8")
    claim = claim.replace(
        "claim: The river bridge was closed for 90 days of repairs before June 1.",
        f"claim: {json.dumps(hostile)}",
    ).replace("claimant: The article", 'claimant: "<b>Officials</b> & co"')
    write("content/claims/river-bridge/ninety-days.yaml", claim)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = out / "claims/river-bridge/ninety-days/index.html"
    script = page.read_text(encoding="utf-8").split('<script type="application/ld+json">', 1)[1]
    body = script.split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body
    review = json_ld(page, BASE)[0]
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == "<b>Officials</b> & co"


def test_json_download_is_a_data_feed_of_every_claim_review(built_site: Path) -> None:
    feed = json.loads((built_site / "downloads/claims.json").read_text(encoding="utf-8"))
    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == f"{BASE}downloads/claims.json"
    assert feed["publisher"] == ORGANIZATION
    assert feed["dateModified"] == "2024-06-02"
    elements = feed["dataFeedElement"]
    assert len(elements) == 5
    for element in elements:
        assert element["@type"] == "DataFeedItem"
        (review,) = element["item"]
        key = review["url"].removeprefix(f"{BASE}claims/").rstrip("/")
        on_page = claim_review(built_site, key)
        assert {"@context": "https://schema.org", **review} == on_page
        assert element["dateCreated"] == review["datePublished"]
        assert element["dateModified"] == review["dateModified"]
