"""The output folder as a builder last wrote it, and how the next site gets there (incremental.py).

`Published` remembers the id and the manifest of the last site written
(outputs.py). `check` says what befell that site since: another build's site
in its place, or files of it gone or changed by hand. `write_all` and `write`
bring in the next site, whole or as changes; either way a new site is swapped in
whole (write.py), unless `in_place`, for `serve`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from .. import urls
from ..model import SearchSettings
from ..search.pagefind import BUNDLE, Update, plan_update, refresh_search_index, whole_update
from ..theme import first_file
from ..write.outputs import Changes, Seen, Written, build_id_of, damaged, seen
from ..write.spare import as_listed
from ..write.swap import place
from ..write.writer import mark, update_site, write_changes, write_site
from .beside import beside
from .scan import Snapshot
from .version import tool_version


class Published:
    """What a builder last wrote into `out`: kept between runs with the builder (state.py)."""

    def __init__(self, out: Path, static: Sequence[Path]) -> None:
        self.out, self.static = out, static
        self.written: Written | None = None  # None after an `in_place` write: then only a full build

    def check(self) -> set[str] | None:
        """The files of the last site that are gone or changed by hand; None when `out` holds
        another build's site, or none."""
        if self.written is None or build_id_of(self.out) != self.written.id:
            return None
        return damaged(self.out, self.written.manifest)

    def write_all(
        self,
        pages: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
        finish: Callable[[Path], None],
        build_id: str,
    ) -> None:
        """Write a whole site (write.write_site), its pages by path or as (path, bytes) pairs as they
        come; `finish` runs on it before the swap."""
        self.written = write_site(pages, self.static, self.out, finish, build_id)

    def write(
        self,
        changes: Changes,
        reindex: SearchSettings | None,
        build_id: str,
        whole: bool = False,
        listed: Callable[[], bool] = lambda: False,
    ) -> None:
        """Write the changes as a new site swapped in whole, re-indexing the search as `reindex`
        says if given (its old index is kept otherwise): the shards of the pages changed, or
        every shard if `whole`. With no change, only the id is written, when it changed: an edit that
        changed no file. `listed()`: whether the spare site was found as listed (`survey`)."""
        last = self.written
        assert last is not None  # a build with no site written is a full build
        if not changes and reindex is None:
            manifest = last.manifest | {path: _seen(self.out / path) for path in changes.restat}
            self.written = replace(last, manifest=manifest)
            self.mark(build_id)
            return
        finish = None
        if reindex is not None:
            update = _index_update(self.out, changes, reindex, whole)
            changes, finish = replace(changes, fresh=update.fresh), update.finish
        self.written = write_changes(self.out, last, changes, finish, build_id, listed)

    def survey(self) -> Callable[[], bool]:
        """Start asking, in a second process (beside.py), whether the spare site is as listed
        (spare.as_listed); the returned function gives the answer, once asked, or False."""
        spare = None if self.written is None else self.written.spare
        if spare is None:
            return lambda: False
        return functools.cache(beside(functools.partial(as_listed, place(self.out), spare)))

    def write_in_place(self, changes: Changes, reindex: SearchSettings | None, whole: bool) -> None:
        """Write the changes into the site itself (serve): see write.update_site."""
        if not changes and reindex is None:
            return
        pages = {**changes.pages, **{path: source.read_bytes() for path, source in changes.copies.items()}}
        update_site(pages, changes.removed, self.out, whole)
        if reindex is not None:
            refresh_search_index(self.out, reindex)
        self.written = None

    def mark(self, build_id: str) -> None:
        """Record in the site that these inputs made it too, when no file of it changed."""
        if self.written is not None and build_id != self.written.id:
            mark(self.out, build_id)
            self.written = replace(self.written, id=build_id)

    @property
    def id(self) -> str | None:
        return None if self.written is None else self.written.id


def site_id(snapshots: Iterable[Snapshot]) -> str:
    """The id of the site that inputs make (32 hex digits): a digest of the tool's version and of
    every input file's path and digest."""
    digest = hashlib.blake2b(tool_version().encode(), digest_size=16)
    for snapshot in snapshots:
        for path, found in sorted(snapshot.tree.files.items()):
            digest.update(b"%s\0%s" % (path.encode(), found))
        digest.update(b"\1")
    return digest.hexdigest()


def changes_of(
    out: Path,
    pages: Mapping[str, bytes],
    removed: Iterable[str],
    static: tuple[Sequence[Path], Iterable[str]],
    damaged: set[str],
) -> tuple[Changes, bool]:
    """What a build changes in the site in `out`: the `pages` rendered that differ from the files
    there, the pages `removed`, the `static` files changed (their folders, the first on top, and
    their names), and what is `damaged` (gone or changed by hand); and whether the search index was
    damaged.

    A damaged file is written anew, never kept nor read: it may be a link, or lie in a folder that
    is one, and a new file replaces the link (the site is made anew beside, writer.py). One that is
    not rendered again (the search index, which is then made anew) is left out."""
    written = {path: data for path, data in pages.items() if path in damaged or _differs(out / path, data)}
    folders, names = static
    redo = {*names, *(p.removeprefix(urls.STATIC) for p in damaged if p.startswith(urls.STATIC))}
    copies = {urls.static(n): found for n in redo if (found := first_file(folders, n))}
    left = damaged - written.keys() - copies.keys()
    gone = {*removed, *(urls.static(n) for n in redo), *left} - copies.keys()
    changes = Changes(written, copies, frozenset(gone))
    return changes, any(p.startswith(f"{BUNDLE}/") for p in damaged)


def _seen(path: Path) -> Seen:
    return seen(path.lstat())


def _differs(target: Path, data: bytes) -> bool:
    """Whether the file on disk is not `data` already, read only when the sizes match."""
    try:
        return target.stat().st_size != len(data) or target.read_bytes() != data
    except OSError:
        return True


def _index_update(out: Path, changes: Changes, search: SearchSettings, whole: bool) -> Update:
    """How the new site's search index is made: the shards whose pages change, the rest of the
    index kept from the site in `out` (search/pagefind.py); all of them when `whole`, or when files
    of the index are among the changes (gone or changed by hand)."""
    if whole or any(path.startswith(f"{BUNDLE}/") for path in [*changes.removed, *changes.copies]):
        return whole_update(search)
    changed: dict[str, bytes | None] = dict(changes.pages)
    changed |= {path: file.read_bytes() for path, file in changes.copies.items() if path.endswith(".html")}
    changed |= dict.fromkeys(changes.removed)
    return plan_update(out, changed, search)
