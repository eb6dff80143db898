"""The one error type for content problems, and the exception that carries many."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in one content file, at a line and column (both 1-based).

    Its path, message and hint never hold an unprintable character (a line
    break, a control character, a bidirectional override): each is written as
    its escape (`printable`), so that a value quoted from content cannot break
    the line it is on, nor rearrange the terminal's text. Messages quote values
    as the file writes them (`Document.written`); this is the guard behind that.
    """

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        for name in ("path", "message", "hint"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class ContentErrors(Exception):
    """Raised once, after every file has been read, with all the problems found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__(f"{len(self.errors)} content error(s)")

    def __reduce__(self) -> tuple[type[ContentErrors], tuple[tuple[ContentError, ...]]]:
        """Pickled with its errors: a worker process sends them to the build (build/pool.py)."""
        return (ContentErrors, (self.errors,))


class UsageError(Exception):
    """A problem with how the command was called, not with the content."""


def printable(text: str) -> str:
    """`text` for a message: each unprintable character written as its Python escape (`\\n`, `\\u202e`)."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def printable_lines(text: str) -> str:
    """`text` with its lines kept and every other unprintable character escaped (`printable`)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def display_path(path: Path, root: Path) -> str:
    """The path as a user would type it from the site's root folder: its part below `root`, with
    forward slashes ("." for `root` itself), or else the path as given.

    Worked out on the strings that `os.path.abspath` gives, which are normalised as `Path` would
    have them: a load asks it of every file, and `Path.relative_to` took ten times as long."""
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    if absolute == base:
        return "."
    below = base if base.endswith(os.sep) else base + os.sep
    if os.sep != "/" or not absolute.startswith(below):
        return _display_path(absolute, base, path)
    return absolute[len(below) :]


def _display_path(absolute: str, base: str, path: Path) -> str:
    try:
        return Path(absolute).relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
