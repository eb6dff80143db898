"""What a built output folder holds, as the build that wrote it recorded: its marker and its manifest.

Every build writes `.factsite-build` at the top of the folder. It says that the
folder is written by build.py (a build replaces no other folder), and names the
build that wrote it: a digest of every input the build read and of the tool
(incremental.py), so two builds of the same content write the same marker. The
saved build state (state.py) keeps that id and the manifest of the files the
build wrote; a state whose id is not the folder's, or whose files are not all
there as written, never passes the folder for up to date.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".factsite-build"
MARKER_TEXT = "This folder is written by build.py; it is replaced on every build.\n"
ID_LINE = "build: "

# A file as written: (size in bytes, mtime in ns, ctime in ns, inode, mode). No process can set the
# ctime, and a file replaced is a new inode: an edit by hand that keeps size and mtime changes them.
Seen = tuple[int, int, int, int, int]
Manifest = dict[str, Seen]  # a file's path in the site -> how it was written
FOLDER_BITS = 0o700  # what each folder of a site lets its owner do, at least: read, change and enter it


def seen(info: os.stat_result) -> Seen:
    """A file's `Seen` from its lstat."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_mode)


def marker_text(build_id: str) -> str:
    """The marker's text: the sentence, then the build's id when it has one."""
    return MARKER_TEXT + (f"{ID_LINE}{build_id}\n" if build_id else "")


def build_id_of(out: Path) -> str | None:
    """The id in the marker of `out`; None when there is no marker (or no id), or it is not a plain file.

    The marker is read without following a link, and a FIFO planted in its place is not waited on.
    """
    try:
        descriptor = os.open(out / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        text = os.read(descriptor, 4096).decode("utf-8", "replace")
    except OSError:
        return None
    finally:
        os.close(descriptor)
    ids = [line.removeprefix(ID_LINE) for line in text.splitlines() if line.startswith(ID_LINE)]
    return ids[0] if len(ids) == 1 else None


def manifest_of(folder: Path, under: str = "") -> Manifest:
    """Every file in `folder` (or in its subfolder `under`) but the marker, by its path in the site.

    Links are not followed: a link is not a file of the site.
    """
    found: Manifest = {}
    start = folder / under if under else folder
    for parent, _, names in os.walk(start):
        shown = Path(parent).relative_to(folder).as_posix()
        for name in names:
            path = name if shown == "." else f"{shown}/{name}"
            info = os.lstat(os.path.join(parent, name))
            if stat.S_ISREG(info.st_mode) and path != MARKER:
                found[path] = seen(info)
    return found


def damaged(out: Path, manifest: Manifest) -> set[str]:
    """The files of `manifest` that are gone from `out`, or are not as written: not a plain file
    reached through real folders (a link, or a folder that is a link, is not followed), or another
    size, time, ctime, inode or mode (an edit or a chmod by hand). One lstat per file and folder."""
    gone, base = set(), f"{out}/"
    sound: dict[str, bool] = {"": _sound_folder(str(out))}
    for path, was in manifest.items():
        if not _through_folders(base, path.rpartition("/")[0], sound):
            gone.add(path)
            continue
        try:
            info = os.lstat(base + path)  # a string, not a Path: this runs for every file of the site
        except OSError:
            gone.add(path)
            continue
        if seen(info) != was:
            gone.add(path)
    return gone


def seen_digest(seens: Iterable[tuple[int | bytes, ...]]) -> bytes:
    """A digest (BLAKE2b, 16 bytes) of files' `Seen` (or other stats), in order: what `as_written`
    compares. Marshal's version 2 writes each value whole, whatever objects it shares."""
    return hashlib.blake2b(marshal.dumps(list(seens), 2), digest_size=16).digest()


def as_written(out: Path, paths: Iterable[str], expected: bytes) -> bool:
    """Whether the files `paths` of `out` are all as written: each a plain file reached through real
    folders, not links, and their lstats, in order, digest to `expected` (`seen_digest` of the
    manifest's). Only a yes or a no, made without holding the manifest: the check of a build with
    nothing to do (state.py). Stops at the first file missing.

    Unlike `damaged`, it does not look at each folder's mode: a folder made read-only by hand still
    holds the site as written, and the next build that writes makes every folder anew (swap.py). So
    a folder costs no lstat: it is found in its parent's listing, one for all its subfolders."""
    base, found = f"{out}/", []
    folders = _RealFolders(base, _sound_folder(str(out)))
    for path in paths:
        if not folders.real(path.rpartition("/")[0]):
            return False
        try:
            info = os.lstat(base + path)
        except OSError:
            return False
        found.append(seen(info))
    return seen_digest(found) == expected


class _RealFolders:
    """Which folders under `base` are real folders, not links: each learnt from its parent's
    listing (one scandir), not from an lstat of its own."""

    def __init__(self, base: str, sound: bool) -> None:
        self.base = base
        self.known: dict[str, bool] = {"": sound}
        self.listed: dict[str, frozenset[str]] = {}

    def real(self, folder: str) -> bool:
        """Whether `folder` (a path under `base`, "" for `base` itself) and each above it is real."""
        known = self.known.get(folder)
        if known is None:
            above, _, name = folder.rpartition("/")
            known = self.known[folder] = self.real(above) and name in self._subfolders(above)
        return known

    def _subfolders(self, folder: str) -> frozenset[str]:
        if folder not in self.listed:
            try:
                with os.scandir(self.base + folder) as entries:
                    names = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
            except OSError:
                names = []
            self.listed[folder] = frozenset(names)
        return self.listed[folder]


def _through_folders(base: str, folder: str, sound: dict[str, bool]) -> bool:
    """Whether `folder` and each folder above it in the site is a real folder, not a link, that its
    owner may read, change and enter (`FOLDER_BITS`: a folder made read-only by hand is not as
    written); each looked at once, remembered in `sound`."""
    if folder not in sound:
        above = folder.rpartition("/")[0]
        sound[folder] = _through_folders(base, above, sound) and _sound_folder(base + folder)
    return sound[folder]


def _sound_folder(path: str) -> bool:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) and mode & FOLDER_BITS == FOLDER_BITS


@dataclass(frozen=True)
class Changes:
    """What a build changes in a site: files to write (bytes, or a file to copy), files to delete,
    folders that `finish` writes anew (the search index), and files kept whose size or time
    changed since the manifest was made (changed by hand, the same bytes written again)."""

    pages: Mapping[str, bytes]
    copies: Mapping[str, Path] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    fresh: tuple[str, ...] = ()
    restat: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.pages or self.copies or self.removed)

    def keeps(self, path: str) -> bool:
        gone = path in self.pages or path in self.copies or path in self.removed
        return not gone and not any(path.startswith(f"{folder}/") for folder in self.fresh)


@dataclass(frozen=True)
class Spare:
    """The site before the last, kept beside the output to become the next one (spare.py): its id,
    its files, and those in which it may differ from the site in the output."""

    id: str
    manifest: Manifest
    differs: frozenset[str]


@dataclass(frozen=True)
class Written:
    """A site written into the output folder: its id, its files, and the spare site beside it."""

    id: str
    manifest: Manifest
    spare: Spare | None = None
