"""Write a rendered site to disk: the only module that writes.

The new site is written to a temporary folder beside the target and swapped in
only when complete, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from .errors import UsageError

MARKER = ".factsite-build"


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
            target.write_bytes(data)
        (staging / MARKER).write_text("This folder is written by build.py; it is replaced on every build.\n")
        if finish is not None:
            finish(staging)
        _normalise_times(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _refuse_foreign_folder(out: Path) -> None:
    """Never replace a folder that a previous build did not write."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise UsageError(
            f"{out} exists and was not written by build.py; choose another --out folder or remove it yourself"
        )


def _normalise_times(folder: Path) -> None:
    """Give every file the same mtime, from SOURCE_DATE_EPOCH when set, for reproducible archives."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return
    stamp = int(epoch)
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (stamp, stamp))


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def update_site(pages: Mapping[str, bytes], removed: Iterable[str], out: Path, whole: bool = True) -> None:
    """Write some pages of an existing site in place and delete others.

    Each file is replaced whole (written beside it, then renamed), so a reader
    never sees half a page. Used by incremental builds; see incremental.py for
    how this keeps a failed build from leaving a mixed site behind.

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
        if not whole and target.is_file():
            with target.open("r+b") as file:
                file.write(data)
                file.truncate()
        else:
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(data)
            partial.chmod(0o644)
            os.replace(partial, target)
        _normalise_file_time(target, out)
    for path in sorted(removed):
        (out / path).unlink(missing_ok=True)
        _remove_empty_parents(out / path, out)


def copy_static(static: Path, names: Iterable[str], out: Path) -> None:
    """Bring `out/static/` up to date for the named files of `static`, copying or deleting each."""
    pages = {}
    gone = []
    for name in names:
        source = static / name
        if source.is_file():
            pages[f"static/{name}"] = source.read_bytes()
        else:
            gone.append(f"static/{name}")
    update_site(pages, gone, out)


def _normalise_file_time(path: Path, out: Path) -> None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return
    stamp = int(epoch)
    while path != out:
        os.utime(path, (stamp, stamp))
        path = path.parent
    os.utime(out, (stamp, stamp))


def _remove_empty_parents(path: Path, out: Path) -> None:
    folder = path.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
