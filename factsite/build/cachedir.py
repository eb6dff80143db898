"""A folder of the build state, ROOT/.factsite-cache/<name>/, used without ever following a link.

The site's folder may come from an untrusted pull request, and its cache with
it: a link committed there could turn a write of the state into a write over
any file the user may write. So both folders are opened with O_NOFOLLOW, and
every file is opened relative to its folder's descriptor (dir_fd), with
O_NOFOLLOW as well. A link inside the cache is removed, never followed. A file
is written under a new name made with O_EXCL, then renamed over the old one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

CACHE = ".factsite-cache"
FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
PARTIAL = ".partial"


class CacheUnusable(Exception):
    """The cache cannot be used; the message says why, in a few words."""


class CacheFolder:
    """One folder of the cache, held open by its descriptor. Use `open`, then `close` (or `with`)."""

    def __init__(self, descriptor: int, path: Path) -> None:
        self.descriptor, self.path = descriptor, path

    @classmethod
    def open(cls, root: Path, name: str, create: bool) -> CacheFolder | None:
        """The folder ROOT/.factsite-cache/`name`, made if `create`; None when it does not exist.

        Raises CacheUnusable when .factsite-cache is a link or not a folder, or may not be opened.
        A link or a file in place of `name` is removed (and a folder made if `create`).
        """
        with _descriptor(os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)) as top:
            cache = _folder(top, CACHE, create, f"{root / CACHE}")
        if cache is None:
            return None
        with _descriptor(cache) as held:
            if create:
                _sweep(held, lambda entry: entry.is_symlink())
            inner = _folder(held, name, create, f"{root / CACHE / name}", inside=True)
        if inner is None:
            return None
        folder = cls(inner, root / CACHE / name)
        if create:
            _sweep(inner, _not_ours)
        return folder

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it is missing, a link (then removed) or not a plain file."""
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            descriptor = os.open(name, flags, dir_fd=self.descriptor)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise CacheUnusable(f"{self.path / name} cannot be read ({exc.strerror})") from exc
            self.remove(name)
            return None
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # a folder, a FIFO, a device: never read
            os.close(descriptor)
            return None
        with open(descriptor, "rb") as file:
            return file.read()

    def write(self, name: str, data: bytes | Callable[[BinaryIO], object]) -> None:
        """Write the file whole: a new file of its own, renamed over the old one. Raises OSError.

        `data` is the bytes, or what writes them into the open file (as it makes them: a state of
        many megabytes is never held whole in memory, state.py)."""
        partial = f".{name}.{os.urandom(8).hex()}{PARTIAL}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(partial, flags, 0o600, dir_fd=self.descriptor)
        try:
            with open(descriptor, "wb") as file:
                if callable(data):
                    data(file)
                else:
                    file.write(data)
            os.replace(partial, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)
        except BaseException:
            self.remove(partial)
            raise

    def remove(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name, dir_fd=self.descriptor)

    def close(self) -> None:
        os.close(self.descriptor)

    def __enter__(self) -> CacheFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def _descriptor(descriptor: int) -> Iterator[int]:
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _folder(parent: int, name: str, create: bool, shown: str, inside: bool = False) -> int | None:
    """A descriptor of the folder `name` in `parent`, opened without following a link."""
    try:
        return os.open(name, FOLDER, dir_fd=parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        if not inside or exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise CacheUnusable(_why(shown, exc)) from exc
        os.unlink(name, dir_fd=parent)  # a link or a file in the cache's own place: removed
    if not create:
        return None
    os.mkdir(name, dir_fd=parent)
    return os.open(name, FOLDER, dir_fd=parent)


def _why(shown: str, exc: OSError) -> str:
    if exc.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(shown):  # O_DIRECTORY gives ENOTDIR
        return f"{shown} is a symbolic link, which the build never follows"
    if exc.errno == errno.ENOTDIR:
        return f"{shown} is not a folder"
    return f"{shown} cannot be opened ({exc.strerror})"


def _not_ours(entry: os.DirEntry[str]) -> bool:
    """Whether an entry of a state folder is none that a build writes there: a link, a stale partial
    file, or a folder (a build writes only files: one committed in place of a state file would
    keep the state from ever being saved)."""
    return entry.is_symlink() or entry.name.endswith(PARTIAL) or entry.is_dir(follow_symlinks=False)


def _sweep(descriptor: int, doomed: Callable[[os.DirEntry[str]], bool]) -> None:
    """Remove the entries of the folder for which `doomed(entry)` holds; a folder with all it holds,
    never following a link (shutil.rmtree by descriptor)."""
    import shutil

    with os.scandir(descriptor) as entries:
        found = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries if doomed(entry)]
    for name, folder in found:
        with contextlib.suppress(OSError):
            if folder:
                shutil.rmtree(name, dir_fd=descriptor)
            else:
                os.unlink(name, dir_fd=descriptor)
