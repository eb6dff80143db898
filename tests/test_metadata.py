"""Every page has a meaningful title and description, a canonical URL from base_url,
and Open Graph and Twitter card tags that agree with them."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

BASE = "https://checks.example.org/sub/"


def head(page: Path) -> dict[str, str]:
    tree = lxml.html.fromstring(page.read_bytes())
    found = {"title": tree.findtext(".//title") or ""}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name")
        if key:
            assert key not in found, f"{page}: {key} given twice"
            found[key] = meta.get("content", "")
    for link in tree.iterfind(".//link[@rel='canonical']"):
        found["canonical"] = link.get("href", "")
    return found


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_page_has_its_own_title_description_and_canonical_url(built_site: Path) -> None:
    titles: dict[str, Path] = {}
    descriptions: dict[str, Path] = {}
    for page in pages(built_site):
        tags = head(page)
        path = page.relative_to(built_site).as_posix()
        assert tags["canonical"] == BASE + path.removesuffix("index.html"), page
        assert tags["title"].endswith(" — Sample Checks") or path == "index.html", page
        assert tags["title"] not in titles, f"{page} has the title of {titles.get(tags['title'])}"
        titles[tags["title"]] = page
        assert len(tags["description"]) >= 20, page
        assert tags["description"] not in descriptions, (
            f"{page}: same as {descriptions.get(tags['description'])}"
        )
        descriptions[tags["description"]] = page


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("index.html", "website"),
        ("articles/city-budget/index.html", "article"),
        ("search/index.html", "website"),
    ],
)
def test_open_graph_and_twitter_tags_match_the_page(built_site: Path, path: str, kind: str) -> None:
    tags = head(built_site / path)
    assert tags["og:type"] == kind
    assert tags["og:site_name"] == "Sample Checks"
    assert tags["og:url"] == tags["canonical"]
    assert tags["og:title"] == tags["title"]
    assert tags["og:description"] == tags["description"]
    assert tags["twitter:card"] == "summary"
    # X (Twitter) cards fall back on og:title and og:description: the page does not repeat them
    assert "twitter:title" not in tags and "twitter:description" not in tags


def test_claim_page_title_and_description_give_the_verdict(built_site: Path) -> None:
    tags = head(built_site / "claims/city-budget/roads-fell-again/index.html")
    assert tags["title"] == "Unverified: Spending on roads fell again in 2024. — Sample Checks"
    assert tags["description"] == "Unverified. No record of the 2024 road budget is cited."
    assert tags["og:type"] == "article"
