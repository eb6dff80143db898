"""The search index in shards: an article and its claims share one, an edit re-indexes only its
shard, the result equals a clean build, and the merged shards find what one index finds."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from factsite.cli.main import main
from factsite.model import SearchSettings
from factsite.search import pagefind, shards
from tests.readerkit import make_reader_site, serve
from tests.searchkit import search, unsharded_copy

SAMPLE = Path(__file__).resolve().parent / "sample"
CLAIM = "content/claims/city-budget/roads-fell-again.yaml"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def shard_list(out: Path) -> list[str]:
    listed: list[str] = json.loads((out / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    return listed


AUTO = SearchSettings("en", "auto")


def set_shards(root: Path, setting: str) -> None:
    """Give the site in `root` a site.toml [search] shards setting, written as TOML (e.g. '"auto"')."""
    toml = root / "site.toml"
    toml.write_text(toml.read_text("utf-8") + f"\n[search]\nshards = {setting}\n", "utf-8")


@pytest.fixture
def one_per_article(monkeypatch: pytest.MonkeyPatch, reader_root: Path) -> None:
    """Shards for a site of a few articles ("auto"): each of the reader site's three gets its own
    (4 shards)."""
    monkeypatch.setattr(shards, "ARTICLES_PER_SHARD", 1)
    set_shards(reader_root, '"auto"')


@pytest.fixture
def reader_root(tmp_path: Path) -> Path:
    return make_reader_site(tmp_path / "site")


def test_an_article_and_its_claims_share_a_shard() -> None:
    paths = ["articles/a/index.html", "claims/a/one/index.html", "claims/a/two/index.html"]
    assert {shards.name(p, 32) for p in paths} == {shards.name("articles/a/index.html", 32)}
    assert shards.key("methodology/index.html") == "methodology/index.html"


def test_the_number_of_shards_is_a_power_of_two_that_grows_with_the_site() -> None:
    keys = [f"article-{n}" for n in range(1000)]
    assert [shards.count(keys[:n]) for n in (0, 1, 32, 33, 100, 1000)] == [1, 1, 1, 2, 4, 32]
    assert shards.count([f"a{n}" for n in range(100_000)]) == shards.MAX_SHARDS


def test_split_lists_each_shards_pages_in_sorted_order() -> None:
    paths = [f"claims/article-{n}/claim/index.html" for n in range(200)][::-1]
    split = shards.split(paths, "auto")
    assert sorted(p for listed in split.values() for p in listed) == sorted(paths)
    assert all(listed == sorted(listed) for listed in split.values())
    assert list(split) == sorted(split) and len(split) == 8


def test_only_an_element_marked_data_pagefind_body_makes_a_page_indexed() -> None:
    assert shards.indexed(b'<main>\n<article class="claim" data-pagefind-body data-status="x">')
    assert not shards.indexed(b"<p>Pagefind indexes what has data-pagefind-body on it</p>")
    assert not shards.indexed(b"<p>&lt;div data-pagefind-body&gt;</p>")


def test_a_small_site_is_one_shard_like_an_unsharded_index(reader_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s00/"]
    pages = json.loads((out / "pagefind/s00/pages.json").read_text(encoding="utf-8"))
    assert "articles/nypd-detainers/index.html" in pages and "search/index.html" not in pages


def test_each_edit_reindexes_its_shard_and_links_the_others(
    one_per_article: None, reader_root: Path, tmp_path: Path
) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s01/", "s02/", "s03/"]
    for claim in (CLAIM, "content/claims/river-bridge/ninety-days.yaml", CLAIM):  # the spare site in turn
        before = entries(out)
        edited = reader_root / claim
        edited.write_text(edited.read_text("utf-8").replace("summary:", "summary: Still so."), "utf-8")
        assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
        after = entries(out)
        article = claim.split("/")[2]
        assert [s for s in before if before[s] != after[s]] == [shards.name(f"claims/{article}/x", 4)]
    shutil.rmtree(reader_root / ".factsite-cache", ignore_errors=True)
    assert main(["--root", str(reader_root), "build", "--out", str(clean)]) == 0
    assert files(out) == files(clean)


def entries(out: Path) -> dict[str, int]:
    """The inode of each shard's pagefind-entry.json: a shard made anew has a new one."""
    return {s: os.stat(out / "pagefind" / s / "pagefind-entry.json").st_ino for s in ("s01", "s02", "s03")}


