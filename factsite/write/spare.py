"""The site before the last, kept beside the output (`.NAME.spare`) to become the next one.

Without it, a build that changes a few pages makes a whole new tree of folders
and links (write.py), and deletes the old one: for 11,000 pages, 12,000 folders
made and deleted, seconds on a slow disk. Instead, the folder that the last swap
took out of the output, which holds the site before it, is kept; the next build
brings it up to date where it may differ from the new site (the files the last
build changed, and those this one changes), then swaps it in. Its files are hard
links to the output's where they are the same, and no file of either is ever
written in place (a changed file is a new file), so neither changes the other.

A spare is used only when its marker holds the id it was kept with. Its marker
is removed before it is changed, so a build killed meanwhile leaves a spare that
the next build deletes. Each use walks it: a file that is not as listed (size,
times, inode and mode, as for the output: outputs.py) is replaced, one it does not
list (a link among them) is deleted, and so is a folder made read-only by hand.

shutil is imported in the functions that use it: a build with nothing to
do imports this module and never needs it (about 8 ms of start-up in all, failures.py's too).
"""

from __future__ import annotations

import errno
import os
import stat

from . import swap
from .outputs import FOLDER_BITS, MARKER, Changes, Manifest, Seen, Spare, build_id_of, seen

NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def take(where: swap.Place, spare: Spare | None) -> bool:
    """Whether the spare folder of `where` holds `spare`; then it is marked as being changed.
    Otherwise any spare folder there is deleted."""
    folder = where.spare
    if spare is not None and not where.inside and swap.ours(folder) and build_id_of(folder) == spare.id:
        os.unlink(folder / MARKER)
        return True
    if os.path.lexists(folder) and stat.S_ISDIR(os.lstat(folder).st_mode):
        swap.remove(folder)
    return False


def can_keep(where: swap.Place) -> bool:
    """Whether the site a swap takes out of the output can be kept as the spare."""
    return not where.inside and not os.path.lexists(where.spare)


def update(
    where: swap.Place, spare: Spare, manifest: Manifest, changes: Changes, listed: bool = False
) -> Manifest:
    """Make the spare site the one `changes` make of the site in the output (`manifest`), but for
    the files the caller writes next: `changes.pages`, `changes.copies` and the `fresh` folders.
    The files it linked from the output, as they are after (a link changes a file's ctime).
    `listed`: the spare was just found as its manifest lists it (`as_listed`), and is not walked."""
    folder, out = f"{where.spare}/", f"{where.out}/"
    linked: Manifest = {}
    for name in changes.fresh:
        swap.remove(where.spare / name)
    spoiled, strays = (set(), []) if listed else _survey(folder, spare.manifest)
    for path in strays:
        _unlink(folder + path)
    touched = spare.differs | spoiled | changes.pages.keys() | changes.copies.keys() | changes.removed
    for path in sorted(touched):
        if any(path.startswith(f"{name}/") for name in changes.fresh):
            continue
        _unlink(folder + path)
        if path in manifest and changes.keeps(path):
            linked[path] = link(out + path, folder + path)
        elif path not in changes.pages and path not in changes.copies:
            _remove_empty_folders(folder, path)
    return linked


def _survey(folder: str, manifest: Manifest) -> tuple[set[str], list[str]]:
    """What in `folder` is not as `manifest` lists it: the files listed but missing or changed
    (size, times, inode, mode, not a plain file), and the entries it does not list (put there by
    hand, links among them), which would otherwise be published. One walk, one lstat per file. A
    folder made read-only by hand (`FOLDER_BITS`) is deleted: its files are listed but missing."""
    found: Manifest = {}
    strays: list[str] = []
    folders, listed = [""], _folders_of(manifest)
    _open_folder(folder)
    while folders:
        shown = folders.pop()
        with os.scandir(folder + shown) as entries:
            for entry in entries:
                path = shown + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if f"{path}/" not in listed:  # no file listed is in it: made by hand
                        _remove_folder(folder + path)
                    elif _open_folder(folder + path, remove=True):
                        folders.append(f"{path}/")
                elif entry.is_file(follow_symlinks=False):
                    found[path] = seen(entry.stat(follow_symlinks=False))
                else:
                    strays.append(path)
    strays += [path for path in found if path not in manifest]
    return {path for path, seen in manifest.items() if found.get(path) != seen}, strays


