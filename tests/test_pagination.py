"""Long lists go on over numbered pages: no page grows with the archive (issue 12)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from factsite import urls
from factsite.build.incremental import Builder
from factsite.cli.main import main
from factsite.load.content import load_site
from factsite.render import pages, sitemap
from factsite.render.paging import Pager, split
from tests.sitekit import VALID, edit, errors_of, only_error, tree

SIZE = 10  # page_size of the test sites: small, so that a few dozen claims need several pages
CLAIMS = 33  # claims added to city-budget: with the sample's 3, 36 claims, four pages of every claim
LIMIT = 2_000_000  # no page over 2 MB (issue 12)


def add_claims(root: Path, count: int, start: int = 0) -> None:
    """`count` claims of city-budget, each quoting the same sentence, on topic budget, the-article's."""
    folder = root / "content/claims/city-budget"
    for n in range(start, start + count):
        (folder / f"bulk-{n:03d}.yaml").write_text(VALID.replace("Not checked.", f"Bulk {n}."), "utf-8")


def paged_site(root: Path, count: int = CLAIMS) -> Path:
    edit(root, "site.toml", 'title = "Sample Checks"', f'title = "Sample Checks"\npage_size = {SIZE}')
    add_claims(root, count)
    return root


@pytest.fixture
def built(site_root: Path, tmp_path: Path) -> Path:
    paged_site(site_root)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    return out


def page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / urls.output(path)).read_bytes())


def test_a_pager_links_previous_next_and_a_window_with_the_first_and_last() -> None:
    pager = Pager("topics/x/", 7, 20)
    assert (pager.previous, pager.next, pager.here) == (
        "topics/x/page/6/",
        "topics/x/page/8/",
        "topics/x/page/7/",
    )
    assert pager.window == (1, None, 5, 6, 7, 8, 9, None, 20)
    assert Pager("topics/x/", 1, 1).window == (1,)
    assert Pager("topics/x/", 1, 3).previous is None and Pager("topics/x/", 3, 3).next is None
    assert Pager("claims/", 4, 8).window == tuple(range(1, 9))  # page 7 alone left out: linked, not '…'
    assert Pager("claims/", 4, 9).window == (1, 2, 3, 4, 5, 6, None, 9)


def test_the_first_page_keeps_the_list_address_and_the_others_follow_under_page() -> None:
    assert urls.paged(urls.CLAIMS, 1) == "claims/"
    assert urls.paged(urls.topic("health"), 2) == "topics/health/page/2/"
    assert urls.output(urls.paged(urls.ARTICLES, 3)) == "articles/page/3/index.html"
    with pytest.raises(ValueError):
        urls.paged(urls.CLAIMS, 0)
    assert split(list(range(25)), 10) == [tuple(range(10)), tuple(range(10, 20)), tuple(range(20, 25))]
    assert split([], 10) == [()]  # an empty list still has its page, saying so


def test_every_growing_list_is_split_at_page_size(built: Path) -> None:
    lists = {
        urls.CLAIMS: 4,  # 36 claims
        urls.topic("budget"): 4,  # 35 of them
        urls.status("unverified"): 4,
        urls.claimant("the-article"): 4,
    }
    for first, count in lists.items():
        assert (built / urls.output(urls.paged(first, count))).is_file(), first
        assert not (built / urls.output(urls.paged(first, count + 1))).exists(), first
        items = [
            len(page(built, urls.paged(first, n)).xpath("//main//li[contains(@class, 'claim-item')]"))
            for n in range(1, count + 1)
        ]
        assert all(n <= SIZE for n in items) and sum(items) >= 3 * SIZE, (first, items)


def test_every_claim_is_on_exactly_one_page_of_all_claims(built: Path) -> None:
    found = []
    for n in range(1, 5):
        here = posixpath.dirname(urls.output(urls.paged(urls.CLAIMS, n)))
        for href in page(built, urls.paged(urls.CLAIMS, n)).xpath("//a[@class='claim-item-title']/@href"):
            found.append(posixpath.normpath(posixpath.join(here, href)))
    assert len(found) == 36 and len(set(found)) == 36
    assert all((built / f).is_file() for f in found)


def test_the_pager_names_its_pages_and_marks_the_current_one(built: Path) -> None:
    doc = page(built, urls.paged(urls.CLAIMS, 2))
    (nav,) = doc.xpath("//nav[contains(@class, 'pagination')]")
    assert nav.get("aria-label") == "All claims, pages"
    current = nav.xpath(".//a[@aria-current='page']")
    assert [a.text_content() for a in current] == ["Page 2"]
    numbers = [a.text_content() for a in nav.xpath(".//a[not(@rel)]")]
    assert numbers == ["Page 1", "Page 2", "Page 3", "Page 4"]  # the first and the last among them
    assert nav.xpath(".//a[@rel='prev']/@href") == ["../../index.html"]
    assert nav.xpath(".//a[@rel='next']/@href") == ["../3/index.html"]
    first = page(built, urls.CLAIMS).xpath("//nav[contains(@class, 'pagination')]")[0]
    assert first.xpath(".//a[@rel='prev']") == [] and first.xpath(".//*[@aria-disabled='true']")


