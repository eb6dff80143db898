"""The full-text search index: Pagefind, fed the built pages in a fixed order, in shards.

Pagefind reads each page's HTML (what to index is marked with data-pagefind-* in
the templates) through its indexing service (service.py), in sorted order, so
that the index is the same bytes on every file system. The index is cut into
shards (shards.py), each a Pagefind bundle under `pagefind/sNN/`, which
static/search.js merges in the browser. A full build indexes the staging folder
before the new site is swapped in, so a failed index leaves the last site in
place; an incremental build makes anew only the shards whose pages changed and
hard-links the others from the last site (`update_search_index`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import command, urls
from ..failures import Failure
from ..model import SearchSettings
from . import shards
from .service import PagefindService
from .stable_index import IndexFormatError, stabilise

BUNDLE = urls.PAGEFIND.removesuffix("/")
WORKERS = 2  # Pagefind services run at once by a build that makes several shards
EMPTY: dict[str, list[str]] = {"s00": []}  # no page indexed: an empty index, so that search finds nothing
# Pagefind's ready-made interfaces; static/search.js uses the bare API (pagefind.js) instead.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Failure):
    """Pagefind is missing or failed; the message says which and why."""

    hint = "if the disk is full, free some space; then build again, which redoes the index"


def pagefind_executable() -> Path:
    try:
        import pagefind_bin
    except ImportError as exc:
        raise SearchIndexError(
            f"the search indexer is not installed: {command.install_hint('pagefind-bin')}"
        ) from exc
    try:
        return Path(pagefind_bin.get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"pagefind-bin has no binary for this platform: {exc}") from exc


def index_search(folder: Path, search: SearchSettings) -> None:
    """Write the search index for the site in `folder` to `folder/pagefind/`: every shard made anew.

    Raises SearchIndexError when Pagefind is missing or fails, OSError when a file cannot be written.
    """
    _index_all(folder, folder / BUNDLE, search)


def _index_all(site: Path, bundle: Path, search: SearchSettings) -> None:
    pages = [path for path in _html_files(site) if shards.indexed((site / path).read_bytes())]
    _write_bundle(site, bundle, shards.split(pages, search.shards), search, None)


@dataclass(frozen=True)
class Update:
    """How a build brings the search index up to date: the folders of the bundle that it makes anew
    (`fresh`: the writer keeps the rest of the bundle, as it keeps any file of the last site) and
    what makes them in the new site (`finish(staging)`)."""

    fresh: tuple[str, ...]
    finish: Callable[[Path], None]


def whole_update(search: SearchSettings) -> Update:
    """Every shard made anew: for a bundle that is missing, damaged or older than the pages."""
    return Update((BUNDLE,), lambda staging: index_search(staging, search))


def plan_update(out: Path, changed: Mapping[str, bytes | None], search: SearchSettings) -> Update:
    """How the index of the site in `out` follows the output files `changed` (their new bytes, or
    None when removed): the shards of those pages made anew; when shards come or go, or `search`
    cuts them otherwise than the bundle's (site.toml [search] shards changed), the bundle is made
    anew, the shards whose pages did not change hard-linked from `out`. A bundle whose page lists
    cannot be read is made anew whole. Its `finish` raises as `index_search` does.
    """
    before = shards.read_pages(out / BUNDLE)
    if before is None:
        return whole_update(search)
    after, dirty = _regroup(before, changed, search.shards)
    if list(after) != list(before) or not settled(out, search):
        reuse = (out / BUNDLE, dirty)
        return Update((BUNDLE,), lambda new: _write_bundle(new, new / BUNDLE, after, search, reuse))
    made = {shard: after[shard] for shard in sorted(dirty)}
    fresh = tuple(f"{BUNDLE}/{shard}" for shard in made)
    return Update(fresh, lambda staging: _write_shards(staging, staging / BUNDLE, made, search))


def settled(out: Path, search: SearchSettings) -> bool:
    """Whether the index of the site in `out` is cut into shards as `search` says: if not, it is
    cut anew even when no page changed (see `plan_update`)."""
    return shards.read_setting(out / BUNDLE) == search.shards


def _regroup(
    before: dict[str, list[str]], changed: Mapping[str, bytes | None], setting: int | str
) -> tuple[dict[str, list[str]], set[str]]:
    """The pages by shard after the `changed` ones, cut by `setting`, and the shards to make anew:
    those whose list changed or that hold a changed page, before or after."""
    pages = {page for listed in before.values() for page in listed}
    html = {p: data for p, data in changed.items() if p.endswith(".html") and not p.startswith(f"{BUNDLE}/")}
    for path, data in html.items():
        if data is not None and shards.indexed(data):
            pages.add(path)
        else:
            pages.discard(path)
    after = shards.split(pages, setting) or EMPTY
    touched = html.keys()
    dirty = {s for s, listed in after.items() if listed != before.get(s) or not touched.isdisjoint(listed)}
    return after, dirty | {s for s, listed in before.items() if not touched.isdisjoint(listed)}


def _html_files(folder: Path) -> list[str]:
    """The HTML files of the site in `folder`, as output paths, sorted; the search bundle left out."""
    found = []
    for top, dirs, files in os.walk(folder):
        here = Path(top).relative_to(folder).as_posix()
        prefix = "" if here == "." else f"{here}/"
        dirs[:] = [d for d in dirs if f"{prefix}{d}" != BUNDLE]
        found += [f"{prefix}{name}" for name in files if name.endswith(".html")]
    return sorted(found)


def _write_bundle(
    site: Path,
    bundle: Path,
    groups: dict[str, list[str]],
    search: SearchSettings,
    reuse: tuple[Path, set[str]] | None,
) -> None:
    """Write the search bundle of `site` into `bundle`: a Pagefind bundle per shard of `groups`, but
    those that `reuse` (the old bundle, and the shards to make anew) lets link from the old one."""
    shutil.rmtree(bundle, ignore_errors=True)
    bundle.mkdir(parents=True)
    groups = groups or EMPTY
    made = {s: pages for s, pages in groups.items() if reuse is None or s in reuse[1]}
    _write_shards(site, bundle, made, search)
    if reuse is not None:
        for shard in sorted(groups.keys() - made.keys()):
            shutil.copytree(reuse[0] / shard, bundle / shard, copy_function=os.link)
    shards.write_list(bundle, groups, search.shards)


def _write_shards(site: Path, bundle: Path, groups: dict[str, list[str]], search: SearchSettings) -> None:
    """Make each shard of `groups` anew, in `bundle`, from the pages of `site`: with two services at
    once, one per core (WORKERS), when there are several. Each shard is made alone, so the bytes
    do not depend on which service made it."""
    shares = [list(groups.items())[n::WORKERS] for n in range(WORKERS)]
    shares = [share for share in shares if share]
    if len(shares) < 2:
        _write_share(site, bundle, shares[0] if shares else [], search)
        return
    with ThreadPoolExecutor(len(shares)) as pool:
        for done in [pool.submit(_write_share, site, bundle, share, search) for share in shares]:
            done.result()


def _write_share(
    site: Path, bundle: Path, share: list[tuple[str, list[str]]], search: SearchSettings
) -> None:
    if not share:
        return
    with PagefindService(pagefind_executable()) as service:
        for shard, pages in share:
            shutil.rmtree(bundle / shard, ignore_errors=True)
            _write_shard(service, site, bundle / shard, pages, search)


def _write_shard(
    service: PagefindService, site: Path, folder: Path, pages: list[str], search: SearchSettings
) -> None:
    """Index `pages` (output paths of `site`), in their order, into the Pagefind bundle `folder`."""
    index = service.new_index(search.language)
    for path in pages:
        html = (site / path).read_bytes().decode("utf-8", errors="replace")
        service.add_html(index, "/" + path, html)
    _write_files(folder, service.files(index))
    try:
        stabilise(folder)
    except IndexFormatError as exc:
        raise SearchIndexError(f"the search index Pagefind wrote cannot be read: {exc}") from exc
    text = json.dumps(pages, ensure_ascii=False, separators=(",", ":"))
    (folder / shards.PAGES).write_text(text + "\n", encoding="utf-8")


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write a bundle's files into `folder`, but Pagefind's ready-made interfaces (UNUSED)."""
    for name, data in sorted(files.items()):
        parts = PurePosixPath(name).parts
        if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
            raise SearchIndexError(f"Pagefind named a file of its index {name!r}, outside its folder")
        if name in UNUSED:
            continue
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def carry_search_index(out: Path, staging: Path) -> None:
    """Give a new site in `staging` the index of the site in `out`, if any, until it is re-indexed.

    Hard links: cheap, and the files are never written in place (re-indexing swaps in a new folder).
    """
    if (out / BUNDLE).is_dir():
        shutil.copytree(out / BUNDLE, staging / BUNDLE, copy_function=os.link)


def refresh_search_index(out: Path, search: SearchSettings) -> None:
    """Index a site that was updated in place: the new bundle is made beside it, then swapped in."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.{BUNDLE}.", dir=out.parent))
    try:
        _index_all(out, staging / BUNDLE, search)
        old = staging / "old"
        if (out / BUNDLE).exists():
            (out / BUNDLE).rename(old)
        try:
            (staging / BUNDLE).rename(out / BUNDLE)
        except BaseException:
            if old.exists():
                old.rename(out / BUNDLE)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
