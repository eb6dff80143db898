"""What a warm builder keeps from one edit to the next (issue 12's serve edit) is never stale: each
rule by which it keeps a page, a count or a page's inputs fails here if it kept too much."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest

from factsite import urls
from factsite.build.incremental import Builder
from factsite.errors import ContentErrors
from factsite.load import claimfiles, content
from factsite.load.content import load_site
from factsite.render import pages, pieces
from factsite.render.pages import render_site
from tests.sitekit import VALID
from tests.test_pagination import _pages, paged_site


def _serving(root: Path, out: Path) -> Builder:
    builder = Builder(root, out)
    builder.no_search = True
    builder.in_place, builder.replace_whole = True, False  # as serve builds
    builder.build()
    return builder


def _clean(root: Path, out: Path) -> Builder:
    clean = Builder(root, out)
    clean.no_search = True
    clean.build()
    return clean


def _rate(root: Path, name: str, old: str, new: str) -> Path:
    claim = root / f"content/claims/city-budget/{name}.yaml"
    claim.write_text(claim.read_text("utf-8").replace(f"status: {old}", f"status: {new}"), "utf-8")
    return claim


def test_a_rating_change_renders_every_page_of_the_publication_that_shows_the_articles_counts(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root)  # the-article: 36 claims of city-budget over four pages, each with its counts
    builder = _serving(site_root, tmp_path / "out")
    first = urls.claimant("the-article")
    claim = _rate(site_root, "bulk-020", "unverified", "accurate")
    report = builder.build([str(claim)])
    listed = {p for p in report.rendered if p.startswith(first)}
    assert listed == {urls.output(urls.paged(first, n)) for n in range(1, 5)}
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)
    _rate(site_root, "bulk-020", "accurate", "unverified")
    builder.build([str(claim)])  # and back: the counts of the first build, kept pages and all
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean-2").out)


def test_the_cards_and_the_claimants_index_count_a_changed_rating(site_root: Path, tmp_path: Path) -> None:
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    claim = _rate(site_root, "bulk-003", "unverified", "inaccurate")
    report = builder.build([str(claim)])
    assert {urls.output(urls.ARTICLES), urls.output(urls.CLAIMANTS)} <= set(report.rendered)
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)


def test_after_each_edit_the_pages_rendered_record_the_inputs_a_new_builder_finds(
    site_root: Path, tmp_path: Path
) -> None:
    """The inputs recorded for a list's runs of claims (deps.py keeps them by run from one build to
    the next) are those of the runs as they are now: a builder restarted from its saved state, or
    after a template change, compares them with the files that changed."""
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    folder = site_root / "content/claims/city-budget"
    for n in range(3):
        if n < 2:
            changed = [_rate(site_root, ("bulk-007", "bulk-030")[n], "unverified", "accurate")]
        else:  # renamed: another claim
            changed = [folder / "bulk-007.yaml", folder / "bulk-107.yaml"]
            changed[0].rename(changed[1])
        report = builder.build([str(path) for path in changed])
        clean = _clean(site_root, tmp_path / f"clean-{n}")
        assert {p: builder.records[p].inputs for p in report.rendered} == {
            p: clean.records[p].inputs for p in report.rendered
        }
        assert any(p.startswith(urls.status("accurate")) for p in report.rendered)
        assert _pages(builder.out) == _pages(clean.out)


def test_the_sitemap_and_the_feeds_are_kept_while_what_they_show_stays_the_same(
    site_root: Path, tmp_path: Path
) -> None:
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    kept = {urls.SITEMAP, urls.FEED_CORRECTIONS, urls.ROBOTS}
    claim = _rate(site_root, "bulk-011", "unverified", "accurate")  # no date, no correction
    assert kept.isdisjoint(builder.build([str(claim)]).rendered)
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)
    logged = "\nupdates:\n  - date: 2024-05-02\n    note: Rechecked.\n"
    claim.write_text(claim.read_text("utf-8") + logged, "utf-8")  # a new date and a correction
    assert {urls.SITEMAP, urls.FEED_CORRECTIONS} <= set(builder.build([str(claim)]).rendered)
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean-2").out)
    added = claim.with_name("bulk-200.yaml")
    added.write_text(claim.read_text("utf-8").replace("Rechecked.", "Added."), "utf-8")  # a new page
    assert urls.SITEMAP in builder.build([str(added)]).rendered
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean-3").out)


@pytest.mark.parametrize("chunk", [1, 2, 32])
def test_an_edit_renders_the_neighbours_claim_pages_across_a_chunk_of_articles(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Articles' and claims' pages are kept `CHUNK` articles at a time (pages.py): a claim's page
    names the claims before and after it, also when they are of the next chunk's article."""
    monkeypatch.setattr(pages, "CHUNK", chunk)
    builder = _serving(site_root, tmp_path / "out")
    site = builder.site
    assert site is not None
    claims = site.claims  # in reading order: the first claim of the second article follows the first's last
    i = next(i for i in range(1, len(claims)) if claims[i].article != claims[i - 1].article)
    before, edited = claims[i - 1], site_root / claims[i].source_path
    text = re.sub("^claim: ", "claim: Reworded, ", edited.read_text("utf-8"), count=1, flags=re.M)
    edited.write_text(text, "utf-8")
    rendered = builder.build([str(edited)]).rendered
    assert urls.output(urls.claim(before.article, before.id)) in rendered
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)


