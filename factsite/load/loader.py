"""Reading content/'s folders and files, and the names they may have: the loader content.py drives.

It gathers every error instead of stopping at the first, so that one run
reports them all. Every folder is listed by the one rule of entries.py; every
file name that becomes part of the site's addresses is a slug of at most
`SLUG_MAX` characters.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .. import urls
from ..errors import ContentError, display_path, printable
from . import entries
from .sources import decode

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 100  # characters: a name becomes a folder of the built site and part of page addresses


def is_slug(name: str) -> bool:
    """Whether `name` is a slug: lowercase letters and digits in words joined by single hyphens,
    at most `SLUG_MAX` characters.

    The whole name must match: a final line break is not let through.
    """
    return len(name) <= SLUG_MAX and SLUG.fullmatch(name) is not None


def name_problem(name: str, what: str) -> tuple[str, str] | None:
    """Why `name` cannot be a `what` ("name for this file", "claim id"): a message and a hint; or None."""
    if SLUG.fullmatch(name) is None:
        return f"{shown_name(name)} is not a valid {what}", SLUG_HINT
    if len(name) > SLUG_MAX:
        return (
            f"{shown_name(name)} is {len(name)} characters long; a {what} has at most {SLUG_MAX}",
            f"shorten it to {SLUG_MAX} characters at most: it becomes part of the page's address",
        )
    return None


SLUG_HINT = "use lowercase letters, digits and single hyphens, e.g. nypd-detainers-2019"


def shown_name(name: str, most: int = 60) -> str:
    """A name for a message: quoted, unprintable characters escaped, a long one cut short with '…'."""
    text = printable(name)
    return f"'{text if len(text) <= most else text[: most - 1] + '…'}'"


class Loader:
    """Collects errors while reading one site; `load_site` is the entry point."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = Path(os.path.realpath(root / "content"))
        self.errors: list[ContentError] = []
        self.given: dict[Path, bytes] = {}  # bytes already read, by path (results.py): read once
        self._article_files: set[str] | None = None

    def child(self) -> Loader:
        """A loader of the same site with no errors yet, for one result of results.py."""
        sub = Loader.__new__(Loader)
        sub.root, sub.content, sub.errors, sub.given = self.root, self.content, [], {}
        sub._article_files = self._article_files
        return sub

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def error(self, path: Path, message: str, hint: str = "", line: int = 1, col: int = 1) -> None:
        self.errors.append(ContentError(self.shown(path), line, col, message, hint))

    def files(self, folder: Path, suffix: str) -> list[Path]:
        """The files of `folder` ending in `suffix`; every other entry, but hidden ones, is an error.

        An entry is read only if it is a plain file, or a link to one inside
        content/ (entries.py): anything else is reported at its path, never skipped.
        """
        if not self.folder_ok(folder):
            return []
        found = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not self.entry_ok(path):
                continue
            if path.is_dir():
                self.error(
                    path,
                    f"a folder inside {self.shown(folder)}/ is not read",
                    f"move its files into {self.shown(folder)}/ itself, or the folder out of content/",
                )
            elif path.suffix == suffix:
                found.append(path)
            else:
                self.error(
                    path,
                    f"unexpected file: expected a '{suffix}' file here",
                    f"rename it to end in '{suffix}', or move it out of {self.shown(folder)}/",
                )
        return found

    def entry_ok(self, path: Path) -> bool:
        """Whether `path` may be read; if not, an error at it says why (a loop, a pipe…: entries.py)."""
        found = entries.problem(path, self.content)
        if found is not None:
            self.error(path, *found)
        return found is None

    def folder_ok(self, folder: Path) -> bool:
        """Whether `folder` can be listed: it exists and is a folder, or a link to one inside content/."""
        if not os.path.lexists(folder) or not self.entry_ok(folder):
            return False
        if not folder.is_dir():
            hint = f"move the file away and make {self.shown(folder)}/ a folder"
            self.error(folder, "this should be a folder", hint)
        return folder.is_dir()

    def read(self, path: Path) -> str | None:
        data = self.given.pop(path, None)
        text, errors = decode(self.shown(path), path.read_bytes() if data is None else data)
        self.errors += errors
        return text

    def article_files(self) -> set[str]:
        """The slugs of the entries of content/articles/, read once per load (whatever each entry is)."""
        if self._article_files is None:
            folder = self.content / "articles"
            names = os.listdir(folder) if self.articles_readable() else []
            self._article_files = {n[:-3] if n != ".md" else n for n in names if n.endswith(".md")}
        return self._article_files

    def articles_readable(self) -> bool:
        """Whether content/articles/ is a folder that may be listed (else its own error says why)."""
        return self.readable(self.content / "articles")

    def readable(self, folder: Path) -> bool:
        """Whether `folder` is a folder that may be listed: no error of its own (entries.py)."""
        return folder.is_dir() and entries.problem(folder, self.content) is None

    def check_slug(
        self, path: Path, slug: str, example: str = "nypd-detainers-2019", reserved: bool = False
    ) -> None:
        """An error unless the file's name is a slug; the hint offers one made from it, and `example`.
        With `reserved`, the name of the folder of a list's later pages (urls.PAGED) is refused too:
        an article or claimant named so would have its page among those of its list."""
        found = name_problem(slug, "name for this file")
        if found is None and reserved and slug == urls.PAGED:
            hint = f"rename the file, e.g. to {urls.PAGED}-1{path.suffix} or a name that says what it holds"
            message = f"'{slug}' is reserved: the later pages of a long list are at …/{slug}/2/"
            found = message, hint
        if found is None:
            return
        message, hint = found
        if hint == SLUG_HINT:
            made = slug_of(slug)
            rename = f"rename it to {made}{path.suffix}: " if made else ""
            hint = f"{rename}use lowercase letters, digits and single hyphens, e.g. {example}"
        self.error(path, message, hint)


def slug_of(name: str) -> str:
    """`name` as a slug where it has letters or digits ('Jane_Roe' -> 'jane-roe', 'José' -> 'jose'), or ""."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
