"""Atom feeds, sitemap, robots.txt and the CSV download, and that each is linked."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from factsite.render.downloads import CSV_COLUMNS, spreadsheet_safe

BASE = "https://checks.example.org/sub/"
A = "{http://www.w3.org/2005/Atom}"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {child.tag.removeprefix(A): (child.text or child.get("href") or "") for child in entry}
        for entry in feed.iter(f"{A}entry")
    ]


def test_claims_feed_lists_the_newest_claims_first(built_site: Path) -> None:
    feed = ET.parse(built_site / "feeds/claims.xml").getroot()
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") == f"{BASE}feeds/claims.xml"
    assert feed.findtext(f"{A}updated") == "2024-06-02T00:00:00Z"
    assert feed.findtext(f"{A}author/{A}name") == "Sample Desk"
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{BASE}feeds/claims.xml"
    found = entries(feed)
    assert [e["id"] for e in found] == [
        f"{BASE}claims/river-bridge/ninety-days/",
        f"{BASE}claims/nypd-detainers/policy-will-stay/",
        f"{BASE}claims/nypd-detainers/nypd-received-2916-requests/",
        f"{BASE}claims/city-budget/budget-rose-by-a-third/",
        f"{BASE}claims/city-budget/roads-fell-again/",
    ]
    first = found[1]
    assert first["title"] == "The mayor's office called the policy a matter of law and trust."
    assert first["updated"] == "2024-05-04T00:00:00Z"
    assert first["published"] == "2024-05-03T00:00:00Z"
    assert first["summary"].startswith("Accurate: The statement is quoted")
    category = feed.find(f"{A}entry[2]/{A}category")
    assert category is not None and category.attrib == {"term": "accurate", "label": "Accurate"}


def test_articles_feed_dates_each_article_by_its_newest_check(built_site: Path) -> None:
    feed = ET.parse(built_site / "feeds/articles.xml").getroot()
    found = entries(feed)
    assert [(e["title"], e["updated"]) for e in found] == [
        ("River bridge reopens", "2024-06-02T00:00:00Z"),
        ("NYPD ignored 2,916 detainer requests", "2024-05-04T00:00:00Z"),
        ("City budget grows by a third", "2024-03-07T00:00:00Z"),
    ]
    assert found[2]["summary"] == "2 claims checked: 1 accurate, 1 unverified."
    assert found[2]["published"] == "2024-03-05T00:00:00Z"
    related = feed.find(f"{A}entry[3]/{A}link[@rel='related']")
    assert related is not None and related.get("href") == "https://news.example.org/city-budget"


def test_sitemap_lists_every_page_but_the_404_and_the_editors_coverage(built_site: Path) -> None:
    urlset = ET.parse(built_site / "sitemap.xml").getroot()
    listed = {u.findtext(f"{S}loc"): u.findtext(f"{S}lastmod") for u in urlset.iter(f"{S}url")}
    pages = {
        BASE + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in built_site.rglob("*.html")
        if p.name != "404.html" and not p.relative_to(built_site).as_posix().startswith("coverage/")
    }
    assert set(listed) == pages
    assert listed[f"{BASE}claims/city-budget/budget-rose-by-a-third/"] == "2024-03-07"
    assert listed[f"{BASE}articles/city-budget/"] == "2024-03-07"
    assert listed[f"{BASE}search/"] is None


def test_robots_points_at_the_sitemap(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_csv_has_a_row_per_claim_that_round_trips(built_site: Path) -> None:
    raw = (built_site / "downloads/claims.csv").read_bytes()
    assert raw.count(b"\r\n") == 6
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [
        "city-budget/budget-rose-by-a-third",
        "city-budget/roads-fell-again",
        "nypd-detainers/nypd-received-2916-requests",
        "nypd-detainers/policy-will-stay",
        "river-bridge/ninety-days",
    ]
    policy = rows[3]
    assert policy["quote"] == "“a matter of law & trust”"
    assert policy["rating"] == "5"
    assert policy["article_url"] == "https://news.example.org/nypd-detainers?id=7&page=2"
    assert policy["topics"] == "transport"
    assert rows[1]["rating"] == "" and rows[1]["topics"] == "budget;transport"


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("-cmd") == "'-cmd"
    assert spreadsheet_safe("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert spreadsheet_safe("-5 percent") == "'-5 percent"  # a spreadsheet would try it as a formula
    assert spreadsheet_safe("-5") == "-5"  # a number, which no spreadsheet runs
    assert spreadsheet_safe("Plain text") == "Plain text"


def test_feeds_and_downloads_are_linked_from_every_page(built_site: Path) -> None:
    for page in [built_site / "index.html", built_site / "claims/city-budget/roads-fell-again/index.html"]:
        html = page.read_text(encoding="utf-8")
        depth = "../" * (len(page.relative_to(built_site).parts) - 1)
        for target in (
            "feeds/claims.xml",
            "feeds/articles.xml",
            "downloads/claims.json",
            "downloads/claims.csv",
        ):
            assert f'href="{depth}{target}"' in html, (page, target)
            assert (built_site / target).is_file()
        assert f'type="application/atom+xml" title="Sample Checks: newest claims" href="{depth}feeds' in html
