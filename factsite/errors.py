"""The one error type for content problems, and the exception that carries many."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    """A problem in one content file, at a line and column (both 1-based)."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class ContentErrors(Exception):
    """Raised once, after every file has been read, with all the problems found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = tuple(sorted(set(errors)))
        super().__init__(f"{len(self.errors)} content error(s)")


class UsageError(Exception):
    """A problem with how the command was called, not with the content."""


def display_path(path: Path, root: Path) -> str:
    """The path as a user would type it from the site's root folder."""
    absolute, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