@pytest.mark.parametrize("chunk", [1, 32])
def test_a_new_claim_renders_its_articles_coverage_page_whatever_the_chunk(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(pages, "CHUNK", chunk)
    builder = _serving(site_root, tmp_path / "out")
    added = site_root / "content/claims/river-bridge/closed-for-repairs.yaml"
    added.write_text(VALID.replace("Spending on roads fell.", "The river bridge reopened"), "utf-8")
    rendered = builder.build([str(added)]).rendered
    assert [p for p in rendered if p.startswith(urls.COVERAGE) and "river-bridge" in p]
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)


@pytest.mark.parametrize("chunk", [1, 2, 32])
def test_what_is_kept_a_chunk_of_runs_or_articles_at_a_time_follows_each_edit(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Runs of claims' counts and claims by rating (pieces.Parts.each_count and each_split: the
    claimants' pages and index, the articles' cards), each article's groups and passages, and its
    parts of the feeds and downloads are kept `CHUNK` runs or articles at a time: after each edit,
    of a rating, of who said it and how, or of its words, the site is a clean build's."""
    monkeypatch.setattr(pieces, "CHUNK", chunk)
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    folder = site_root / "content/claims/city-budget"
    roads, bulk, other = (folder / f"{name}.yaml" for name in ("roads-fell-again", "bulk-004", "bulk-005"))
    edits = [  # city-council's claims: roads alone, then bulk-004 and bulk-005 too, each rated in turn
        (roads, "status: unverified", "status: accurate"),
        (roads, "as_reported: true", "as_reported: false"),
        (bulk, "status: unverified", "status: inaccurate"),
        (bulk, "claimant: the-article", "claimant: city-council"),
        (other, "claimant: the-article", "claimant: city-council"),
        (other, "status: unverified", "status: inaccurate"),
        (bulk, "status: inaccurate", "status: accurate"),
        (roads, "key: city-council, as_reported: false", "key: the-article"),
        (roads, "Spending on roads fell again", "Road spending fell again"),
    ]
    for n, (claim, old, new) in enumerate(edits):
        assert old in claim.read_text("utf-8")
        claim.write_text(claim.read_text("utf-8").replace(old, new), "utf-8")
        builder.build([str(claim)])
        assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / f"clean-{n}").out), n


def test_a_rating_change_renders_the_publications_pages_that_show_its_articles_counts_alone(
    site_root: Path, tmp_path: Path
) -> None:
    """Each page of the publication is kept by the counts of the articles whose claims it lists, found
    from the runs' lengths (lists._runs_of): a page whose claims stay the same but whose article's
    counts change (its other claims are on other pages) is rendered again."""
    paged_site(site_root)  # city-budget's claims fill the-article's first pages; river-bridge's follow
    folder = site_root / "content/claims/river-bridge"
    quote = "quote: Spending on roads fell."
    for n in range(20):
        text = VALID.replace(quote, "quote: reopened on June 1 after 90 days of repairs")
        (folder / f"extra-{n:03d}.yaml").write_text(text.replace("Not checked.", f"Extra {n}."), "utf-8")
    builder = _serving(site_root, tmp_path / "out")
    claim = folder / "extra-019.yaml"
    claim.write_text(claim.read_text("utf-8").replace("status: unverified", "status: accurate"), "utf-8")
    rendered = builder.build([str(claim)]).rendered
    first = urls.claimant("the-article")
    assert {urls.output(urls.paged(first, n)) for n in (4, 5, 6)} <= set(rendered)
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)


