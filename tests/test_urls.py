"""Every URL that reaches an output is valid there: percent-encoded per RFC 3986, or refused at its line."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from factsite.cli.main import main
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.render.corrections import links
from factsite.render.fragments import fragment_url
from factsite.text import markdown, weblinks

Write = Callable[[str, str], Path]
A = "{http://www.w3.org/2005/Atom}"
SPACED = "https://news.example.org/2024/city budget.html"
ENCODED = "https://news.example.org/2024/city%20budget.html"

# RFC 3986 section 3, for absolute http(s) URLs: every character is allowed where it stands.
PCHARS = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})"
RFC3986 = re.compile(
    rf"https?://(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=]*)(?::\d*)?"
    rf"(?:/{PCHARS}*)*(?:\?(?:{PCHARS}|[/?])*)?(?:#(?:{PCHARS}|[/?])*)?"
)


def errors_of(root: Path) -> tuple[ContentError, ...]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return caught.value.errors


def replace_in(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), "utf-8")


def build(root: Path) -> Path:
    out = root.parent / "out"
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(
    ("url", "published"),
    [
        (SPACED, ENCODED),
        (
            "https://news.example.org/straße/ä?q=ü ö#teil",
            "https://news.example.org/stra%C3%9Fe/%C3%A4?q=%C3%BC%20%C3%B6#teil",
        ),
        ("https://Bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9"),
        ("https://ｅｘａｍｐｌｅ．org/", "https://example.org/"),
        ("https://a.example/100%/x%41", "https://a.example/100%25/x%41"),
        ("https://a.example/?list[]=1|2", "https://a.example/?list%5B%5D=1%7C2"),
        ("https://a.example/#one#two", "https://a.example/#one%23two"),
        ('https://a.example/"quoted"<tag>{x}^`', "https://a.example/%22quoted%22%3Ctag%3E%7Bx%7D%5E%60"),
        ("HTTPS://a.example:8080/x", "https://a.example:8080/x"),
        ("https://[2001:db8::1]/x y", "https://[2001:db8::1]/x%20y"),
        (
            "https://a_b.example.org/keep/as%20it/is?a=1&b=2#f",
            "https://a_b.example.org/keep/as%20it/is?a=1&b=2#f",
        ),
    ],
)
def test_what_is_legal_but_unencoded_is_percent_encoded(url: str, published: str) -> None:
    assert weblinks.problem(url) is None
    assert weblinks.normalise(url) == published
    assert RFC3986.fullmatch(published)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "is not an http(s) link"),
        ("ftp://example.org/x", "is not an http(s) link"),
        ("/etc/passwd", "is not an http(s) link"),
        ("mailto:a@example.org", "is not an http(s) link"),
        ("https:example.org/x", "has no '//' after its scheme"),
        ("https:///x", "has no host"),
        ("https://exa mple.org/", "has a space in its host"),
        ("https://user:secret@example.org/", "holds a user name or password"),
        ("https://example.org@evil.example/", "holds a user name or password"),
        ("https://example.org:99999/", "has an invalid port ':99999'"),
        ("https://example.org\\@evil.example/", "holds a user name or password"),
        ("https://example.org\\evil.example/", "has a backslash in its host"),
        ("https://example.org/a\\b", "has a backslash in its path"),
        (" https://example.org/", "has spaces before or after it"),
        ("https://example.org/a\nb", "is broken over lines or holds a tab"),
        ("https://example.org/\x7f", "holds the control character U+007F"),
        ("https://a..example/", "has a host 'a..example' with an empty part between dots"),
        ("https://☃.example/", "whose part '☃' is not a valid internationalised name"),
        ("https://[::1/", "has an invalid IPv6 host"),
    ],
)
def test_what_cannot_be_fixed_is_refused_with_a_reason_and_a_hint(url: str, reason: str) -> None:
    found = weblinks.problem(url)
    assert found is not None and reason in found.reason and found.hint


@example("## ")  # refused (a space at the end), and a second '#': found by Hypothesis
@given(st.text())
def test_normalise_always_gives_a_valid_url_and_is_idempotent(path: str) -> None:
    url = "https://example.org/" + path
    published = weblinks.normalise(url)
    assert weblinks.normalise(published) == published
    if weblinks.problem(url) is None:
        assert RFC3986.fullmatch(published), published


def test_an_article_url_with_a_space_is_encoded_in_every_output(site_root: Path) -> None:
    """The issue's example: the page's href, both feeds, the JSON-LD, the JSON and CSV downloads."""
    replace_in(site_root, "content/articles/city-budget.md", "https://news.example.org/city-budget", SPACED)
    out = build(site_root)
    article = (out / "articles/city-budget/index.html").read_text("utf-8")
    assert f'<a href="{ENCODED}" rel="nofollow noopener">Original article</a>' in article
    claim = (out / "claims/city-budget/budget-rose-by-a-third/index.html").read_text("utf-8")
    assert f'class="original-link" href="{ENCODED}#:~:text=' in claim
    ld = json.loads(claim.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["itemReviewed"]["appearance"]["url"] == ENCODED
    feed = ET.parse(out / "feeds/articles.xml").getroot()
    related = [link.get("href") for link in feed.iter(f"{A}link") if link.get("rel") == "related"]
    assert related == [ENCODED]
    data = json.loads((out / "downloads/claims.json").read_text("utf-8"))
    assert {e["item"][0]["itemReviewed"]["appearance"].get("url") for e in data["dataFeedElement"]} == {
        ENCODED,
        None,
    }
    rows = list(csv.DictReader(io.StringIO((out / "downloads/claims.csv").read_text("utf-8"), newline="")))
    assert {r["article_url"] for r in rows} == {ENCODED, ""}
    written = [p.read_text("utf-8") for p in out.rglob("*") if p.suffix in (".html", ".xml")]
    assert not any(SPACED in text for text in written)


def test_evidence_links_and_markdown_links_are_encoded_on_the_page(site_root: Path, write: Write) -> None:
    replace_in(
        site_root,
        "content/claims/city-budget/budget-rose-by-a-third.yaml",
        "    url: https://council.example.org/report",
        "    url: https://council.example.org/annual report\n"
        "    archived_url: https://archive.example.org/web/https://council.example.org/rapport é",
    )
    replace_in(
        site_root,
        "content/claims/city-budget/budget-rose-by-a-third.yaml",
        "[council's report](https://council.example.org/report)",
        "[council's report](<https://council.example.org/a report>) and [b](https://bücher.example/ä)",
    )
    page = "---\ntitle: Methodology\n---\n\nSee [this](<https://a.example/x y>).\n"
    write("content/pages/methodology.md", page)
    out = build(site_root)
    claim = (out / "claims/city-budget/budget-rose-by-a-third/index.html").read_text("utf-8")
    assert 'href="https://council.example.org/annual%20report"' in claim
    assert 'href="https://archive.example.org/web/https://council.example.org/rapport%20%C3%A9"' in claim
    assert 'href="https://council.example.org/a%20report"' in claim
    assert 'href="https://xn--bcher-kva.example/%C3%A4"' in claim
    page = (out / "methodology/index.html").read_text("utf-8")
    assert 'href="https://a.example/x%20y"' in page


def test_markdown_renders_links_in_rfc_3986_form() -> None:
    rendered = markdown.to_html("[a](<https://a.example/x y#p#q>) <https://a.example/ü>")
    assert 'href="https://a.example/x%20y#p%23q"' in rendered
    assert 'href="https://a.example/%C3%BC"' in rendered


@pytest.mark.parametrize(
    ("where", "old", "new", "line", "reason"),
    [
        (
            "content/articles/city-budget.md",
            'url: "https://news.example.org/city-budget"',
            'url: "https://user:pw@news.example.org/city-budget"',
            5,
            "holds a user name or password",
        ),
        (
            "content/claims/city-budget/budget-rose-by-a-third.yaml",
            "    url: https://council.example.org/report",
            "    url: https://council example.org/report",
            17,
            "has a space in its host",
        ),
        (
            "content/claims/city-budget/budget-rose-by-a-third.yaml",
            "    url: https://council.example.org/report",
            "    url: https://council.example.org/report\n    archived_url: https:///x",
            18,
            "has no host",
        ),
        (
            "content/claims/city-budget/budget-rose-by-a-third.yaml",
            "(https://council.example.org/report)",
            "(https://council.example.org:port/report)",
            None,
            "has an invalid port",
        ),
        (
            "content/pages/methodology.md",
            "(https://standards.example.org/)",
            "(https://standards..example.org/)",
            None,
            "with an empty part between dots",
        ),
    ],
)
def test_content_urls_that_cannot_be_published_are_errors_at_their_line(
    site_root: Path, where: str, old: str, new: str, line: int | None, reason: str
) -> None:
    """(The line of a link in Markdown is another helper's work: only fields' lines are checked here.)"""
    replace_in(site_root, where, old, new)
    (error,) = [e for e in errors_of(site_root) if e.path == where]
    assert line is None or error.line == line
    assert reason in error.message and error.hint


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'base_url = "https://checks.example.org/sub/"',
            'base_url = "https://checks example.org/sub/"',
            'base_url: "https://checks example.org/sub/" has a space in its host',
        ),
        (
            'base_url = "https://checks.example.org/sub/"',
            'base_url = "https://checks.example.org/?page=sub/"',
            'base_url: "https://checks.example.org/?page=sub/" has a query or a fragment',
        ),
        (
            'url = "https://checks.example.org/"',
            'url = "https://admin:pw@checks.example.org/"',
            'organization.url: "https://admin:pw@checks.example.org/" holds a user name or password '
            "(the part before '@')",
        ),
        (
            'language = "en"',
            'language = "en"\ncontact = "a\\"b\\"c@example.org"',
            'contact: "a\\"b\\"c@example.org" is not an e-mail address',
        ),
    ],
)
def test_site_toml_addresses_that_cannot_be_published_are_errors(
    site_root: Path, old: str, new: str, message: str
) -> None:
    replace_in(site_root, "site.toml", old, new)
    messages = [e.message for e in errors_of(site_root)]
    assert message in messages


def test_a_base_url_outside_ascii_gives_canonical_urls_in_rfc_3986_form(site_root: Path) -> None:
    base_url = "https://prüfung.example/faits vérifiés/"
    replace_in(site_root, "site.toml", "https://checks.example.org/sub/", base_url)
    out = build(site_root)
    base = "https://xn--prfung-4ya.example/faits%20v%C3%A9rifi%C3%A9s/"
    home = (out / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{base}">' in home
    assert f'<meta property="og:url" content="{base}">' in home
    not_found = (out / "404.html").read_text("utf-8")
    assert '<base href="/faits%20v%C3%A9rifi%C3%A9s/">' in not_found
    locs = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter() if loc.tag.endswith("loc")]
    assert locs and all(loc and loc.startswith(base) and RFC3986.fullmatch(loc) for loc in locs)
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text("utf-8")


def test_a_contact_address_is_encoded_in_the_mailto_link(site_root: Path) -> None:
    contact = 'contact = "fact?check#desk@prüfung.example"'
    replace_in(site_root, "site.toml", 'language = "en"', f'language = "en"\n{contact}')
    site = load_site(site_root)
    claim = site.claims[0]
    suggest = links(site.config, claim, "https://checks.example.org/sub/claims/x/").suggest
    assert suggest is not None
    assert suggest.startswith("mailto:fact%3Fcheck%23desk@xn--prfung-4ya.example?subject=Correction%3A%20")
    assert " " not in suggest and "\n" not in suggest


def test_a_text_fragment_link_to_an_original_outside_ascii_is_encoded() -> None:
    assert fragment_url("https://news.example/ü page#old", "text=a%20b") == (
        "https://news.example/%C3%BC%20page#:~:text=a%20b"
    )


def test_a_correction_page_url_in_the_issue_link_is_the_canonical_one(site_root: Path) -> None:
    replace_in(site_root, "site.toml", "https://checks.example.org/sub/", "https://checks.example.org/ä/")
    config = (site_root / "site.toml").read_text("utf-8")
    (site_root / "site.toml").write_text(config + '\n[repository]\nurl = "https://github.com/o/n"\n', "utf-8")
    out = build(site_root)
    page = (out / "claims/city-budget/roads-fell-again/index.html").read_text("utf-8")
    found = re.search(r'<a href="([^"]+)" rel="nofollow">Suggest a correction</a>', page)
    assert found is not None
    assert "page=https%3A%2F%2Fchecks.example.org%2F%25C3%25A4%2Fclaims%2F" in html.unescape(found.group(1))
