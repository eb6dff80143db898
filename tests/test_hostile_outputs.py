"""A site whose every text field carries hostile values: every output goes through a real parser.

One build (module scope) of the sample site with quotes, markup, `]]>`, `--`,
`&`, right-to-left marks, emoji and astral characters, leading `=`/`+`/`@`/`-`,
URLs with spaces, non-ASCII and IDN hosts, and very long words in every field.
Then: XML (ElementTree) for the feeds and the sitemap, JSON for every JSON-LD
block and downloads/claims.json, the Nu HTML checker for every page (one run),
Python's csv module for the CSV; and each value must come out meaning what it
meant going in. Control characters are not among the values: loading refuses them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import extruct
import pytest
from playwright.sync_api import Browser

from factsite.cli.main import main
from factsite.render.downloads import spreadsheet_value
from tests.browserkit import VIEWPORTS, Problems, open_page
from tests.conftest import SAMPLE
from tests.htmlparse import elements, find_all
from tests.test_html_validity import vnu_errors
from tests.test_urls import RFC3986

A = "{http://www.w3.org/2005/Atom}"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EVIL = "\"quoted\" 'single' <script>alert('x')</script> ]]> -- <!-- & &amp; \u202ereversed\u202c \u200f"
LONG = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" * 3
ASTRAL = "🧾 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍⚖️"

TITLE = f'=HYPERLINK("https://evil.example") {EVIL} {ASTRAL}'
DESCRIPTION = f"+1 desk {EVIL}"
ORG = f"@Desk & Co {EVIL}"
ORG_URL = "https://prüfung.example/über uns/"
BASE_URL = "https://checks.example.org/faits vérifiés/"
BASE = "https://checks.example.org/faits%20v%C3%A9rifi%C3%A9s/"
TOPIC = f"-Budget {EVIL}"
LABEL = f"=Accurate {ASTRAL}"
MEANING = f"@meaning {EVIL}"
ARTICLE_TITLE = f"-- Budget {EVIL} {LONG}"
PUBLISHER = f'=The "Gazette" {EVIL}'
ARTICLE_URL = "https://news.example.org/2024/city budget ü.html?a=1&b=[2]#old#frag"
ARTICLE_URL_OUT = "https://news.example.org/2024/city%20budget%20%C3%BC.html?a=1&b=%5B2%5D#old%23frag"
PARAGRAPH = (
    "The \"mayor's\" <script>alert('x')</script> budget ]]> rose -- by 1/3 & more 🧾 𝔘𝔫𝔦 "
    f"\u202ereversed\u202c =SUM(A1) {LONG} end."
)
QUOTE = "budget ]]> rose -- by 1/3 & more"
CLAIM = f"=1+2 {EVIL} {ASTRAL} {LONG}"
CLAIMANT = f"@mayor {EVIL}"
ROLE = f"=Mayor of the city {EVIL} {ASTRAL}"
CLAIMANT_URL = "https://city.example/mayor's office/über"
SUMMARY = f"+cmd|' /C calc'!A0 {EVIL}"
EXPLANATION = f"""Working: 1 < 2 && 3 > 2. <script>alert(1)</script> ]]> -- <!-- {ASTRAL}

