"""One loader: every command loads through load_site, and the build's kept results change nothing.

The incremental cache (build/loadcache.py) only remembers per-file results
behind the seam of load/results.py, keyed by the digests of the files' bytes:
a load through it must equal a load without it, errors and their order
included, after any edits.
"""

from __future__ import annotations

import ast
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.incremental import Builder
from factsite.build.loadcache import ContentCache
from factsite.build.scan import CONTENT_TOPS, digest, scan
from factsite.cli import main as cli
from factsite.cli.new import Selector, new_claim
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.load.results import digest_of
from factsite.model import Site
from factsite.text import textnorm
from tests.test_incremental import edit, random_edit

CLAIM = "content/claims/city-budget/roads-fell-again.yaml"
BRIDGE_ARTICLE = "content/articles/river-bridge.md"
PACKAGE = Path(__file__).parent.parent / "factsite"


def outcome(load: Callable[[], Site]) -> Site | tuple[ContentError, ...]:
    try:
        return load()
    except ContentErrors as exc:
        return exc.errors


def kept(cache: ContentCache, root: Path) -> Site | tuple[ContentError, ...]:
    return outcome(lambda: cache.load(scan(root, CONTENT_TOPS)))


@pytest.mark.parametrize("seed", range(4))
def test_a_load_through_kept_results_equals_a_load_without_them(site_root: Path, seed: int) -> None:
    rng = random.Random(seed)
    cache = ContentCache(site_root)
    for _ in range(14):
        random_edit(rng, site_root)
        assert kept(cache, site_root) == outcome(lambda: load_site(site_root))


def test_errors_come_in_the_same_order_with_or_without_kept_results(site_root: Path) -> None:
    cache = ContentCache(site_root)
    assert isinstance(kept(cache, site_root), Site)
    (site_root / "content/claims/aaa.yaml").write_text("claim: misplaced\n", "utf-8")  # before the folders
    edit(site_root, CLAIM, "status: unverified", "status: nope")
    edit(site_root, BRIDGE_ARTICLE, "title:", "titl:")
    expected = outcome(lambda: load_site(site_root))
    assert isinstance(expected, tuple) and len(expected) >= 3
    assert kept(cache, site_root) == expected
    assert kept(cache, site_root) == expected  # and again, from the kept results alone


def test_an_unchanged_file_keeps_its_object_and_a_claim_follows_its_article(site_root: Path) -> None:
    cache = ContentCache(site_root)
    first = cache.load(scan(site_root, CONTENT_TOPS))
    edit(site_root, BRIDGE_ARTICLE, "2.5 million", "3 million")
    second = cache.load(scan(site_root, CONTENT_TOPS))
    assert second.article("city-budget") is first.article("city-budget")
    assert second.claims_of("city-budget") is first.claims_of("city-budget")
    assert second.article("river-bridge") is not first.article("river-bridge")
    for old, new in zip(first.claims_of("river-bridge"), second.claims_of("river-bridge"), strict=True):
        assert new is not old and new == old  # checked against the new article text


def test_a_same_size_same_time_edit_is_seen_by_the_kept_results(site_root: Path) -> None:
    """Results are found by the digest of the bytes, never by size, time or inode."""
    path = site_root / CLAIM
    cache = ContentCache(site_root)
    cache.load(scan(site_root, CONTENT_TOPS))
    before = path.stat()
    with path.open("r+b") as file:
        text = file.read()
        file.seek(0)
        file.write(text.replace(b"status: unverified", b"status: inaccurate"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino) == (before.st_size, before.st_ino)
    site = cache.load(scan(site_root, CONTENT_TOPS))
    assert next(c for c in site.claims if c.id == "roads-fell-again").status == "inaccurate"


def test_a_file_changed_after_the_scan_is_kept_under_the_digest_of_what_was_read(site_root: Path) -> None:
    cache = ContentCache(site_root)
    scanned = scan(site_root, CONTENT_TOPS)
    edit(site_root, CLAIM, "status: unverified", "status: inaccurate")
    site = cache.load(scanned)  # the scan's digest is stale: the loader reads what is there now
    assert next(c for c in site.claims if c.id == "roads-fell-again").status == "inaccurate"
    edit(site_root, CLAIM, "status: inaccurate", "status: unverified")
    site = cache.load(scan(site_root, CONTENT_TOPS))  # the scanned bytes again: not what was read after
    assert next(c for c in site.claims if c.id == "roads-fell-again").status == "unverified"


def test_the_scan_and_the_loader_digest_bytes_alike(site_root: Path) -> None:
    path = site_root / CLAIM
    assert digest(path) == digest_of(path.read_bytes())


def test_one_loading_rule_changed_in_one_place_shows_in_every_command(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """check, coverage, build, serve's builder and new all load through the same functions."""
    monkeypatch.setattr(textnorm, "is_word", lambda char: False)  # every article now has no words
    message = "the article has no words, only marks and symbols"
    for command in ("check", "coverage", "build"):
        assert cli.main(["--root", str(site_root), command]) == 1
        assert message in capsys.readouterr().err, command
    with pytest.raises(ContentErrors) as built:
        Builder(site_root, site_root / "_serve").build()  # as serve builds
    assert message in {e.message for e in built.value.errors}
    with pytest.raises(ContentErrors) as new:
        new_claim(site_root, "city-budget", Selector("Spending on roads fell."))
    assert message in {e.message for e in new.value.errors}


def _imports(path: Path) -> set[str]:
    """The names a module imports from factsite.load's modules, as 'module.name'."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and "load" in node.module.split("."):
            found |= {f"{node.module.rpartition('.')[2]}.{alias.name}" for alias in node.names}
    return found


PER_FILE = {  # what a second loader would be made of
    "content.load_article_file",
    "content.load_page_file",
    "content.site_config",
    "content.assemble_grouped",
    "claimfiles.load_claims",
    "claimfiles.load_claim_file",
    "claimfiles.claim_folder_ok",
    "claimants.load_claimant_file",
    "claimants.declared_errors",
    "results.file_result",
    "results.listed",
}


def test_no_module_outside_load_puts_together_a_loader_of_its_own() -> None:
    """Outside load/, content is loaded by load_site (one article alone by load_article, for `new`)."""
    for path in PACKAGE.rglob("*.py"):
        if "load" not in path.relative_to(PACKAGE).parts:
            assert not _imports(path) & PER_FILE, path
    assert "content.load_site" in _imports(PACKAGE / "build" / "loadcache.py")
    assert "content.load_site" in _imports(PACKAGE / "cli" / "main.py")


def test_a_claim_file_renamed_in_place_is_loaded_under_its_new_id(site_root: Path) -> None:
    """A rename that keeps the file's bytes and its place in the folder's order is still another claim."""
    cache = ContentCache(site_root)
    before = cache.load(scan(site_root, CONTENT_TOPS))
    folder = site_root / "content" / "claims" / "city-budget"
    (folder / "roads-fell-again.yaml").rename(folder / "roads-fell-again-2.yaml")
    after = cache.load(scan(site_root, CONTENT_TOPS))
    assert {c.id for c in after.claims} == {c.id for c in before.claims} - {"roads-fell-again"} | {
        "roads-fell-again-2"
    }
    assert after == load_site(site_root)