def as_listed(where: swap.Place, spare: Spare | None) -> bool:
    """Whether the spare folder holds exactly the files its manifest lists, as listed, and its
    marker, each folder as a build makes it: what `update` would find with its walk, asked without
    changing anything, so that a second process can ask it while the build renders (build/beside.py).
    False when anything differs, or the folder cannot be walked."""
    if spare is None or where.inside:
        return False
    folder, found, folders = f"{where.spare}/", 0, [""]
    listed = _folders_of(spare.manifest)
    while folders:
        shown = folders.pop()
        if os.lstat(folder + shown).st_mode & FOLDER_BITS != FOLDER_BITS:
            return False
        with os.scandir(folder + shown) as entries:
            for entry in entries:
                path = shown + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if f"{path}/" not in listed:
                        return False
                    folders.append(f"{path}/")
                elif not _file_as_listed(entry, path, spare.manifest):
                    return False
                else:
                    found += path != MARKER
    return found == len(spare.manifest)


def _file_as_listed(entry: os.DirEntry[str], path: str, manifest: Manifest) -> bool:
    """Whether an entry that is not a folder is a plain file: the marker, or one as `manifest` lists it."""
    if not entry.is_file(follow_symlinks=False):
        return False
    return path == MARKER or manifest.get(path) == seen(entry.stat(follow_symlinks=False))


def _folders_of(manifest: Manifest) -> set[str]:
    """Every folder that holds a file of `manifest`, or a folder that does ("a/", "a/b/")."""
    folders: set[str] = set()
    for path in manifest:
        parts = path.split("/")[:-1]
        folders.update("/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    return folders


def _open_folder(path: str, remove: bool = False) -> bool:
    """Whether the folder `path` is as a build makes it; if not, it is made so (`FOLDER_BITS`), and
    then, if `remove`, deleted."""
    mode = os.lstat(path).st_mode
    if mode & FOLDER_BITS == FOLDER_BITS:
        return True
    os.chmod(path, stat.S_IMODE(mode) | FOLDER_BITS)
    if remove:
        _remove_folder(path)
    return False


def _remove_folder(path: str) -> None:
    """Delete a folder and all in it, its folders opened first (`FOLDER_BITS`), links not followed."""
    import shutil

    os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | FOLDER_BITS)
    for parent, names, _ in os.walk(path):  # each folder opened before it is entered
        for name in names:
            inside = os.path.join(parent, name)
            info = os.lstat(inside)
            if stat.S_ISDIR(info.st_mode):  # a link is not followed: it is deleted
                os.chmod(inside, stat.S_IMODE(info.st_mode) | FOLDER_BITS)
    shutil.rmtree(path, ignore_errors=True)


def link(source: str, target: str) -> Seen:
    """A hard link (its folder made if needed), or a copy on a file system that has none; the
    file linked as it is after (a link changes its ctime)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileNotFoundError:
        if os.path.isdir(os.path.dirname(target)):
            raise
        os.makedirs(os.path.dirname(target))
        return link(source, target)
    except OSError as exc:
        if exc.errno not in NO_LINKS:
            raise
        import shutil

        shutil.copy2(source, target, follow_symlinks=False)
    return seen(os.lstat(target))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        import shutil

        shutil.rmtree(path)


def _remove_empty_folders(folder: str, path: str) -> None:
    """Remove the folders of `path` in `folder` that it left empty."""
    parent = os.path.dirname(path)
    while parent:
        try:
            os.rmdir(folder + parent)
        except OSError:
            return
        parent = os.path.dirname(parent)