def test_each_pages_masthead_and_footer_are_kept_only_while_its_path_and_the_menu_stay_the_same(
    site_root: Path, tmp_path: Path
) -> None:
    """The frame's parts (pieces.masthead, pieces.footer) are kept for each page's path: the pages a
    rating change shifts, at other depths, link from where they are, as a build that keeps nothing
    renders them; and a menu page's new title shows in every page's masthead."""
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    claim = _rate(site_root, "bulk-020", "unverified", "accurate")
    rendered = builder.build([str(claim)]).rendered
    assert len({posixpath.dirname(p).count("/") for p in rendered}) > 2  # pages at several depths
    fresh = render_site(load_site(site_root))  # nothing kept
    assert {p: (builder.out / p).read_bytes() for p in rendered} == {p: fresh[p] for p in rendered}
    menu = site_root / "content/pages/methodology.md"
    menu.write_text(menu.read_text("utf-8").replace("title: Methodology", "title: How we check"), "utf-8")
    builder.build([str(menu)])
    assert ">How we check</a></li>" in (builder.out / urls.output(urls.status("accurate"))).read_text("utf-8")
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)


def _told_once(root: Path, out: Path) -> Builder:
    """A serving builder after one edit it was told of: its second load kept only the results it
    asked for (loadcache.py), so the next keeps folders whole."""
    builder = _serving(root, out)
    builder.build([str(_rate(root, "roads-fell-again", "unverified", "accurate"))])
    return builder


def test_a_watcher_told_edit_loads_the_edited_claim_folder_alone_and_keeps_the_others(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder = _told_once(site_root, tmp_path / "out")
    loaded: list[str] = []
    alone, articles = claimfiles._folder_alone, content._articles_alone

    def noted(*args: Any) -> object:
        loaded.append(args[3])  # the folder as shown
        return alone(*args)

    def articles_noted(*args: Any) -> object:
        loaded.append("articles")
        return articles(*args)

    monkeypatch.setattr(claimfiles, "_folder_alone", noted)
    monkeypatch.setattr(content, "_articles_alone", articles_noted)
    builder.build([str(_rate(site_root, "roads-fell-again", "accurate", "inaccurate"))])
    assert loaded == ["content/claims/city-budget"]
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)
    article = site_root / "content/articles/river-bridge.md"
    article.write_text(article.read_text("utf-8").replace('title: "', 'title: "Renamed: ', 1), "utf-8")
    loaded.clear()
    builder.build([str(article)])  # an article's claims are checked against it: every folder's
    assert loaded == ["articles", "content/claims/city-budget", "content/claims/river-bridge"]
    assert "Renamed: " in (builder.out / urls.output(urls.article("river-bridge"))).read_text("utf-8")
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean-2").out)


def test_a_kept_claim_folder_is_checked_again_when_its_article_changes(
    site_root: Path, tmp_path: Path
) -> None:
    """A folder of claims is kept whole only while nothing outside content/claims/ changed: its
    claims are checked against the articles (a passage no longer in its article is an error)."""
    builder = _told_once(site_root, tmp_path / "out")
    article = site_root / "content/articles/river-bridge.md"
    article.write_text(article.read_text("utf-8").replace("after 90 days", "after 80 days"), "utf-8")
    with pytest.raises(ContentErrors) as raised:
        builder.build([str(article)])
    assert [e.path for e in raised.value.errors] == ["content/claims/river-bridge/ninety-days.yaml"]


def test_a_claim_folders_errors_are_reported_again_after_an_edit_elsewhere(
    site_root: Path, tmp_path: Path
) -> None:
    """A folder whose errors failed a build is loaded again until a build succeeds (the builder's
    pending changes name it), and a kept folder gives back its errors with its claims."""
    builder = _told_once(site_root, tmp_path / "out")
    bad = site_root / "content/claims/river-bridge/ninety-days.yaml"
    bad.write_text(bad.read_text("utf-8").replace("status: inaccurate", "status: nonsense"), "utf-8")
    with pytest.raises(ContentErrors):
        builder.build([str(bad)])
    claim = _rate(site_root, "roads-fell-again", "unverified", "accurate")  # another folder's
    with pytest.raises(ContentErrors) as raised:
        builder.build([str(claim)])
    assert [e.path for e in raised.value.errors] == ["content/claims/river-bridge/ninety-days.yaml"]


