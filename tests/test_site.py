"""Each page kind, rendered from the sample site, shows what a reader needs."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli.main import main
from tests.htmlparse import elements, find_all, text_of

Write = Callable[[str, str], Path]


@pytest.fixture
def built(site_root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    return out


def test_every_page_kind_is_built(built: Path) -> None:
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert pages == [
        "404.html",
        "articles/city-budget/index.html",
        "articles/index.html",
        "articles/river-bridge/index.html",
        "claimants/city-council/index.html",
        "claimants/index.html",
        "claimants/the-article/index.html",
        "claims/city-budget/budget-rose-by-a-third/index.html",
        "claims/city-budget/roads-fell-again/index.html",
        "claims/index.html",
        "claims/river-bridge/ninety-days/index.html",
        "corrections/index.html",
        "coverage/city-budget/index.html",
        "coverage/index.html",
        "coverage/river-bridge/index.html",
        "index.html",
        "methodology/index.html",
        "search/index.html",
        "status/accurate/index.html",
        "status/inaccurate/index.html",
        "status/index.html",
        "status/unverified/index.html",
        "topics/budget/index.html",
        "topics/index.html",
        "topics/transport/index.html",
    ]
    assert (built / "static/style.css").is_file()


def test_home_lists_articles_with_counts_per_status_and_the_scale(built: Path) -> None:
    text = text_of(built / "index.html")
    assert "City budget grows by a third" in text and "River bridge reopens" in text
    assert "1 accurate" in text and "1 unverified" in text and "1 inaccurate" in text
    assert "Supported by the evidence." in text and "Could not be checked." in text


def test_article_page_highlights_each_claim_with_a_link_to_it(built: Path) -> None:
    page = built / "articles/city-budget/index.html"
    highlights = find_all(page, "a", class_="hl")
    assert [(h.attrs["data-status"], h.attrs["href"], h.text) for h in highlights] == [
        (
            "accurate",
            "../../claims/city-budget/budget-rose-by-a-third/index.html",
            "The city’s budget rose from $300 million to $400 million in 2023, a rise of a third.",
        ),
        ("unverified", "../../claims/city-budget/roads-fell-again/index.html", "Spending on roads fell"),
    ]
    assert highlights[0].attrs["id"] == "claim-budget-rose-by-a-third"
    assert "Spending on roads fell. Spending on roads fell again" in text_of(page)
    listed = [a.attrs["href"] for a in find_all(page, "a", class_="claim-item-title")]
    assert listed == [h.attrs["href"] for h in highlights]


def test_claim_page_has_everything_a_reader_needs(built: Path) -> None:
    page = built / "claims/city-budget/budget-rose-by-a-third/index.html"
    text = text_of(page)
    for expected in [
        "The city's budget rose by a third in 2023",
        "Accurate",
        "400 is a third more than 300.",
        "Claimant: The article",
        "100 ÷ 300 = 0.333",
        "Annual budget report 2023",
        "City Council · Table 1 · 15 January 2024",
        "Checked on 6 March 2024",
        "7 March 2024: Added the council's report.",
    ]:
        assert expected in text, expected
    [mark] = find_all(page, "mark")
    assert mark.text.startswith("The city’s budget rose")
    links = {a.text.strip(): a.attrs["href"] for a in find_all(page, "a")}
    assert (
        links["See the passage in the article"]
        == "../../../articles/city-budget/index.html#claim-budget-rose-by-a-third"
    )
    assert links["Annual budget report 2023"] == "https://council.example.org/report"
    assert links["read in context"] == "../../../articles/city-budget/index.html#p-0"
    assert any(label.startswith("Next claim") for label in links)


def test_previous_and_next_claims_follow_reading_order(built: Path) -> None:
    first = built / "claims/city-budget/budget-rose-by-a-third/index.html"
    last = built / "claims/river-bridge/ninety-days/index.html"
    assert [a.attrs["rel"] for a in find_all(first, "a") if a.attrs.get("rel") in ("prev", "next")] == [
        "next"
    ]
    assert [a.attrs["rel"] for a in find_all(last, "a") if a.attrs.get("rel") in ("prev", "next")] == ["prev"]


def test_status_and_topic_pages_list_their_claims(built: Path) -> None:
    unverified = text_of(built / "status/unverified/index.html")
    assert "Spending on roads fell again in 2024." in unverified
    assert "The river bridge" not in unverified
    transport = text_of(built / "topics/transport/index.html")
    assert "Spending on roads fell again" in transport and "The river bridge was closed" in transport
    assert "The city's budget rose" not in transport


def test_methodology_page_renders_markdown_and_the_rating_scale(built: Path) -> None:
    page = built / "methodology/index.html"
    assert "How we check." in text_of(page)
    assert any(a.attrs.get("href") == "https://standards.example.org/" for a in find_all(page, "a"))
    assert len(find_all(page, "span", class_="badge")) == 3


def test_all_internal_links_are_relative_and_resolve(built: Path) -> None:
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue
        here = page.parent.relative_to(built).as_posix()
        for element in elements(page):
            target = element.attrs.get("href") or element.attrs.get("src")
            if element.tag not in ("a", "link", "script") or not target or target.startswith("https://"):
                continue
            assert not target.startswith("/"), (page, target)
            if target.startswith("#"):
                continue
            path = posixpath.normpath(posixpath.join(here, target.split("#")[0]))
            assert (built / path).is_file(), (page, target)


def test_fragments_on_article_pages_exist(built: Path) -> None:
    ids = {e.attrs["id"] for e in elements(built / "articles/city-budget/index.html") if "id" in e.attrs}
    assert {"claim-budget-rose-by-a-third", "claim-roads-fell-again", "p-0", "p-1", "p-2"} <= ids


HOSTILE = """\
claim: <script>alert("claim")</script>
passage:
  quote: Officials said the repairs cost 2.5 million dollars.
claimant: hostile
status: unverified
summary: "\\"><script>alert(2)</script>"
explanation: |
  <script>alert(3)</script> and <b onclick="x()">bold</b>

  [click](https://example.org/" onmouseover="alert(4))
evidence:
  - title: <iframe src="https://evil.example.org/"></iframe>
    url: https://example.org/?a=1&b="><script>alert(5)</script>
checked_on: 2024-06-02
topics: [transport]
"""

HOSTILE_CLAIMANT = """\
name: <img src=x onerror=alert(1)>
kind: person
role: <script>alert(6)</script>
"""


def test_hostile_content_is_escaped(site_root: Path, write: Write, tmp_path: Path) -> None:
    write("content/claims/river-bridge/hostile.yaml", HOSTILE)
    write("content/claimants/hostile.yaml", HOSTILE_CLAIMANT)
    out = tmp_path / "hostile-out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html and "<iframe" not in html and "<b onclick" not in html, page
        assert 'onmouseover="alert' not in html, page
    html = (out / "claims/river-bridge/hostile/index.html").read_text()
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
