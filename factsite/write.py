"""Write a rendered site to disk: the only module that writes.

The new site is written to a temporary folder beside the target and swapped in
only when complete, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import UsageError
from .failures import about

MARKER = ".factsite-build"
MARKER_TEXT = "This folder is written by build.py; it is replaced on every build.\n"
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
    pages: Mapping[str, bytes],
    static: Path | None,
    out: Path,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Write the site; `finish`, if given, runs on the complete staging folder before the swap."""
    out = out.resolve()
    _refuse_foreign_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)
    try:
        if static is not None and static.is_dir():
            shutil.copytree(static, staging / "static", dirs_exist_ok=True)
        for path, data in sorted(pages.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with about(target):
                target.write_bytes(data)
        with about(staging / MARKER):
            (staging / MARKER).write_text(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        _normalise_times(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_out(out: Path, root: Path, inputs: Iterable[Path]) -> None:
    """Raise UsageError, before anything is written, when `out` cannot hold a built site.

    The site is swapped in whole, replacing the folder: so `out` may not be
    the site's folder or hold it, nor be inside or hold one of the `inputs`
    (content/, templates/, static/, site.toml, the build state, the tool's own code), nor be a
    file or a link that leads nowhere.
    """
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


def _refuse_foreign_folder(out: Path) -> None:
    """Never replace a folder that a previous build did not write."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(
            f"{out} exists and was not written by build.py; choose another --out folder or remove it yourself"
        )


def _normalise_times(folder: Path) -> None:
    """Give every file the same mtime, from SOURCE_DATE_EPOCH when set, for reproducible archives."""
    stamp = source_date_epoch()
    if stamp is None:
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (stamp, stamp))


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    try:
        staging.rename(out)
    except BaseException:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


class Undo:
    """What a build changed in a site in place, to put back if the build fails (`undoable`).

    Before a file is replaced or deleted, its current file is hard-linked into
    a folder beside the site, which costs one directory entry; a new file is
    noted, to be deleted. The cost follows the number of files changed, not the
    size of the site.
    """

    def __init__(self, out: Path, folder: Path) -> None:
        self.out, self.folder = out, folder
        self.kept: list[tuple[Path, Path]] = []  # (file of the site, its old version in `folder`)
        self.new: list[Path] = []
        self.seen: set[Path] = set()

    def keep(self, target: Path) -> None:
        """Call before `target` (a file of the site) is replaced or deleted."""
        if target in self.seen:
            return
        self.seen.add(target)
        if target.is_file():
            old = self.folder / str(len(self.kept))
            _link(str(target), old)
            self.kept.append((target, old))
        elif not target.exists():
            self.new.append(target)

    def put_back(self) -> None:
        """Delete the new files and put the old ones back, each the very file it was."""
        for target in reversed(self.new):
            target.unlink(missing_ok=True)
            _remove_empty_parents(target, self.out)
        for target, old in reversed(self.kept):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, target)


@contextmanager
def undoable(out: Path) -> Iterator[Undo]:
    """Change the site in `out` in place (update_site with the Undo given): if the block fails or
    is interrupted, every change is undone and the site is left as it was, file for file."""
    undo = Undo(out, Path(tempfile.mkdtemp(prefix=f".{out.name}.undo.", dir=out.parent)))
    try:
        yield undo
    except BaseException:
        try:
            undo.put_back()
        except OSError:
            pass  # the old files stay in undo.folder; the next build, with no saved state, redoes all
        else:
            shutil.rmtree(undo.folder, ignore_errors=True)
        raise
    shutil.rmtree(undo.folder, ignore_errors=True)


NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def _link(source: str, target: Path) -> None:
    """A hard link, or a copy on a file system that has none."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in NO_LINKS:
            raise
        shutil.copy2(source, target)


def update_site(
    pages: Mapping[str, bytes],
    removed: Iterable[str],
    out: Path,
    whole: bool = True,
    undo: Undo | None = None,
) -> None:
    """Write some pages of an existing site in place and delete others.

    Each file is replaced whole (written beside it, then renamed), so a reader
    never sees half a page. Used by incremental builds; with `undo`, a failure
    puts back every file changed (see `undoable`).

    With `whole` false, existing files are overwritten instead: several times
    faster for big files, whose new copy needs new disk blocks and whose old
    one must be freed, but a reader in another thread or process may see half
    a page. `serve` does this: its server reads files on the thread that
    builds, never during a write, and its search indexer, which may read a page
    while it is written, runs again after every build (indexer.py).
    """
    for path, data in sorted(pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if undo is not None:
            undo.keep(target)
        if not whole and undo is None and target.is_file():  # an Undo keeps the old file: replace it
            with about(target), target.open("r+b") as file:
                file.write(data)
                file.truncate()
        else:
            _replace(target, data)
        _normalise_file_time(target, out)
    for path in sorted(removed):
        if undo is not None:
            undo.keep(out / path)
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out / path, out)


def _replace(target: Path, data: bytes) -> None:
    """Write `target` whole: a new file beside it, renamed over it, and nothing left if that fails."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with about(partial):
            partial.write_bytes(data)
        partial.chmod(0o644)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def copy_static(static: Path, names: Iterable[str], out: Path, undo: Undo | None = None) -> None:
    """Bring `out/static/` up to date for the named files of `static`, copying or deleting each."""
    pages = {}
    gone = []
    for name in names:
        source = static / name
        if source.is_file():
            pages[f"static/{name}"] = source.read_bytes()
        else:
            gone.append(f"static/{name}")
    update_site(pages, gone, out, undo=undo)


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
