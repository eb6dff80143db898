"""Write a rendered site to disk: the only module that writes the output.

A build never changes the site in place. It writes the new site into a staging
folder beside the output, then swaps it in whole (swap.py): a full build writes
every file; a later build hard-links into the staging folder the files that did
not change (a directory entry each, no copy) and writes the others. So however a
build ends (an error, a full disk, Ctrl-C, `kill -9`), the output holds the old
site or the new one, never a mix. Only `serve` writes in place (`update_site`),
into a folder of its own.

shutil and tempfile are imported in the functions that use them: a build with nothing to
do imports this module and never needs them (about 8 ms of start-up in all, failures.py's too).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from .. import command, urls
from ..errors import UsageError
from ..failures import about
from . import spare, swap
from .outputs import MARKER, Changes, Manifest, Spare, Written, manifest_of, marker_text, seen

LAST_EPOCH = 253_402_300_799  # 9999-12-31T23:59:59Z, the last second a date can show
_DIGITS = re.compile(r"[0-9]+")


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970-01-01 UTC, or None when unset; UsageError when malformed.

    The Reproducible Builds specification asks for a plain decimal integer and
    for a build to stop when the value is malformed: an empty, signed, spaced,
    fractional or larger-than-year-9999 value is refused.
    """
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not _DIGITS.fullmatch(value) or int(value) > LAST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH is {value!r}, which is not a time: it must be a whole number of seconds "
            f"since 1970-01-01 UTC, from 0 to {LAST_EPOCH}, as `date +%s` prints it; "
            "correct it, or unset it (`unset SOURCE_DATE_EPOCH`)"
        )
    return int(value)


def write_site(
    pages: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    static: Path | Sequence[Path] | None,
    out: Path,
    finish: Callable[[Path], None] | None = None,
    build_id: str = "",
) -> Written:
    """Write a whole new site and swap it in (swap.py); what was written (outputs.py).

    `pages` are the files' bytes by path, or (path, bytes) pairs written as they come, so that a
    build streams them here and never holds them all (build/pool.py).

    `finish`, if given, runs on the complete staging folder before the swap (the search index).
    `static` is a folder, or folders laid over each other (theme.py), the first on top.
    """
    where = swap.place(out)
    _refuse_foreign_folder(where.out)
    spare.take(where, None)  # a spare of another site, if any
    staging = swap.new_staging(where)
    try:
        _copy_static(static, staging)
        _write_files(staging, pages)
        if finish is not None:
            finish(staging)
        manifest = _swap_in(where, staging, build_id, [staging], None)
    except BaseException:
        swap.remove(staging)
        raise
    return Written(build_id, _restat(where.out, manifest) if where.inside else manifest)


def write_changes(
    out: Path,
    last: Written,
    changes: Changes,
    finish: Callable[[Path], None] | None = None,
    build_id: str = "",
    listed: Callable[[], bool] = lambda: False,
) -> Written:
    """Make the site that `changes` make of the `last` one, in the spare folder (spare.py) or in a
    new one of hard links to the files it keeps (no copy), then swap it in whole; what was written.
    `listed()` says whether the spare was found as listed (spare.as_listed) since the build began.

    Raises OSError (FileNotFoundError if a file of `last` is gone from `out`) before the swap.
    """
    where = swap.place(out)
    found = listed()  # before `take` changes the spare
    reused = spare.take(where, last.spare)
    staging = where.spare if reused else swap.new_staging(where)
    try:
        kept = _kept(where.out, last.manifest, changes)
        taken = (last.spare, found) if reused else None
        linked = _fill(where, staging, taken, last.manifest, kept, changes)
        if finish is not None:
            finish(staging)
        keep = where.spare if reused or spare.can_keep(where) else None
        written = [staging / path for path in [*changes.pages, *changes.copies, *changes.fresh]]
        manifest = kept | linked | _swap_in(where, staging, build_id, written, keep)
    except BaseException:
        swap.remove(staging)
        raise
    if keep is None:  # the old site deleted, or entries renamed: the ctime of the files kept changed
        return Written(build_id, _restat(where.out, manifest))
    differs = frozenset((last.manifest.keys() | manifest.keys()) - kept.keys())
    return Written(build_id, manifest, Spare(last.id, _relinked(last.manifest, linked), differs))


def _relinked(manifest: Manifest, linked: Manifest) -> Manifest:
    """The manifest of the site a swap took out, its files hard-linked into the new one since (a
    link changes a file's ctime) as they are now."""
    return manifest | {path: now for path, now in linked.items() if now[3] == manifest[path][3]}