See [the report](<https://council.example.org/annual report ü.pdf>),
[IDN](<https://bücher.example/straße?q=a b#x#y>) and <https://example.org/a|b>.
"""
EVIDENCE_URL = "https://council.example.org/réport 2024.pdf"
ARCHIVED_URL = "https://archive.example.org/web/2024/https://council.example.org/réport 2024.pdf"
NOTE = f"@note {EVIL}"
PAGE_TITLE = f"Methodology {EVIL}"


def y(value: str) -> str:
    """A YAML (and TOML) double-quoted scalar for `value`: JSON's string syntax is valid in both."""
    return json.dumps(value, ensure_ascii=False)


def site_toml() -> str:
    return f"""title = {y(TITLE)}
description = {y(DESCRIPTION)}
base_url = {y(BASE_URL)}
language = "en"
contact = "fact?check#desk@prüfung.example"

[organization]
name = {y(ORG)}
url = {y(ORG_URL)}

[[topics]]
slug = "budget"
label = {y(TOPIC)}
description = {y(EVIL)}

[[topics]]
slug = "transport"
label = "Transport"
description = "Roads."

[[statuses]]
id = "accurate"
label = {y(LABEL)}
meaning = {y(MEANING)}
color = "#1a7f37"
rating = 5

[[statuses]]
id = "inaccurate"
label = "Inaccurate"
meaning = "Contradicted."
color = "#cf222e"
rating = 1

[[statuses]]
id = "unverified"
label = "Unverified"
meaning = "Could not be checked."
color = "#57606a"
"""


def claim_yaml() -> str:
    return f"""claim: {y(CLAIM)}
passage:
  quote: {y(QUOTE)}
claimant: {{key: mayor, as_reported: true}}
status: accurate
summary: {y(SUMMARY)}
explanation: {y(EXPLANATION)}
evidence:
  - title: {y(EVIL)}
    publisher: {y(PUBLISHER)}
    section: {y("§ 1 <b>")}
    date: 2024-01-15
    url: {y(EVIDENCE_URL)}
    archived_url: {y(ARCHIVED_URL)}
    quote: {y(EVIL)}
    note: {y(NOTE)}
  - article: city-budget
    quote: {y(QUOTE)}
checked_on: 2024-03-06
topics: [budget]
updates:
  - date: 2024-03-07
    note: {y(NOTE)}
"""


def make_site(root: Path) -> Path:
    shutil.copytree(SAMPLE, root)
    (root / "site.toml").write_text(site_toml(), "utf-8")
    article = f"---\ntitle: {y(ARTICLE_TITLE)}\npublisher: {y(PUBLISHER)}\npublished: 2024-03-05\n"
    article += f"url: {y(ARTICLE_URL)}\n---\n\n{PARAGRAPH}\n\n"
    article += "Spending on roads fell. Spending on roads fell again.\n"
    (root / "content/articles/city-budget.md").write_text(article, "utf-8")
    (root / "content/claims/city-budget/budget-rose-by-a-third.yaml").write_text(claim_yaml(), "utf-8")
    claimant = f"name: {y(CLAIMANT)}\nkind: person\nrole: {y(ROLE)}\nurl: {y(CLAIMANT_URL)}\n"
    (root / "content/claimants/mayor.yaml").write_text(claimant, "utf-8")
    page = f"---\ntitle: {y(PAGE_TITLE)}\ndescription: {y(DESCRIPTION)}\n---\n\n{EXPLANATION}"
    (root / "content/pages/methodology.md").write_text(page, "utf-8")
    return root


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = make_site(tmp_path_factory.mktemp("hostile") / "site")
    built = root.parent / "out"
    assert main(["--root", str(root), "build", "--out", str(built)]) == 0
    yield built


def claim_entry(feed: ET.Element, url: str) -> ET.Element:
    found = [e for e in feed.iter(f"{A}entry") if e.findtext(f"{A}id") == url]
    assert len(found) == 1, url
    return found[0]


def test_the_feeds_parse_as_xml_and_keep_every_value(out: Path) -> None:
    claims = ET.parse(out / "feeds/claims.xml").getroot()
    assert claims.findtext(f"{A}title") == f"{TITLE}: newest claims"
    assert claims.findtext(f"{A}subtitle") == DESCRIPTION
    assert claims.findtext(f"{A}author/{A}name") == ORG
    assert claims.findtext(f"{A}author/{A}uri") == "https://xn--prfung-4ya.example/%C3%BCber%20uns/"
    entry = claim_entry(claims, f"{BASE}claims/city-budget/budget-rose-by-a-third/")
    assert entry.findtext(f"{A}title") == CLAIM
    assert entry.findtext(f"{A}summary") == f"{LABEL}: {SUMMARY}"
    category = entry.find(f"{A}category")
    assert category is not None and category.get("label") == LABEL
    articles = ET.parse(out / "feeds/articles.xml").getroot()
    entry = claim_entry(articles, f"{BASE}articles/city-budget/")
    assert entry.findtext(f"{A}title") == ARTICLE_TITLE
    related = entry.find(f"{A}link[@rel='related']")
    assert related is not None and related.get("href") == ARTICLE_URL_OUT
    for feed in (claims, articles):
        links = [e.get("href") or "" for e in feed.iter(f"{A}link")]
        links += [e.text or "" for e in feed.iter(f"{A}id")]
        assert [u for u in links if not RFC3986.fullmatch(u)] == []


def test_the_sitemap_and_robots_give_valid_urls(out: Path) -> None:
    urlset = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext(f"{S}loc") or "" for u in urlset.iter(f"{S}url")]
    pages = [p for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("coverage/")]
    assert len(locs) == len(pages) - 1  # all but the 404 page and the editors' (noindex) coverage pages
    assert all(loc.startswith(BASE) and RFC3986.fullmatch(loc) for loc in locs)
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text("utf-8").splitlines()


def json_ld_blocks(page: Path) -> list[Any]:
    html = page.read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


def test_every_json_ld_block_parses_and_keeps_every_value(out: Path) -> None:
    pages = list(out.rglob("*.html"))
    blocks = {page: json_ld_blocks(page) for page in pages}
    assert sum(len(b) for b in blocks.values()) == 2  # one per claim page with a verdict (not unverified)
    page = out / "claims/city-budget/budget-rose-by-a-third/index.html"
    (review,) = blocks[page]
    extracted = extruct.extract(page.read_text("utf-8"), base_url=BASE, syntaxes=["json-ld"])
    assert extracted["json-ld"] == [review]
    assert (review["claimReviewed"], review["reviewBody"]) == (CLAIM, SUMMARY)
    assert review["author"] == {
        "@type": "Organization",
        "name": ORG,
        "url": "https://xn--prfung-4ya.example/%C3%BCber%20uns/",
    }
    assert review["reviewRating"]["alternateName"] == LABEL
    item = review["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": CLAIMANT,
        "jobTitle": ROLE,
        "url": "https://city.example/mayor's%20office/%C3%BCber",
    }
    assert item["appearance"]["headline"] == ARTICLE_TITLE
    assert item["appearance"]["publisher"]["name"] == PUBLISHER
    assert item["appearance"]["url"] == ARTICLE_URL_OUT
    assert review["url"] == f"{BASE}claims/city-budget/budget-rose-by-a-third/"


def test_the_json_download_parses_and_holds_the_same_reviews(out: Path) -> None:
    feed = json.loads((out / "downloads/claims.json").read_text("utf-8"))
    assert feed["name"] == f"{TITLE}: all claim reviews"
    reviews = {e["item"][0]["url"]: e["item"][0] for e in feed["dataFeedElement"]}
    page = out / "claims/city-budget/budget-rose-by-a-third/index.html"
    (on_page,) = json_ld_blocks(page)
    assert {"@context": "https://schema.org", **reviews[on_page["url"]]} == on_page


def test_the_csv_parses_and_every_cell_means_its_value(out: Path) -> None:
    raw = (out / "downloads/claims.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = {k: spreadsheet_value(v) for k, v in next(r for r in rows if r["id"].endswith("a-third")).items()}
    assert (row["claim"], row["claimant"], row["summary"]) == (CLAIM, CLAIMANT, SUMMARY)
    assert (row["status_label"], row["quote"], row["article_title"]) == (LABEL, QUOTE, ARTICLE_TITLE)
    assert row["article_publisher"] == PUBLISHER
    assert row["url"] == f"{BASE}claims/city-budget/budget-rose-by-a-third/"
    evaluated = re.compile(r"[\t\r\n\0]|\s*[=+\-@＝＋－＠]")
    cells = [c for r in rows for c in r.values()]
    assert [c for c in cells if evaluated.match(c) and not re.fullmatch(r"-[0-9]+", c)] == []


def test_every_page_passes_the_nu_html_checker(out: Path) -> None:
    assert vnu_errors(out) == []


def test_pages_show_the_values_as_text_and_link_only_to_valid_urls(out: Path) -> None:
    page = out / "claims/city-budget/budget-rose-by-a-third/index.html"
    (heading,) = find_all(page, "h1")
    assert " ".join(heading.text.split()) == CLAIM
    scripts = [e for e in elements(page) if e.tag == "script" and "alert" in e.text]
    assert [e.attrs.get("type") for e in scripts] == ["application/ld+json"]  # as data, never as code
    hrefs = {e.attrs["href"] for p in out.rglob("*.html") for e in elements(p) if "href" in e.attrs}
    outside = {h for h in hrefs if h.startswith(("http:", "https:"))}
    assert [h for h in outside if not RFC3986.fullmatch(h)] == []
    assert "https://council.example.org/r%C3%A9port%202024.pdf" in outside
    assert "https://council.example.org/annual%20report%20%C3%BC.pdf" in outside
    assert "https://xn--bcher-kva.example/stra%C3%9Fe?q=a%20b#x%23y" in outside
    originals = [h for h in outside if h.startswith(ARTICLE_URL_OUT.split("#")[0] + "#:~:text=")]
    assert any(",budget%20%5D%5D%3E%20rose%20%2D%2D%20by%201/3%20%26%20more," in h for h in originals)
    mailto = {h for h in hrefs if h.startswith("mailto:")}
    assert mailto and all(h.startswith("mailto:fact%3Fcheck%23desk@xn--prfung-4ya.example?") for h in mailto)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_very_long_words_and_marks_stay_inside_the_page(browser: Browser, out: Path, viewport: str) -> None:
    problems = Problems()
    page = open_page(browser, viewport, problems)
    for path in (
        "index.html",
        "articles/city-budget/index.html",
        "claims/city-budget/budget-rose-by-a-third/index.html",
    ):
        page.goto((out / path).as_uri())
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] == sizes[1], (path, sizes)
    page.context.close()
    assert problems.found == []
