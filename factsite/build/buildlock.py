"""One build of an output folder at a time: a lock (fcntl.flock) held from the first look at the saved
state to the swap, so that a second build waits, then finds the first one's work done.

The lock is a file beside the output (`.NAME.lock`; inside it, `.factsite-lock`, when the output is
a mount point), deleted when the build ends. It is opened without following a link: a link
planted in its place is removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import UsageError
from ..write.swap import place


@contextlib.contextmanager
def build_lock(out: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock of `out` inside the block; `say` is told once if another build holds it first."""
    path = place(out).lock
    descriptor = _acquire(path, lambda: say(f"waiting for another build of {out} to finish ({path})"))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while held: a build waiting on this file sees it gone, and starts again
        os.close(descriptor)


def _acquire(path: Path, waiting: Callable[[], None]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    told = False
    while True:
        descriptor = _open(path)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    waiting()
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            if _still_there(descriptor, path):
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)  # the build that held it deleted it: take the next one


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UsageError(
                f"{path} is a folder, where a build keeps its lock file; remove it (it is not the site's)"
            ) from exc
        if exc.errno != errno.ELOOP:
            raise
    os.unlink(path)
    return os.open(path, flags, 0o644)


def _still_there(descriptor: int, path: Path) -> bool:
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (found.st_dev, found.st_ino) == (held.st_dev, held.st_ino)
