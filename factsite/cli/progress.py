"""Progress of a long build on a terminal, and the one-line summary that ends it.

A build that runs longer than a second shows, on one line it rewrites in
place, the phase it is in and, while rendering, the pages done out of the
total. Nothing is shown when output is not a terminal (a log, CI, a pipe) or
with `--quiet`; the line is cleared before anything else is printed.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0  # seconds before the first progress line: quick builds show none
EVERY = 0.1  # seconds between redraws at most
_CLEAR = "\r\x1b[K"  # back to the line's start, and erase it


class Progress:
    """Reports `(phase, done, total)` on `stream` when it is a terminal; `clock` gives seconds."""

    def __init__(
        self, stream: TextIO, quiet: bool = False, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream, self.clock = stream, clock
        self.enabled = not quiet and _is_terminal(stream)
        self.started = clock()
        self.drawn = False
        self.last = float("-inf")

    def __call__(self, phase: str, done: int = 0, total: int = 0) -> None:
        """Note where the build is: `phase`, e.g. "rendering", and `done` of `total` (0: uncounted)."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY or (now - self.last < EVERY and done != total):
            return
        counted = f": {done:,} / {total:,} pages" if total else ""
        self.stream.write(f"{_CLEAR}{phase}{counted} ({now - self.started:.0f}s)")
        self.stream.flush()
        self.drawn, self.last = True, now

    def clear(self) -> None:
        """Erase the progress line, if one was drawn, so that the next output starts a clean line."""
        if self.drawn:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self.drawn = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def peak_memory() -> str:
    """The peak resident memory of this process and, when it ran any (Pagefind), of its largest
    child, e.g. "peak memory 212 MB, child processes 1.0 GB" (getrusage's ru_maxrss). Linux
    counts in a child the memory of its parent when it started, so that figure is never below
    this process's own at the time."""
    own = f"peak memory {_size(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}"
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return f"{own}, child processes {_size(child)}" if child else own


def _size(kilobytes: int) -> str:
    """ru_maxrss is in kilobytes on Linux, in bytes on macOS."""
    size = kilobytes * (1 if sys.platform == "darwin" else 1024)
    return f"{size / 2**30:.1f} GB" if size >= 2**30 else f"{size / 2**20:.0f} MB"
