"""The seam through which a caller may reuse per-file results from one load to the next.

`content.load_site` is the one loader: `check`, `coverage`, `new`, `build` and
`serve` all call it. It reads each file's bytes once, digests them (BLAKE2b,
16 bytes) and asks a `FileResults` for that file's result: what it parsed and
checked, and the errors it found. The key is the file's path and digest, with
the digests of what else the result depends on (a claim: its article, the
articles its evidence quotes, its claimant, site.toml). Never mtime, inode or
object identity. The default, `NO_RESULTS`, keeps nothing; build/loadcache.py
keeps the results between builds, and gives back the same object for the same
key, so that an unchanged file keeps its object (build/memo.py relies on it).
The cross-file assembly and checks run on every load, whatever the seam holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from .loader import Loader

T = TypeVar("T")


class FileResults(Protocol):
    """Per-file results kept between loads: `get(key, make)` is `make()`, or what it gave for that key."""

    keeps: bool  # whether results are kept at all: if not, keys need not be worked out

    def digest(self, shown: str) -> bytes | None:
        """The digest (`digest_of`) of the file at `shown` (as `display_path` gives it), if already
        known; None to have it read and digested."""

    def digests(self, shown: tuple[str, ...]) -> tuple[bytes | None, ...]:
        """`digest` of each file of `shown`, in order."""

    def listing(self, shown: str) -> Hashable | None:
        """What a folder's listing depends on (its entries, its parent's), if known; None to list it."""

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or the value it gave before for an equal `key` (then the same object)."""

    def kept(self, name: str, depends: Callable[[str], bool], make: Callable[[], T]) -> T:
        """`make()`, or what it gave under `name` in the last load, when the seam knows which files
        changed since (a watcher said so, build/loadcache.py) and `depends(path)` is false for each
        (path as shown): the result may read no other file that changed."""


class NoResults:
    """Keeps nothing: every file is read, digested and checked on every load."""

    keeps = False

    def digest(self, shown: str) -> bytes | None:
        return None

    def digests(self, shown: tuple[str, ...]) -> tuple[bytes | None, ...]:
        return (None,) * len(shown)

    def listing(self, shown: str) -> Hashable | None:
        return None

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        return make()

    def kept(self, name: str, depends: Callable[[str], bool], make: Callable[[], T]) -> T:
        return make()


NO_RESULTS = NoResults()


def digest_of(data: bytes) -> bytes:
    """The BLAKE2b digest (16 bytes) of `data`: what scan.py records for a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).digest()


def token(*parts: str | bytes | None) -> bytes:
    """One digest for many names or digests, in order: a short part of a key that stands for them all."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = b"\xff" if part is None else part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(4, "big") + data)
    return hashed.digest()


class Moved(Exception):
    """A file's bytes no longer have the digest given for them: it changed since it was scanned."""

    def __init__(self, data: bytes) -> None:
        super().__init__("changed since scanned")
        self.data = data


def with_digest(results: FileResults, path: Path, shown: str, step: Callable[[bytes, bytes | None], T]) -> T:
    """`step(digest, data)` for the file at `path`: its bytes are read here only when the seam does
    not know their digest, else by `read_checked` when a result must be made. A file that changed
    since it was scanned is taken as it is now: its result is keyed by the digest of what was read."""
    known = results.digest(shown)
    data = None
    if known is None:
        data = path.read_bytes()
        known = digest_of(data)
    try:
        return step(known, data)
    except Moved as moved:
        return step(digest_of(moved.data), moved.data)


def read_checked(path: Path, digest: bytes, data: bytes | None) -> bytes:
    """`data`, or the file's bytes; raises `Moved` if they are not those `digest` was made of."""
    if data is not None:
        return data
    data = path.read_bytes()
    if digest_of(data) != digest:
        raise Moved(data)
    return data


def remembered(loader: Loader, results: FileResults, key: Hashable, make: Callable[[Loader], T]) -> T:
    """`make(loader)` through the seam: its value, with the errors it reported added to `loader`'s."""

    def run() -> tuple[T, tuple[object, ...]]:
        sub = loader.child()
        value = make(sub)
        return value, tuple(sub.errors)

    value, errors = results.get(key, run)
    loader.errors += errors  # type: ignore[arg-type]
    return value


def file_result(
    loader: Loader,
    results: FileResults,
    path: Path,
    shown: str,
    context: Hashable,
    make: Callable[[Loader, Path], T],
) -> tuple[T, bytes]:
    """`make(loader, path)` for one file through the seam, keyed by its path, its digest and `context`
    (the digests of what else it reads); its value and its digest."""

    def step(digest: bytes, data: bytes | None) -> tuple[T, bytes]:
        def made(sub: Loader) -> T:
            sub.given[path] = read_checked(path, digest, data)
            return make(sub, path)

        return remembered(loader, results, (shown, digest, context), made), digest

    return with_digest(results, path, shown, step)


@dataclass(frozen=True)
class Files:
    """The files of a folder, and each one's path as shown (`display_path`); iterates as pairs."""

    paths: tuple[Path, ...]
    shown: tuple[str, ...]

    def __iter__(self) -> Iterator[tuple[Path, str]]:
        return zip(self.paths, self.shown, strict=True)


def listed(
    loader: Loader, results: FileResults, folder: Path, suffix: str, shown: str | None = None
) -> Files:
    """`loader.files(folder, suffix)` through the seam, each file with its path as shown; `shown` is the
    folder's, if known."""
    shown = loader.shown(folder) if shown is None else shown
    listing = results.listing(shown)

    def make(sub: Loader) -> Files:
        paths = tuple(sub.files(folder, suffix))
        return Files(paths, tuple(sub.shown(p) for p in paths))

    if listing is None:
        return make(loader)
    return remembered(loader, results, ("folder", shown, suffix, listing), make)


@dataclass(frozen=True)
class Bundle:
    """A result made of other results of the seam (`parts`, by key): a seam that drops the results
    no load asked for keeps a bundle's parts with it."""

    value: Any
    parts: tuple[tuple[Hashable, Any], ...]


class Recording:
    """A seam that notes the results it gives, for a `Bundle`."""

    keeps = True

    def __init__(self, results: FileResults) -> None:
        self.results = results
        self.parts: list[tuple[Hashable, Any]] = []

    def digest(self, shown: str) -> bytes | None:
        return self.results.digest(shown)

    def digests(self, shown: tuple[str, ...]) -> tuple[bytes | None, ...]:
        return self.results.digests(shown)

    def listing(self, shown: str) -> Hashable | None:
        return self.results.listing(shown)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        value = self.results.get(key, make)
        self.parts.append((key, value))
        return value

    def kept(self, name: str, depends: Callable[[str], bool], make: Callable[[], T]) -> T:
        return make()  # what a bundle is made of is asked for, so that it is noted


def bundled(results: FileResults, key: Hashable, make: Callable[[FileResults], T]) -> T:
    """`make(seam)` kept under `key` as one `Bundle` of the results it asked `seam` for."""

    def run() -> Bundle:
        recording = Recording(results)
        return Bundle(make(recording), tuple(recording.parts))

    value: T = results.get(key, run).value
    return value
