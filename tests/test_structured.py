"""ClaimReview JSON-LD, read back from the built pages with a structured-data extractor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import extruct

from factsite.cli.main import main

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
        "author": {"@type": "Organization", "name": "The Sample Gazette"},  # the publication itself
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
    assert "author" not in item  # the publication itself, and the article names no publisher
    assert item["appearance"] == {"@type": "CreativeWork", "headline": "River bridge reopens"}


UNRATED = {"city-budget/roads-fell-again", "nypd-detainers/nypd-received-2916-requests"}  # unverified


def test_a_claim_without_a_verdict_keeps_its_page_but_carries_no_claim_review(built_site: Path) -> None:
    for key in UNRATED:
        page = built_site / "claims" / key / "index.html"
        assert "<h1>" in page.read_text(encoding="utf-8")
        assert json_ld(page, BASE) == []


def test_only_claim_pages_with_a_verdict_carry_claim_reviews(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        kinds = [item.get("@type") for item in json_ld(page, BASE)]
        key = "/".join(page.parts[-3:-1])
        rated = page.parts[-4] == "claims" and key not in UNRATED
        assert kinds == (["ClaimReview"] if rated else []), page


def test_hostile_claim_text_cannot_close_the_script(
    site_root: Path, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    hostile = "Ends here </script><script>alert('x & y')</script><!--"
    claim = (site_root / "content/claims/river-bridge/ninety-days.yaml").read_text(encoding="utf-8")
    claim = claim.replace(
        "claim: The river bridge was closed for 90 days of repairs before June 1.",
        f"claim: {json.dumps(hostile)}",
    ).replace("claimant: the-article", "claimant: officials")
    write("content/claims/river-bridge/ninety-days.yaml", claim)
    write("content/claimants/officials.yaml", 'name: "<b>Officials</b> & co"\nkind: organization\nrole: x\n')
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
    assert len(elements) == 3  # the claims with a verdict; the two unverified ones have none
    keys = {e["item"][0]["url"].removeprefix(f"{BASE}claims/").rstrip("/") for e in elements}
    assert not keys & UNRATED
    for element in elements:
        assert element["@type"] == "DataFeedItem"
        (review,) = element["item"]
        key = review["url"].removeprefix(f"{BASE}claims/").rstrip("/")
        on_page = claim_review(built_site, key)
        assert {"@context": "https://schema.org", **review} == on_page
        assert element["dateCreated"] == review["datePublished"]
        assert element["dateModified"] == review["dateModified"]


PERSON = """\
name: Jane Roe
kind: person
role: Mayor of the city
wikidata: Q4115189
url: https://mayor.example.org/
"""
ORGANISATION = "name: The city council\nkind: organization\nrole: The city's elected council\n"


def test_claim_authors_are_a_person_an_organisation_or_the_publication_itself(
    site_root: Path, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """itemReviewed.author as Google's fact-check markup asks, read back with extruct."""
    write("content/claimants/jane-roe.yaml", PERSON)
    write("content/claimants/city-council.yaml", ORGANISATION)
    bridge = "content/claims/river-bridge/ninety-days.yaml"
    text = (site_root / bridge).read_text(encoding="utf-8")
    write(bridge, text.replace("claimant: the-article", "claimant: {key: jane-roe, as_reported: true}"))
    roads = "content/claims/city-budget/roads-fell-again.yaml"
    write(
        roads,
        (site_root / roads).read_text(encoding="utf-8").replace("status: unverified", "status: accurate"),
    )
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    person = claim_review(out, "river-bridge/ninety-days")["itemReviewed"]["author"]
    assert person == {
        "@type": "Person",
        "name": "Jane Roe",
        "jobTitle": "Mayor of the city",
        "sameAs": "https://www.wikidata.org/wiki/Q4115189",
        "url": "https://mayor.example.org/",
    }
    organisation = claim_review(out, "city-budget/roads-fell-again")["itemReviewed"]["author"]
    assert organisation == {
        "@type": "Organization",
        "name": "The city council",
        "description": "The city's elected council",
    }
    publication = claim_review(out, "city-budget/budget-rose-by-a-third")["itemReviewed"]["author"]
    assert publication == {"@type": "Organization", "name": "The Sample Gazette"}
    for review in (
        claim_review(out, k) for k in ("river-bridge/ninety-days", "city-budget/roads-fell-again")
    ):
        assert "as reported" not in json.dumps(review)  # an attribution, not part of a name


def test_no_author_is_invented_where_the_article_names_no_publisher(built_site: Path) -> None:
    """Google lists the claim's author among the recommended properties, not the required ones:
    where the article in its own voice names no publisher, the claim has no author, and neither
    "The article" nor the article itself stands in for one (README, "Structured data")."""
    feed = json.loads((built_site / "downloads/claims.json").read_text(encoding="utf-8"))
    reviews = {r["url"]: r for item in feed["dataFeedElement"] for r in item["item"]}
    unnamed = reviews[f"{BASE}claims/river-bridge/ninety-days/"]["itemReviewed"]
    assert "author" not in unnamed
    assert unnamed["appearance"] == {"@type": "CreativeWork", "headline": "River bridge reopens"}
    named = reviews[f"{BASE}claims/city-budget/budget-rose-by-a-third/"]["itemReviewed"]
    assert named["author"] == {"@type": "Organization", "name": "The Sample Gazette"}
    authors = [r["itemReviewed"].get("author", {}).get("name") for r in reviews.values()]
    assert "The article" not in authors and "River bridge reopens" not in authors


def test_json_ld_is_compact_sorted_and_the_same_for_the_same_data() -> None:
    """One line from the standard library's C encoder: keys sorted, so equal data gives equal text."""
    from factsite.render.structured import script_json

    data = {"b": ["</script>", "a & b"], "a": {"z": 1, "y": "\u2028 é"}}
    text = str(script_json(data))
    assert "\n" not in text and "<" not in text and "&" not in text
    assert text == str(script_json(dict(reversed(list(data.items())))))
    assert json.loads(text) == data
    assert text.startswith('{"a":{"y":')
