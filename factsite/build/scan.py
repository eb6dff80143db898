"""Find which input files changed since the last build: by the digest of their bytes.

A file is known by the digest (BLAKE2b) of its bytes. Size, modification time
and inode alone are not trusted: an edit can keep all three (an in-place write
that restores the time, a checkout, a copy with `cp -p`), and a build that
missed it would publish a stale page. A file whose bytes did not change
(`touch`) is not a change.

Reading every file on every scan cost most of a no-change build, so a scan is
given the last one, and a file is read again unless its size, modification
time, change time and inode are all as they were when it was last read, and
that read came more than `SETTLE_NS` after its last change. The change time
(ctime) cannot be set back by a user, so an edit that restores the size and the
modification time still shows in it. An edit within the timestamps' granularity
of the read could keep even the change time: a file read that soon after its
last change is read again on the next scan, and then again until it has
settled. This is git's rule for "racily clean" files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat as stat_module
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..write.outputs import seen_digest

CONTENT_TOPS = ("site.toml", "content")  # the inputs under a site's folder; templates and static are apart
CHUNK = 1 << 20
SETTLE_NS = 2_000_000_000  # > any filesystem's timestamp granularity (FAT's 2 s), and a clock's jitter

Stat = tuple[int, int, int, int]  # a file's size, modification and change times (ns) and inode


@dataclass(frozen=True)
class Tree:
    """The files under some folders: the digest of each file's bytes by path, and each folder's
    entries (folders end in /)."""

    files: dict[str, bytes] = field(default_factory=dict)
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: bool = False  # a symbolic link or a pipe, device or socket was seen: callers load all
    taken_ns: int = 0  # when the scan started
    stats: dict[str, Stat] = field(default_factory=dict)  # of files read after they had settled


NOTHING = Tree()


def scan(base: Path, tops: Iterable[str], last: Tree = NOTHING) -> Tree:
    """Digests of every file under each of `tops`: paths relative to `base`, "" for `base` itself.
    A file whose stat is as `last` recorded it keeps its digest unread (see above).

    Raises OSError (naming the file) when a file cannot be read.
    """
    tree = Tree(taken_ns=time.time_ns())
    links = False
    for top in tops:
        path = base / top
        if path.is_symlink():
            links = True
        elif path.is_file():
            _add(tree, top, path, last, path.lstat())
        elif path.is_dir():
            links |= _walk(path, top, tree, last)
        elif os.path.lexists(path):
            links = True  # only the loader can say what is wrong with it (entries.py)
    return Tree(tree.files, tree.folders, links, tree.taken_ns, tree.stats)


def stats_of(base: Path, tops: Iterable[str]) -> dict[str, Stat | tuple[()]] | None:
    """The stat of every file under `base`'s `tops` by its path, and every folder's path (ending in
    "/") with no stat: what `fingerprint` of the last scan's tree is made of, so that a build with
    nothing to do can compare them without reading the tree (state.py). None when a link, a pipe, a
    device or a socket is among them: only the full scan and the loader tell what those are."""
    found: dict[str, Stat | tuple[()]] = {}
    for top in tops:
        path = base / top
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat_module.S_ISREG(info.st_mode):
            found[top] = _stat(info)
        elif not stat_module.S_ISDIR(info.st_mode) or not _stats_under(str(path), f"{top}/", found):
            return None
    return found


def _stats_under(folder: str, prefix: str, found: dict[str, Stat | tuple[()]]) -> bool:
    found[prefix] = ()
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                found[prefix + entry.name] = _stat(entry.stat(follow_symlinks=False))
            elif entry.is_dir(follow_symlinks=False):
                if not _stats_under(entry.path, f"{prefix}{entry.name}/", found):
                    return False
            else:
                return False
    return True


@dataclass(frozen=True)
class Fingerprint:
    """What `stats_of` finds when nothing changed since a tree was scanned (`fingerprint`)."""

    paths: str  # every file's and folder's path, sorted, joined by NUL (which no path holds)
    digest: bytes  # of their stats in that order; a file's digest instead where `racy`
    racy: frozenset[str]  # files not trusted by their stat (see above): read again, and compared


def fingerprint(tree: Tree) -> Fingerprint | None:
    """The `Fingerprint` of a scanned tree; None when the tree holds a link, a pipe, a device or a
    socket (the full scan and the loader tell what those are)."""
    if tree.links:
        return None
    paths = sorted([*tree.files, *(f"{folder}/" for folder in tree.folders)])
    racy = frozenset(tree.files.keys() - tree.stats.keys())
    values = ((tree.files[p],) if p in racy else tree.stats.get(p, ()) for p in paths)
    return Fingerprint("\0".join(paths), seen_digest(values), racy)


def unchanged(base: Path, tops: Iterable[str], recorded: Fingerprint) -> bool:
    """Whether the files and folders under `base`'s `tops` are as `recorded`: the same paths, each
    file with the same stat, or the same bytes where its stat is not trusted. Costs one lstat per
    file, one listing per folder, and a read of each file not trusted by its stat."""
    found: dict[str, Any] | None = stats_of(base, tops)
    paths = recorded.paths.split("\0") if recorded.paths else []
    if found is None or len(found) != len(paths) or not found.keys() >= recorded.racy:
        return False
    try:
        for path in recorded.racy:
            found[path] = (digest(base / path),)
        return seen_digest([found[path] for path in paths]) == recorded.digest
    except (KeyError, OSError):  # gone or unreadable since it was listed: the full scan tells
        return False


def distrusted(tree: Tree, base: Path, tops: Iterable[str]) -> Tree:
    """`tree`, but for the files under `base`'s `tops` that changed since it was scanned (by their
    stat, or by their bytes where the stat is not trusted): their digests are forgotten, so that the
    next scan finds them changed, whatever their bytes are by then."""
    found = stats_of(base, tops) or {}
    moved = {path for path, was in tree.files.items() if not _as_scanned(base, path, was, tree, found)}
    if not moved:
        return tree
    files = {path: b"" if path in moved else was for path, was in tree.files.items()}
    stats = {path: stat for path, stat in tree.stats.items() if path not in moved}
    return Tree(files, tree.folders, tree.links, tree.taken_ns, stats)


def _as_scanned(base: Path, path: str, was: bytes, tree: Tree, found: dict[str, Any]) -> bool:
    if path in tree.stats:
        return found.get(path) == tree.stats[path]
    try:
        return path in found and digest(base / path) == was
    except OSError:
        return False


def settled(base: Path, paths: Iterable[str]) -> bool:
    """Whether any of the files `paths` under `base` has changed long enough ago to be trusted by
    its stat from now on (see above): then a new scan records it."""
    limit = time.time_ns() - SETTLE_NS
    for path in paths:
        with contextlib.suppress(OSError):
            info = os.lstat(base / path)
            if max(info.st_mtime_ns, info.st_ctime_ns) < limit:
                return True
    return False


def rescan(old: Tree, base: Path, tops: Iterable[str], paths: Iterable[str]) -> tuple[Tree, set[str]]:
    """`old` after the files or folders `paths` (relative to `base`) changed, and the files looked at.

    For a watcher that is told what changed (serve.py): only those paths are
    looked at, with the lists of their folders, and only new folders walked,
    so an edit costs the same on a site of ten files or of ten thousand.
    """
    tops = tuple(tops)
    tree = Tree(dict(old.files), dict(old.folders), old.links, time.time_ns(), dict(old.stats))
    seen: set[str] = set()
    links = old.links
    for path in sorted(set(paths)):
        if "" in tops or any(path == top or path.startswith(f"{top}/") for top in tops):
            found, link = _refresh(base, tree, path, tops)
            seen |= found
            links |= link
    return Tree(tree.files, tree.folders, links, tree.taken_ns, tree.stats), seen


def _refresh(base: Path, tree: Tree, path: str, tops: tuple[str, ...]) -> tuple[set[str], bool]:
    """Bring `path`'s entries, and its folder's list of entries, up to date in `tree`."""
    seen = _forget(tree, path)
    full = base / path
    links = full.is_symlink()
    if not links and full.is_dir():
        links = _walk(full, path, tree)
        seen |= {f for f in tree.files if f.startswith(f"{path}/")}
    elif not links and full.is_file():
        _add(tree, path, full)
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
        tree.stats.pop(f, None)
    for folder in [f for f in tree.folders if f == path or f.startswith(inside)]:
        del tree.folders[folder]
    return gone


def _walk(folder: str | Path, shown: str, tree: Tree, last: Tree = NOTHING) -> bool:
    """Add the files under `folder` (shown as `shown`) to `tree`; whether a link or a special file
    was seen. This runs for every input on every build: a settled file whose stat is as `last`
    recorded it keeps its digest here, without a call to `_add`."""
    links = False
    names = []
    prefix = f"{shown}/" if shown else ""
    known, files, stats = last.stats, last.files, tree.stats  # looked up once: this loop is hot
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if entry.is_file(follow_symlinks=False):
                names.append(name)
                child = prefix + name
                was = known.get(child)
                try:
                    info = entry.stat(follow_symlinks=False) if was is not None else None
                except FileNotFoundError:
                    continue  # gone since it was listed: the next scan sees that
                if info is not None and child in files and was == _stat(info):
                    tree.files[child], stats[child] = files[child], was
                else:
                    _add(tree, child, entry.path, last, info)
            elif entry.is_symlink():
                names.append(f"{name}/" if _is_dir(entry) else name)
                links = True
            elif entry.is_dir(follow_symlinks=False):
                names.append(f"{name}/")
                links |= _walk(entry.path, prefix + name, tree, last)
            else:
                names.append(name)
                links = True  # a pipe, a device, a socket: only the loader says what is wrong
    tree.folders[shown] = tuple(sorted(names))
    return links


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether an entry is a folder or a link to one; a link that loops is neither (entries.py reports it)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _add(
    tree: Tree, shown: str, path: str | Path, last: Tree = NOTHING, info: os.stat_result | None = None
) -> None:
    """Put a file's digest in `tree`: `last`'s, if `info` (its lstat) is as `last` recorded it, else
    read; unless it is gone since it was listed (the next scan sees that)."""
    if info is not None and (stat := _stat(info)) == last.stats.get(shown) and shown in last.files:
        tree.files[shown], tree.stats[shown] = last.files[shown], stat
        return
    with contextlib.suppress(FileNotFoundError):
        tree.files[shown], info = _read(path)
        stat = _stat(info)
        if max(stat[1], stat[2]) < tree.taken_ns - SETTLE_NS:  # else read again next time: racy
            tree.stats[shown] = stat


def _stat(info: os.stat_result) -> Stat:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def digest(path: Path) -> bytes:
    """The BLAKE2b digest (16 bytes) of a file's bytes, read without following a symbolic link."""
    return _read(path)[0]