def test_a_list_pages_recorded_inputs_name_every_claim_of_the_list_and_nothing_else(
    site_root: Path, tmp_path: Path
) -> None:
    """Kept as the parts they were found in (deps.Union), they are all the list's files still."""
    paged_site(site_root)
    builder = _serving(site_root, tmp_path / "out")
    site = builder.site
    assert site is not None
    record = builder.records[urls.output(urls.paged(urls.status("unverified"), 2))]
    assert record.inputs is not None
    listed = [c for c in site.claims if c.status == "unverified"]
    assert all(not record.inputs.isdisjoint({c.source_path}) for c in listed)
    others = {c.source_path for c in site.claims if c.status != "unverified"}
    assert record.inputs.paths() - others == record.inputs.paths()
    assert record.inputs.isdisjoint({"content/claims/city-budget/none.yaml", "templates/base.html"})


def _own_frame(root: Path) -> None:
    """A site's own masthead and footer that show more than the theme's: the article's title on its
    page, and the count of claims."""
    theme = Path(pages.TEMPLATES)
    (root / "templates").mkdir(exist_ok=True)
    masthead = (
        (theme / "_masthead.html")
        .read_text("utf-8")
        .replace(
            '<nav aria-label="Main">',
            '{% if article is defined %}<p class="crumb">{{ article.title }}</p>{% endif %}'
            '<nav aria-label="Main">',
        )
    )
    footer = (
        (theme / "_footer.html")
        .read_text("utf-8")
        .replace("Follow:", "{{ site.claims|length }} checked. Follow:")
    )
    (root / "templates/_masthead.html").write_text(masthead, "utf-8")
    (root / "templates/_footer.html").write_text(footer, "utf-8")


def _retitle(root: Path) -> Path:
    article = root / "content/articles/city-budget.md"
    text = article.read_text("utf-8")
    article.write_text(re.sub(r"(?m)^title: .*$", 'title: "Budget retitled"', text, count=1), "utf-8")
    return article


def test_a_sites_own_masthead_and_footer_are_never_kept_so_a_page_rendered_again_shows_them_as_now(
    site_root: Path, tmp_path: Path
) -> None:
    _own_frame(site_root)
    builder = _serving(site_root, tmp_path / "out")
    builder.build([str(_retitle(site_root))])
    page = (builder.out / urls.output(urls.article("city-budget"))).read_text("utf-8")
    assert '<p class="crumb">Budget retitled</p>' in page
    added = site_root / "content/claims/city-budget/roads-2.yaml"
    source = (site_root / "content/claims/city-budget/roads-fell-again.yaml").read_text("utf-8")
    added.write_text(source.replace("in 2024.", "in 2024!"), "utf-8")
    report = builder.build([str(added)])
    count = f"{len(load_site(site_root).claims)} checked. Follow:"
    assert all(count in (builder.out / p).read_text("utf-8") for p in report.rendered if p.endswith(".html"))
    assert _pages(builder.out) == _pages(
        _clean(site_root, tmp_path / "clean").out
    )  # every page, not only those


def test_a_sites_own_list_item_is_never_kept_and_its_pages_follow_every_content_change(
    site_root: Path, tmp_path: Path
) -> None:
    (site_root / "templates").mkdir()
    item = (Path(pages.TEMPLATES) / "_claim_item.html").read_text("utf-8")
    shown = item.replace("</li>", "<small>of {{ site.claims|length }}</small></li>", 1)
    assert shown != item
    (site_root / "templates/_claim_item.html").write_text(shown, "utf-8")
    builder = _serving(site_root, tmp_path / "out")
    added = site_root / "content/claims/city-budget/roads-2.yaml"
    source = (site_root / "content/claims/city-budget/roads-fell-again.yaml").read_text("utf-8")
    added.write_text(source.replace("in 2024.", "in 2024!"), "utf-8")
    builder.build([str(added)])
    assert _pages(builder.out) == _pages(_clean(site_root, tmp_path / "clean").out)
