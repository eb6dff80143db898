"""Find which input files changed since the last build, without reading unchanged ones.

A file is unchanged when its size, modification time and inode are as before.
Timestamps are coarse on some file systems, so a file saved within `RACY_NS` of
the moment it was last read is compared by content as well (Git's "racy"
entries). A file whose timestamp changed but whose bytes did not (`touch`) is
not a change.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

RACY_NS = 2_000_000_000
CONTENT_TOPS = ("site.toml", "content")  # the inputs under a site's folder; templates and static are apart

Signature = tuple[int, int, int]  # mtime_ns, size, inode


@dataclass(frozen=True)
class Tree:
    """The files under some folders: signatures by path, and each folder's entries (folders end in /)."""

    files: dict[str, Signature] = field(default_factory=dict)
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: bool = False  # a symbolic link or a pipe, device or socket was seen: callers load all
    taken_ns: int = 0  # when the scan started


def scan(base: Path, tops: Iterable[str]) -> Tree:
    """Signatures of every file under each of `tops`: paths relative to `base`, "" for `base` itself."""
    tree = Tree(taken_ns=time.time_ns())
    links = False
    for top in tops:
        path = base / top
        if path.is_symlink():
            links = True
        if path.is_file():
            tree.files[top] = _signature(path.stat())
        elif path.is_dir():
            links |= _walk(path, top, tree)
        elif os.path.lexists(path):
            links = True  # only the loader can say what is wrong with it (entries.py)
    return Tree(tree.files, tree.folders, links, tree.taken_ns)


def rescan(old: Tree, base: Path, tops: Iterable[str], paths: Iterable[str]) -> tuple[Tree, set[str]]:
    """`old` after the files or folders `paths` (relative to `base`) changed, and the files looked at.

    For a watcher that is told what changed (serve.py): only those paths are
    looked at, with the lists of their folders, and only new folders walked,
    so an edit costs the same on a site of ten files or of ten thousand.
    """
    tops = tuple(tops)
    tree = Tree(dict(old.files), dict(old.folders), old.links, time.time_ns())
    seen: set[str] = set()
    links = old.links
    for path in sorted(set(paths)):
        if "" in tops or any(path == top or path.startswith(f"{top}/") for top in tops):
            found, link = _refresh(base, tree, path, tops)
            seen |= found
            links |= link
    return Tree(tree.files, tree.folders, links, tree.taken_ns), seen


def _refresh(base: Path, tree: Tree, path: str, tops: tuple[str, ...]) -> tuple[set[str], bool]:
    """Bring `path`'s entries, and its folder's list of entries, up to date in `tree`."""
    seen = _forget(tree, path)
    full = base / path
    links = full.is_symlink()
    if not links and full.is_dir():
        links = _walk(full, path, tree)
        seen |= {f for f in tree.files if f.startswith(f"{path}/")}
    elif not links and full.is_file():
        tree.files[path] = _signature(full.stat())
        seen.add(path)
    elif os.path.lexists(full):
        links = True  # a pipe, a device, a socket
    if path in tops:
        return seen, links
    folder, _, name = path.rpartition("/")
    if folder not in tops and (folder not in tree.folders or not (base / folder).is_dir()):
        more, more_links = _refresh(base, tree, folder, tops)  # the folder is new or gone as well
        return seen | more, links or more_links
    if not (base / folder).is_dir():
        tree.folders.pop(folder, None)
        return seen, links
    names = set(tree.folders.get(folder, ())) - {name, f"{name}/"}
    if full.exists() or links:
        names.add(f"{name}/" if full.is_dir() else name)
    tree.folders[folder] = tuple(sorted(names))
    return seen, links


def _forget(tree: Tree, path: str) -> set[str]:
    """Remove `path` and everything under it from `tree`; the files removed."""
    inside = f"{path}/"
    gone = {f for f in tree.files if f == path or f.startswith(inside)}
    for f in gone:
        del tree.files[f]
    for folder in [f for f in tree.folders if f == path or f.startswith(inside)]:
        del tree.folders[folder]
    return gone


def _walk(folder: Path, shown: str, tree: Tree) -> bool:
    links = False
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            child = f"{shown}/{entry.name}" if shown else entry.name
            names.append(entry.name + "/" if _is_dir(entry) else entry.name)
            if entry.is_symlink():
                links = True
            elif entry.is_dir():
                links |= _walk(Path(entry.path), child, tree)
            elif entry.is_file():
                tree.files[child] = _signature(entry.stat())
            else:
                links = True  # a pipe, a device, a socket: only the loader says what is wrong
    tree.folders[shown] = tuple(sorted(names))
    return links


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder or a link to one; a link that loops is neither (entries.py reports it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _signature(stat: os.stat_result) -> Signature:
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


@dataclass
class Snapshot:
    """What the inputs looked like at the last build: signatures and content digests."""

    base: Path
    tree: Tree = field(default_factory=Tree)
    digests: dict[str, str] = field(default_factory=dict)

    def changes(self, new: Tree, only: set[str] | None = None) -> set[str]:
        """The paths added, removed or changed in content since this snapshot; updates it.

        With `only`, the files a `rescan` looked at, no others are compared.
        """
        if only is not None:
            return self._changes_in(new, only)
        changed = set(self.tree.files.keys() ^ new.files.keys())
        digests = {}
        for path, signature in new.files.items():
            digests[path], differs = self._compare(path, signature)
            if differs:
                changed.add(path)
        self.tree, self.digests = new, digests
        return changed

    def _changes_in(self, new: Tree, only: set[str]) -> set[str]:
        changed = set()
        for path in only:
            signature = new.files.get(path)
            if signature is None:
                if self.digests.pop(path, None) is not None or path in self.tree.files:
                    changed.add(path)
                continue
            self.digests[path], differs = self._compare(path, signature)
            if differs:
                changed.add(path)
        self.tree = new
        return changed

    def _compare(self, path: str, signature: Signature) -> tuple[str, bool]:
        """The file's digest, and whether its content differs from when this snapshot last saw it."""
        known = self.digests.get(path)
        if self.tree.files.get(path) == signature and known and signature[0] + RACY_NS < self.tree.taken_ns:
            return known, False
        found = digest(self.base / path)
        return found, found != known