def _restat(out: Path, manifest: Manifest) -> Manifest:
    """The files of `manifest` in `out` as they are now (one lstat each)."""
    base = f"{out}/"
    return {path: seen(os.lstat(base + path)) for path in manifest}


def _fill(
    where: swap.Place,
    staging: Path,
    taken: tuple[Spare | None, bool] | None,
    manifest: Manifest,
    kept: Manifest,
    changes: Changes,
) -> Manifest:
    """Make the new site in `staging`: the `taken` spare (and whether it was found as listed)
    brought up to date, or an empty folder filled with links to the `kept` files; then the changed
    files written. The files linked, as they are after it (a link changes a file's ctime)."""
    if taken is not None and taken[0] is not None:
        linked = spare.update(where, taken[0], manifest, changes, taken[1])
    else:
        linked = _link_all(where.out, staging, kept, [*changes.pages, *changes.copies])
    _write_files(staging, changes.pages)
    _copy_files(staging, changes.copies)
    return linked


def _kept(out: Path, manifest: Manifest, changes: Changes) -> Manifest:
    """The files of the last site that the next one keeps, as they are (`restat`) or were listed."""
    return {
        p: _seen(out / p) if p in changes.restat else seen for p, seen in manifest.items() if changes.keeps(p)
    }


def _link_all(out: Path, staging: Path, kept: Manifest, new: list[str]) -> Manifest:
    """Fill the empty `staging` with the folders of the kept and `new` files, and links to the kept;
    those as they are after."""
    _make_folders(staging, [*kept, *new])
    old, fresh = f"{out}/", f"{staging}/"
    return {path: spare.link(old + path, fresh + path) for path in kept}  # strings: for every file


def _copy_files(staging: Path, copies: Mapping[str, Path]) -> None:
    import shutil

    for path, source in sorted(copies.items()):
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        with about(staging / path):
            shutil.copyfile(source, staging / path)


def mark(out: Path, build_id: str) -> None:
    """Give the site in `out` a marker with a new id, in one step (a new file renamed over the old;
    one left by a build killed meanwhile is deleted by swap.recover)."""
    import tempfile

    descriptor, partial = tempfile.mkstemp(prefix=f"{MARKER}-", dir=out)
    with about(out / MARKER), os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(marker_text(build_id))
    os.chmod(partial, 0o644)
    os.replace(partial, out / MARKER)
    _normalise_file_time(out / MARKER, out)


def _make_folders(staging: Path, paths: list[str]) -> None:
    """Make the folders of `paths` in the empty folder `staging`, each after its parent."""
    folders = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders):  # a parent sorts before what it holds
        os.mkdir(f"{staging}/{folder}")


def _copy_static(static: Path | Sequence[Path] | None, staging: Path) -> None:
    """Copy the static files into the new site: each folder's over the one below it (theme.py)."""
    import shutil

    folders = [] if static is None else [static] if isinstance(static, Path) else list(static)
    for folder in reversed(folders):
        if folder.is_dir():
            shutil.copytree(folder, staging / urls.STATIC, dirs_exist_ok=True)