def test_a_new_article_in_a_new_shard_and_a_deleted_one_match_a_clean_build(
    one_per_article: None, reader_root: Path, tmp_path: Path
) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    shutil.rmtree(reader_root / "content/claims/nypd-detainers")
    (reader_root / "content/articles/nypd-detainers.md").unlink()
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s00/", "s01/"]  # two articles: two shards, every one made anew
    assert main(["--root", str(reader_root), "build", "--out", str(clean)]) == 0
    assert files(out) == files(clean)


def test_an_edit_makes_only_its_shards_folder_anew(
    one_per_article: None, reader_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    page = "claims/city-budget/roads-fell-again/index.html"
    update = pagefind.plan_update(out, {page: (out / page).read_bytes(), "claims/index.html": b""}, AUTO)
    assert update.fresh == (f"pagefind/{shards.name(page, 4)}",)  # the list of claims is not indexed
    gone = pagefind.plan_update(out, {"articles/river-bridge/index.html": None}, AUTO)
    assert gone.fresh == (f"pagefind/{shards.name('articles/river-bridge/', 4)}",)


def test_a_damaged_shard_list_makes_every_shard_anew(
    one_per_article: None, reader_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    expected = files(out / "pagefind")
    staging = tmp_path / "staging"
    shutil.copytree(out, staging, ignore=shutil.ignore_patterns("pagefind"))
    (out / "pagefind/s02/pages.json").write_text("[not json", encoding="utf-8")
    update = pagefind.plan_update(out, {"claims/city-budget/roads-fell-again/index.html": None}, AUTO)
    assert update.fresh == ("pagefind",)
    update.finish(staging)
    assert files(staging / "pagefind") == expected


# --- the same results in the browser ---------------------------------------------------------------

# "city council": a shard without "council" must not answer with all its pages about the city.
TERMS = ("budget", "bridge", "2,916", "repairs", "city council", "council city", "city xyzzy", "police")
RATINGS = ((), ("Inaccurate",), ("Accurate", "Unverified"))


@pytest.fixture(scope="module")
def two_indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """The reader site with its index in 4 shards, and a copy with it in one; served; and the former."""
    tmp = tmp_path_factory.mktemp("shards")
    root, out = make_reader_site(tmp / "site"), tmp / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shards, "ARTICLES_PER_SHARD", 1)
        set_shards(root, '"auto"')
        assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    whole = unsharded_copy(out, tmp / "whole", "en")
    with serve(out) as sharded, serve(whole) as one:
        yield sharded, one, out


@pytest.mark.browser
def test_merged_shards_find_the_same_results_as_one_index_with_and_without_a_rating(
    browser: Browser, two_indexes: tuple[str, str, Path]
) -> None:
    sharded, one, out = two_indexes
    assert len(shard_list(out)) == 3
    left, right = browser.new_page(), browser.new_page()
    found_any = 0
    for term in TERMS:
        for ratings in RATINGS:
            ours, theirs = search(left, sharded, term, ratings), search(right, one, term, ratings)
            assert sorted(i for i, _ in ours.results) == sorted(i for i, _ in theirs.results), (term, ratings)
            assert ours.counts == theirs.counts, (term, ratings)
            found_any += bool(ours.results)
    assert found_any >= 6  # the terms find something, so that the comparison means something


@pytest.mark.browser
def test_the_search_page_merges_the_shards_and_filters_by_rating(
    page: Page, two_indexes: tuple[str, str, Path]
) -> None:
    sharded, _, _ = two_indexes
    page.goto(sharded + "search/index.html?q=budget")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    hrefs = results.locator(".claim-item-title").evaluate_all("links => links.map(a => a.pathname)")
    assert len({href.split("/")[3] for href in hrefs}) >= 2  # '/sub/claims/ARTICLE/…': several shards
    page.get_by_role("checkbox", name="Inaccurate").check()
    expect(page.locator(".search-status")).to_contain_text("rated inaccurate")
    statuses = page.locator(".search-result").evaluate_all("items => items.map(i => i.dataset.status)")
    assert statuses and set(statuses) == {"inaccurate"}


def test_the_index_is_the_same_whatever_order_files_were_made_in(reader_root: Path, tmp_path: Path) -> None:
    """Pagefind reading a folder takes files in directory order (tmpfs and ext4 differ); fed in sorted
    order, the index is the same bytes whatever order the files were made in."""
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    pages = {p: b for p, b in files(out).items() if not p.startswith("pagefind/")}
    copies = []
    for name, order in (("forward", sorted(pages)), ("backward", sorted(pages, reverse=True))):
        copy = tmp_path / name
        for path in order:
            (copy / path).parent.mkdir(parents=True, exist_ok=True)
            (copy / path).write_bytes(pages[path])
        pagefind.index_search(copy, SearchSettings("en"))
        copies.append(files(copy / "pagefind"))
    assert copies[0] == copies[1] == files(out / "pagefind")


# --- the number of shards is the site's choice (site.toml [search] shards) --------------------------


def generate(root: Path, articles: int) -> None:
    """benchmarks/sitegen.py's site of `articles` articles of one claim (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("sitegen", SAMPLE.parent.parent / "benchmarks/sitegen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, SAMPLE, articles, 1)


def test_by_default_a_site_of_more_than_32_articles_is_one_index_and_auto_cuts_it(tmp_path: Path) -> None:
    root, out, clean = tmp_path / "site", tmp_path / "out", tmp_path / "clean"
    generate(root, 33)
    (root / "site.toml").write_text((SAMPLE / "site.toml").read_text("utf-8"), "utf-8")  # no [search]
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s00/"]
    set_shards(root, '"auto"')
    assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s00/", "s01/"]  # 33 articles: one shard per 32, in a power of two
    assert main(["--root", str(root), "build", "--out", str(clean)]) == 0
    assert files(out) == files(clean)


def test_a_number_of_shards_cuts_the_index_into_that_many(reader_root: Path, tmp_path: Path) -> None:
    set_shards(reader_root, "4")
    out = tmp_path / "out"
    assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
    assert shard_list(out) == ["s01/", "s02/", "s03/"]  # of 4, those that hold one of the 3 articles


@pytest.mark.parametrize("setting", ["3", "64", "0", '"Auto"', "1.0", "true"])
def test_a_bad_number_of_shards_is_a_content_error_at_its_place(
    setting: str, reader_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_shards(reader_root, setting)
    line = (reader_root / "site.toml").read_text("utf-8").count("\n")
    assert main(["--root", str(reader_root), "build", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"site.toml:{line}:10: search.shards" in err and "hint:" in err
    assert not (tmp_path / "out").exists()


def test_an_unknown_key_in_search_is_a_content_error(reader_root: Path, tmp_path: Path) -> None:
    toml = reader_root / "site.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[search]\nshard = 2\n", "utf-8")
    assert main(["--root", str(reader_root), "check"]) == 1


def test_changing_the_number_of_shards_between_builds_equals_a_clean_build(
    reader_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    toml = (reader_root / "site.toml").read_text("utf-8")
    for n, setting in enumerate(("1", "4", "2", "1")):
        (reader_root / "site.toml").write_text(toml + f"\n[search]\nshards = {setting}\n", "utf-8")
        assert main(["--root", str(reader_root), "build", "--out", str(out)]) == 0
        clean = tmp_path / f"clean{n}"
        shutil.rmtree(reader_root / ".factsite-cache", ignore_errors=True)
        assert main(["--root", str(reader_root), "build", "--out", str(clean)]) == 0
        assert files(out) == files(clean), setting
        assert json.loads((out / "pagefind/shards.json").read_text("utf-8"))["setting"] == int(setting)