def _read(path: str | Path) -> tuple[bytes, os.stat_result]:
    """`digest(path)`, and the file's stat taken before its bytes were read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        hashed = hashlib.blake2b(digest_size=16)
        while chunk := os.read(descriptor, CHUNK):
            hashed.update(chunk)
    finally:
        os.close(descriptor)
    return hashed.digest(), info


@dataclass
class Snapshot:
    """What the inputs under `base` looked like at the last build: a tree of digests."""

    base: Path
    tree: Tree = field(default_factory=Tree)

    def changes(self, new: Tree, only: set[str] | None = None) -> set[str]:
        """The paths added, removed or changed in content since this snapshot; updates it.

        With `only`, the files a `rescan` looked at, no others are compared.
        """
        old = self.tree.files
        paths = old.keys() | new.files.keys() if only is None else only
        self.tree = new
        return {p for p in paths if old.get(p) != new.files.get(p)}

    def look(self, tops: tuple[str, ...], changed: list[Path] | None) -> set[str]:
        """What changed under `base` (see `changes`): every input is scanned, or, once one scan
        was made, only the `changed` paths (absolute) that lie under `base`."""
        if changed is None or not self.tree.taken_ns:
            return self.changes(scan(self.base, tops, self.tree))
        inside = [p.relative_to(self.base).as_posix() for p in changed if p.is_relative_to(self.base)]
        if not inside:
            return set()
        tree, seen = rescan(self.tree, self.base, tops, [p for p in inside if p != "."])
        return self.changes(tree, seen)

    def scanned(self, tops: tuple[str, ...]) -> Tree:
        """The inputs under `base` as they are now (`scan`); unchanged settled files are not read again."""
        return scan(self.base, tops, self.tree)


@dataclass
class Overlay(Snapshot):
    """A snapshot of folders laid over `base`, the first on top (theme.py): a name's digest is that
    of the file the build uses, from the first folder that has it. Design folders are small, so a
    change under any of them scans them all again."""

    over: tuple[Path, ...] = ()

    @property
    def folders(self) -> tuple[Path, ...]:
        """Every folder, the one on top first."""
        return (*self.over, self.base)

    def scanned(self, tops: tuple[str, ...]) -> Tree:
        return merged([scan(folder, tops) for folder in self.folders])

    def look(self, tops: tuple[str, ...], changed: list[Path] | None) -> set[str]:
        seen = changed is None or not self.tree.taken_ns
        if not seen and not any(p.is_relative_to(f) for p in changed or () for f in self.folders):
            return set()
        return self.changes(self.scanned(tops))


def merged(trees: list[Tree]) -> Tree:
    """The trees of folders laid over each other, the first on top."""
    files: dict[str, bytes] = {}
    folders: dict[str, set[str]] = {}
    for tree in reversed(trees):
        files.update(tree.files)
        for folder, names in tree.folders.items():
            folders.setdefault(folder, set()).update(names)
    listed = {folder: tuple(sorted(names)) for folder, names in folders.items()}
    taken = min(t.taken_ns for t in trees)
    return Tree(files, listed, any(t.links for t in trees), taken)
