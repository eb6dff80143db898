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

Signature = tuple[int, int, int]  # mtime_ns, size, inode


@dataclass(frozen=True)
class Tree:
    """The files under some folders: signatures by path, and each folder's entries (folders end in /)."""

    files: dict[str, Signature] = field(default_factory=dict)
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: bool = False  # a symbolic link was seen: callers fall back to a full load
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
    return Tree(tree.files, tree.folders, links, tree.taken_ns)


def _walk(folder: Path, shown: str, tree: Tree) -> bool:
    links = False
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            child = f"{shown}/{entry.name}" if shown else entry.name
            names.append(entry.name + "/" if entry.is_dir() else entry.name)
            if entry.is_symlink():
                links = True
            elif entry.is_dir():
                links |= _walk(Path(entry.path), child, tree)
            elif entry.is_file():
                tree.files[child] = _signature(entry.stat())
    tree.folders[shown] = tuple(sorted(names))
    return links


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

    def changes(self, new: Tree) -> set[str]:
        """The paths added, removed or changed in content since this snapshot; updates it."""
        changed = set(self.tree.files.keys() ^ new.files.keys())
        digests = {}
        for path, signature in new.files.items():
            old = self.tree.files.get(path)
            known = self.digests.get(path)
            if old == signature and known and signature[0] + RACY_NS < self.tree.taken_ns:
                digests[path] = known
                continue
            digests[path] = digest(self.base / path)
            if known != digests[path]:
                changed.add(path)
        self.tree, self.digests = new, digests
        return changed
