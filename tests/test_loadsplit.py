"""A clean build of many claims loads the later claim folders in a forked helper (build/loadsplit.py):
the same site, the same errors in the same order, the same bytes, and a helper that fails or dies
changes nothing but the time."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

from factsite.build import loadsplit
from factsite.build.loadcache import ContentCache
from factsite.build.scan import CONTENT_TOPS, scan
from factsite.cli.main import main
from factsite.errors import ContentErrors
from factsite.model import Site
from tests.conftest import REPO

SITEGEN = runpy.run_path(str(REPO / "benchmarks" / "sitegen.py"))


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """20 articles of 3 claims, and a helper for as few claims as that."""
    monkeypatch.setattr(loadsplit, "SPLIT_FROM", 10)
    root = tmp_path / "generated"
    SITEGEN["generate"](root, REPO / "tests" / "sample", 20, 3)
    return root


def load(root: Path, split: bool) -> Site | list[str]:
    """The site loaded through a new cache, or its errors as printed."""
    try:
        return ContentCache(root).load(scan(root, CONTENT_TOPS), None, split)
    except ContentErrors as errors:
        return [str(e) for e in errors.errors]


def taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of results each helper sent back, noted as they are taken."""
    sizes: list[int] = []
    take = loadsplit.Helper.take

    def noted(helper: loadsplit.Helper) -> loadsplit.Entries:
        entries = take(helper)
        sizes.append(len(entries))
        return entries

    monkeypatch.setattr(loadsplit.Helper, "take", noted)
    return sizes


def test_a_split_load_gives_the_site_of_one_process(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = taken(monkeypatch)
    site = load(generated, True)
    assert isinstance(site, Site) and site == load(generated, False)
    assert sizes and sizes[0] > 30  # the helper made the results of half the claims: it did the work


def test_errors_in_both_halves_come_in_the_order_of_one_process(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = generated / "content" / "claims"
    for folder in ("article-0001", "article-0018"):
        path = claims / folder / "claim-01.yaml"
        path.write_text(path.read_text("utf-8").replace("status: ", "status: bogus-"), "utf-8")
    (claims / "article-0012" / "claim-02.yaml").write_text("claim: [\n", "utf-8")
    sizes = taken(monkeypatch)
    errors = load(generated, True)
    assert errors == load(generated, False) and isinstance(errors, list)
    assert [e.split(":")[0] for e in errors] == [
        "content/claims/article-0001/claim-01.yaml",
        "content/claims/article-0012/claim-02.yaml",
        "content/claims/article-0018/claim-01.yaml",
    ]
    assert sizes and sizes[0] > 0


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_helper_that_fails_leaves_the_load_to_this_process(
    how: str, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        if how == "dies":
            os._exit(9)
        raise RuntimeError("the helper broke")

    monkeypatch.setattr(loadsplit, "load_site", broken)
    sizes = taken(monkeypatch)
    assert load(generated, True) == load(generated, False)
    assert sizes and set(sizes) == {0}  # taken, and nothing to take


def test_a_cache_that_holds_results_is_not_split(generated: Path) -> None:
    cache = ContentCache(generated)
    tree = scan(generated, CONTENT_TOPS)
    helper = loadsplit.start(cache, tree)
    assert helper is not None
    helper.close()
    cache.load(tree)
    assert loadsplit.start(cache, tree) is None


def test_a_clean_build_with_a_helper_writes_the_bytes_of_one_without(generated: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert (
        main(["--root", str(generated), "build", "--out", str(one), "--no-search", "--quiet", "--jobs", "1"])
        == 0
    )
    for cache in generated.glob(".factsite-cache"):
        cache.rename(tmp_path / "kept-cache")
    assert main(["--root", str(generated), "build", "--out", str(two), "--no-search", "--quiet"]) == 0
    ours = {
        p.relative_to(one): p.read_bytes()
        for p in one.rglob("*")
        if p.is_file() and ".factsite" not in str(p)
    }
    theirs = {
        p.relative_to(two): p.read_bytes()
        for p in two.rglob("*")
        if p.is_file() and ".factsite" not in str(p)
    }
    assert ours == theirs and len(ours) > 80


def test_the_next_load_keeps_every_claim_a_split_load_made(generated: Path) -> None:
    cache = ContentCache(generated)
    tree = scan(generated, CONTENT_TOPS)
    first, again = cache.load(tree, None, True), cache.load(tree)
    assert len(first.claims) == 60 and all(a is b for a, b in zip(first.claims, again.claims, strict=True))


def test_a_helper_whose_parent_is_gone_ends_instead_of_waiting_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build killed with SIGKILL while it loads: its helper holds the build's lock until it ends."""
    monkeypatch.setattr(loadsplit, "SPLIT_FROM", 10)
    root = tmp_path / "bigger"
    SITEGEN["generate"](root, REPO / "tests" / "sample", 120, 3)  # results far past a pipe's 64 KB
    helper = loadsplit.start(ContentCache(root), scan(root, CONTENT_TOPS))
    assert helper is not None
    helper.conn.close()  # as the parent's death does: nobody will read what the helper sends
    helper.process.join(timeout=60)
    assert helper.process.exitcode == 0  # ended by itself, quietly; it would block on the pipe for ever