def test_each_page_is_its_own_canonical_page_linked_to_its_neighbours(built: Path) -> None:
    base = "https://checks.example.org/sub/"
    doc = page(built, urls.paged(urls.topic("budget"), 2))
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"{base}topics/budget/page/2/"]
    assert doc.xpath("//link[@rel='prev']/@href") == [f"{base}topics/budget/"]
    assert doc.xpath("//link[@rel='next']/@href") == [f"{base}topics/budget/page/3/"]
    assert doc.findtext(".//title").startswith("Budget, page 2 of 4 — ")
    first = page(built, urls.topic("budget"))
    assert first.xpath("//link[@rel='prev']") == [] and first.findtext(".//title").startswith("Budget — ")


def test_the_sitemap_lists_every_page_and_the_feeds_stay_short(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ET.parse(built / urls.SITEMAP).getroot().findall("s:url/s:loc", ns)
    listed = {loc.text for loc in locs}
    for n in range(1, 5):
        assert f"https://checks.example.org/sub/{urls.paged(urls.CLAIMS, n)}" in listed
    atom = {"a": "http://www.w3.org/2005/Atom"}
    for feed in (urls.FEED_CLAIMS, urls.FEED_ARTICLES):
        root = ET.parse(built / feed).getroot()
        assert 0 < len(root.findall("a:entry", atom)) <= 50


def test_no_page_is_over_two_megabytes_and_no_list_page_holds_most_of_its_list(built: Path) -> None:
    sizes = {p.relative_to(built).as_posix(): p.stat().st_size for p in built.rglob("*") if p.is_file()}
    assert max(sizes.values()) < LIMIT
    for first in (urls.CLAIMS, urls.topic("budget"), urls.status("unverified"), urls.claimant("the-article")):
        split_sizes = [sizes[urls.output(urls.paged(first, n))] for n in range(1, 5)]
        assert max(split_sizes) < sum(split_sizes) / 2, (
            first,
            split_sizes,
        )  # split, not one page holding the list


def test_the_home_page_shows_the_newest_articles_and_links_all_of_them(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "NEWEST_ARTICLES", 1)
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    home = page(out, urls.HOME)
    assert len(home.xpath("//ul[@class='article-cards']/li")) == 1
    assert home.xpath("//p[@class='more']/a/@href") == ["articles/index.html"]
    assert home.xpath("//p[@class='more']/a")[0].text_content() == "All 2 articles"
    articles = page(out, urls.ARTICLES)
    assert len(articles.xpath("//ul[@class='article-cards']/li")) == 2
    nav = articles.xpath("//nav[@aria-label='Main']//a[@aria-current='page']")
    assert [a.text_content() for a in nav] == ["Articles"]


def test_page_size_must_be_a_whole_number_in_range(site_root: Path) -> None:
    edit(site_root, "site.toml", 'title = "Sample Checks"', 'title = "Sample Checks"\npage_size = 5')
    error = only_error(site_root)
    assert (error.path, error.line) == ("site.toml", 2)
    assert "page_size" in error.message
    edit(site_root, "site.toml", "page_size = 5", "page_size = 40")
    assert load_site(site_root).config.page_size == 40


def test_the_default_page_size_is_a_hundred(site_root: Path) -> None:
    assert load_site(site_root).config.page_size == 100


@pytest.mark.parametrize(("folder", "suffix"), [("articles", ".md"), ("claimants", ".yaml")])
def test_an_article_or_claimant_cannot_be_named_page(site_root: Path, folder: str, suffix: str) -> None:
    source = {"articles": "city-budget.md", "claimants": "city-council.yaml"}[folder]
    text = (site_root / "content" / folder / source).read_text("utf-8")
    (site_root / "content" / folder / f"page{suffix}").write_text(text, "utf-8")
    (error,) = [e for e in errors_of(site_root) if "reserved" in e.message]
    assert (error.path, error.line, error.col) == (f"content/{folder}/page{suffix}", 1, 1)
    assert "…/page/2/" in error.message and "rename" in error.hint


def test_pages_that_appear_and_go_as_the_list_grows_and_shrinks_match_a_clean_build(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root, count=5)  # 8 claims: one page
    builder = Builder(site_root, tmp_path / "out")
    builder.no_search = True
    builder.build()
    second = urls.output(urls.paged(urls.CLAIMS, 2))
    for grow, has_second in ((True, True), (False, False)):  # 23 claims, three pages; then 8 again
        if grow:
            add_claims(site_root, 15, start=5)
        else:
            _remove(site_root, 15)
        builder.build()
        clean = Builder(site_root, tmp_path / f"clean-{has_second}")
        clean.no_search = True
        clean.build()
        assert _pages(builder.out) == _pages(clean.out)
        assert (builder.out / second).is_file() == has_second


def _remove(root: Path, count: int) -> None:
    for path in sorted((root / "content/claims/city-budget").glob("bulk-*.yaml"))[:count]:
        path.unlink()


def _pages(out: Path) -> dict[str, bytes]:
    return {p: b for p, b in tree(out).items() if not p.startswith((".", urls.PAGEFIND))}


def test_a_big_sites_sitemap_is_an_index_of_files_each_within_the_protocols_limits(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemap, "PART", 20)  # stands for 10,000: the sample site has 40-odd pages
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.parse(out / urls.SITEMAP).getroot()
    assert index.tag == f"{{{ns['s']}}}sitemapindex"
    parts = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts[0] == f"https://checks.example.org/sub/{urls.sitemap_part(1)}" and len(parts) >= 2
    listed = []
    for n in range(1, len(parts) + 1):
        urlset = ET.parse(out / urls.sitemap_part(n)).getroot()
        listed += [loc.text for loc in urlset.findall("s:url/s:loc", ns)]
        assert 0 < len(urlset) <= 20
    assert len(listed) == len(set(listed)) > 20
    assert "https://checks.example.org/sub/claims/" in listed
    assert not (out / urls.sitemap_part(len(parts) + 1)).exists()


def test_the_articles_index_and_the_coverage_summary_go_on_over_pages(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root, count=0)
    text = (site_root / "content/articles/city-budget.md").read_text("utf-8")
    for n in range(SIZE):  # 12 articles
        copy = text.replace("City budget grows by a third", f"Copy number {n}")
        (site_root / f"content/articles/copy-{n}.md").write_text(copy, "utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    for first, rows in ((urls.ARTICLES, "//ul[@class='article-cards']/li"), (urls.COVERAGE, "//tbody/tr")):
        counts = [len(page(out, urls.paged(first, n)).xpath(rows)) for n in (1, 2)]
        assert counts == [SIZE, 2], first
        assert not (out / urls.output(urls.paged(first, 3))).exists()
    assert page(out, urls.paged(urls.COVERAGE, 2)).xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_the_corrections_page_goes_on_over_pages_and_its_feed_keeps_the_newest(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root, count=52)
    for path in sorted((site_root / "content/claims/city-budget").glob("bulk-*.yaml")):
        path.write_text(
            path.read_text("utf-8") + "updates:\n  - date: 2024-03-08\n    note: Rechecked.\n", "utf-8"
        )
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    entries = "//ol[@class='log']/li"
    counts = [len(page(out, urls.paged(urls.CORRECTIONS, n)).xpath(entries)) for n in range(1, 7)]
    assert counts == [SIZE] * 5 + [3]  # the sample's one correction and the 52 new ones
    assert not (out / urls.output(urls.paged(urls.CORRECTIONS, 7))).exists()
    nav = page(out, urls.paged(urls.CORRECTIONS, 2)).xpath("//nav[@aria-label='Corrections, pages']")
    assert nav and nav[0].xpath(".//a[@rel='prev']/@href") == ["../../index.html"]
    feed = ET.parse(out / urls.FEED_CORRECTIONS).getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50  # the newest; the page has all 53


def test_an_edit_renders_only_the_pages_of_a_claimants_list_that_change(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root)  # the-article: 36 claims of city-budget over four pages
    builder = Builder(site_root, tmp_path / "out")
    builder.no_search = True
    builder.in_place, builder.replace_whole = True, False  # as serve builds
    builder.build()
    claim = site_root / "content/claims/city-budget/bulk-020.yaml"
    claim.write_text(claim.read_text("utf-8").replace("Bulk 20.", "Bulk 20, reworded."), "utf-8")
    report = builder.build([str(claim)])
    listed = [p for p in report.rendered if p.startswith(urls.claimant("the-article"))]
    assert len(listed) <= 1, listed  # the page that lists the claim, if it shows the words edited
    clean = Builder(site_root, tmp_path / "clean")
    clean.no_search = True
    clean.build()
    assert _pages(builder.out) == _pages(clean.out)


def test_a_rating_change_renders_the_first_page_and_the_pages_from_the_claim_on(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root)  # unverified: the 36 claims of city-budget, over four pages
    builder = Builder(site_root, tmp_path / "out")
    builder.no_search = True
    builder.in_place, builder.replace_whole = True, False  # as serve builds
    builder.build()
    claim = site_root / "content/claims/city-budget/bulk-020.yaml"
    claim.write_text(claim.read_text("utf-8").replace("status: unverified", "status: accurate"), "utf-8")
    report = builder.build([str(claim)])
    listed = {p for p in report.rendered if p.startswith(urls.status("unverified"))}
    first = urls.output(urls.status("unverified"))
    assert first in listed  # it shows the rating's total
    assert urls.output(urls.paged(urls.status("unverified"), 2)) not in listed  # before the claim
    clean = Builder(site_root, tmp_path / "clean")
    clean.no_search = True
    clean.build()
    assert _pages(builder.out) == _pages(clean.out)


def test_only_the_first_page_of_a_list_shows_its_total(built: Path) -> None:
    for first, text in ((urls.status("unverified"), "claims."), (urls.topic("budget"), "claims.")):
        assert text in page(built, first).text_content()
        assert text not in page(built, urls.paged(first, 2)).text_content()