def _write_files(staging: Path, pages: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> None:
    """Write the pages into `staging`, a new folder: each folder made once, before its first file."""
    made: set[str] = set()
    for path, data in sorted(pages.items()) if isinstance(pages, Mapping) else pages:
        target = staging / path
        folder = path.rpartition("/")[0]
        if folder not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        with about(target):
            target.write_bytes(data)


def _swap_in(where: swap.Place, staging: Path, build_id: str, new: list[Path], keep: Path | None) -> Manifest:
    """Mark the complete site in `staging`, set the times of what this build wrote (`new` files
    and folders, with every folder) from SOURCE_DATE_EPOCH, and swap it in; the manifest of `new`."""
    with about(staging / MARKER):
        (staging / MARKER).write_text(marker_text(build_id))
    _normalise_times(staging, new)
    manifest: Manifest = {}
    for path in new:
        if path.is_dir():
            manifest |= manifest_of(staging, "" if path == staging else path.relative_to(staging).as_posix())
        elif path.exists():
            manifest[path.relative_to(staging).as_posix()] = _seen(path)
    manifest.pop(MARKER, None)
    swap.swap_in(where, staging, keep)
    return manifest


def _seen(path: Path) -> tuple[int, int, int, int, int]:
    return seen(path.lstat())


def check_out(out: Path, root: Path, inputs: Iterable[Path]) -> None:
    """Raise UsageError, before anything is written, when `out` cannot hold a built site.

    The site is swapped in whole, replacing the folder: so `out` may not be
    the site's folder or hold it, nor be inside or hold one of the `inputs`
    (content/, templates/, static/, site.toml, the build state, the tool's own code), nor be a
    file or a link that leads nowhere.
    """
    _refuse_long_name(out)
    if os.path.lexists(out) and not out.exists():
        raise UsageError(f"--out {out} is a link that leads to no folder, or makes a loop; {OUT_HINT}")
    target, site = Path(os.path.realpath(out)), Path(os.path.realpath(root))
    if site.is_relative_to(target):
        raise UsageError(f"--out {out} holds the site's own folder {root}; {OUT_HINT}")
    for given in inputs:
        folder = Path(os.path.realpath(given))  # an input that loops is content's error, reported later
        if target == folder:
            raise UsageError(f"--out {out} is {given}, which the build reads; {OUT_HINT}")
        if target.is_relative_to(folder):
            raise UsageError(f"--out {out} is inside {given}, which the build reads; {OUT_HINT}")
        if folder.is_relative_to(target):
            raise UsageError(f"--out {out} holds {given}, which the build reads; {OUT_HINT}")
    existing = next(p for p in (target, *target.parents) if p.exists())
    if not existing.is_dir():
        raise UsageError(f"--out {out}: {existing} is a file, not a folder; {OUT_HINT}")
    _refuse_foreign_folder(target)


OUT_HINT = "choose a new folder of its own, such as _site (the default)"
BESIDE = len(".{}.staging-12345678") - 2  # what the longest folder a build keeps beside NAME adds to it


def _refuse_long_name(out: Path) -> None:
    """Raise UsageError when the folders a build keeps beside `out` (swap.py) would have names
    longer than the system allows."""
    try:
        longest = os.pathconf("/", "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    size = len(os.fsencode(out.name))
    if size + BESIDE > longest:
        raise UsageError(
            f"--out {out}: its name is {size} bytes long; a build keeps folders beside it named "
            f".NAME.staging-XXXXXXXX, so it may be {longest - BESIDE} bytes long at most; "
            "choose a shorter name"
        )


def _refuse_foreign_folder(out: Path) -> None:
    """Never replace a folder that a previous build did not write (its own entries inside a mount
    point aside, swap.py)."""
    if not out.exists():
        return
    if not out.is_dir() or (any(swap.site_entries(out)) and not (out / MARKER).exists()):
        raise UsageError(
            f"{out} exists and was not written by {command.program()}; "
            "choose another --out folder or remove it yourself"
        )


def _normalise_times(staging: Path, new: list[Path]) -> None:
    """Give the files a build wrote, and every folder, the time SOURCE_DATE_EPOCH sets, if it is set,
    for reproducible archives. Files linked from the last site are left as they are: they are its own."""
    stamp = source_date_epoch()
    if stamp is None:
        return
    for path in new:
        for found in [*sorted(path.rglob("*"), reverse=True), path] if path.is_dir() else [path]:
            if found.exists():
                os.utime(found, (stamp, stamp), follow_symlinks=False)
    for folder, _, _ in os.walk(staging):
        os.utime(folder, (stamp, stamp))


def update_site(pages: Mapping[str, bytes], removed: Iterable[str], out: Path, whole: bool = True) -> None:
    """Write some pages of an existing site in place and delete others: for `serve` only, whose
    site is a folder of its own that no build swaps (a killed `serve` leaves it half updated).

    Each file is replaced whole (written beside it, then renamed), so a reader
    never sees half a page. With `whole` false, existing files are overwritten
    instead: several times faster for big files, whose new copy needs new disk
    blocks and whose old one must be freed, but a reader in another thread or
    process may see half a page. `serve` does this: its server reads files on
    the thread that builds, never during a write, and its search indexer, which
    may read a page while it is written, runs again after every build (indexer.py).
    """
    for path, data in sorted(pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not whole and target.is_file():
            with about(target), target.open("r+b") as file:
                file.write(data)
                file.truncate()
        else:
            _replace(target, data)
        _normalise_file_time(target, out)
    for path in sorted(removed):
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out / path, out)


def _replace(target: Path, data: bytes) -> None:
    """Write `target` whole: a new file beside it (made new, never through a link), renamed over it."""
    import tempfile

    descriptor, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with about(target), os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _normalise_file_time(path: Path, out: Path) -> None:
    stamp = source_date_epoch()
    if stamp is None:
        return
    while path != out:
        os.utime(path, (stamp, stamp))
        path = path.parent
    os.utime(out, (stamp, stamp))


def _remove_empty_parents(path: Path, out: Path) -> None:
    folder = path.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
