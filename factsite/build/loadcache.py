"""Keep per-file load results between builds: the `FileResults` of load/results.py for build and serve.

Loading is `load.content.load_site`'s alone; this module only remembers what it
made of each file, under the key it gives: the file's path and the digest of
its bytes, with the digests of what else the result was checked against. The
digests come from the scan that just ran (scan.py), so an unchanged file is
not read again. Listings of folders are remembered by the entries the scan
found. When the scan saw a link or a special file, the loader reads and lists
everything itself (the scan does not follow links), and results are still
kept by the digests of what it read.

The same key gives back the same object: an unchanged file keeps its `Article`
or `Claim` from one build to the next, which build/memo.py relies on. Results
that no load asks for are dropped now and then (`load`).

A build told by a watcher which files changed (serve.py) says so (`load`'s `changed`): a result
that reads none of them, such as a claim folder's when only another folder's claim changed, is
given back whole from the last load (`kept`), without working out the keys of its files: a
one-claim edit looks at one folder of 1,000. A build that scans looks at every file's key.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ContentErrors
from ..load.content import load_site
from ..load.results import Bundle
from ..model import Site
from . import loadsplit
from .scan import Tree

T = TypeVar("T")


class ContentCache:
    """The per-file results of one site's last load, and the scan they are looked up by."""

    keeps = True

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.entries: dict[Hashable, Any] = {}
        self.tree = Tree()
        self.limit = 0  # past this many results, the next load drops those it does not ask for
        self._used: dict[Hashable, Any] | None = None  # what this load asked for, when it is noted
        self.last: dict[str, Any] = {}  # the results `kept` gave in the last load, by name
        self._asked: dict[str, Any] = {}  # those of this load
        self._changed: Collection[str] | None = None  # the files changed since the last load, if known
        self._helper: loadsplit.Helper | None = None  # loading the later claim folders, if forked

    def __getstate__(self) -> dict[str, object]:
        return {"root": self.root, "entries": self.entries}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["root"])  # type: ignore[misc]
        self.entries = state["entries"]
        self.limit = 2 * len(self.entries)

    @classmethod
    def of(cls, root: Path, entries: dict[Hashable, Any]) -> ContentCache:
        """A cache of these results, as read back from the saved state (presave.py)."""
        cache = cls.__new__(cls)
        cache.__setstate__({"root": root, "entries": entries})
        return cache

    def load(self, tree: Tree, changed: Collection[str] | None = None, split: bool = False) -> Site:
        """The site as `load_site` gives it, for the inputs as `tree` scanned them (with their digests);
        raises `ContentErrors` as it does. `changed`, when a watcher knows them: the files (as shown)
        changed since the last load, which lets folders of claims be kept whole (`kept`). `split`:
        a forked helper may load half the claim folders, when there are many (loadsplit.py).

        A result no load asks for stays until the results number more than twice as many as after
        the last drop: then a load notes what it asks for and keeps only that, asking for all.
        """
        self.tree = tree
        self._used = {} if len(self.entries) > self.limit else None
        if self._used is None and not tree.links:
            self._changed = changed
        self._helper = loadsplit.start(self, tree) if split and changed is None and not tree.links else None
        try:
            with _uncollected():
                site = load_site(self.root, self)
        except ContentErrors:
            self._drop()
            raise
        else:
            self._drop()
            return site
        finally:
            if self._helper is not None:
                self._helper.close()
            self.tree, self._used, self._changed, self._helper = Tree(), None, None, None
            self.last, self._asked = self._asked, {}

    def _drop(self) -> None:
        """Keep only what this load asked for, with the parts of the bundles among them."""
        if self._used is None:
            return
        kept = self._used
        bundles = [v for v in kept.values() if isinstance(v, Bundle)]
        while bundles:
            for key, value in bundles.pop().parts:
                if key not in kept:
                    kept[key] = value
                    if isinstance(value, Bundle):
                        bundles.append(value)
        self.entries, self.limit = kept, 2 * len(kept) + 1000

    def digest(self, shown: str) -> bytes | None:
        return None if self.tree.links else self.tree.files.get(shown)

    def digests(self, shown: tuple[str, ...]) -> tuple[bytes | None, ...]:
        return (None,) * len(shown) if self.tree.links else tuple(map(self.tree.files.get, shown))

    def listing(self, shown: str) -> Hashable | None:
        """A folder's entries as scanned; for one that was not walked, whether its parent holds a
        file of that name, or nothing at all."""
        if self.tree.links:
            return None
        entries = self.tree.folders.get(shown)
        if entries is not None:
            return entries
        parent, _, name = shown.rpartition("/")
        return None, name in self.tree.folders.get(parent, ())

    def kept(self, name: str, depends: Callable[[str], bool], make: Callable[[], T]) -> T:
        """The last load's result under `name` while no file it `depends` on changed (see above);
        unknown changes (a scanning build's), or a load that drops results, make it again."""
        if self._helper is not None and self._helper.owns(name):
            for key, value in self._helper.take().items():  # its results, found by the same keys
                self.entries.setdefault(key, value)
        changed = self._changed
        if changed is not None and name in self.last and not any(map(depends, changed)):
            value = self.last[name]
        else:
            value = make()
        self._asked[name] = value
        return value  # type: ignore[no-any-return]

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        try:
            value = self.entries[key]
        except KeyError:
            value = self.entries[key] = make()
        if self._used is not None:
            self._used[key] = value
        return value  # type: ignore[no-any-return]


@contextmanager
def _uncollected() -> Iterator[None]:
    """No garbage collection in the block: a load makes the model, objects that live on, and the
    collector walked them again and again for nothing (12 % of a load of 1,000 x 10; the few
    cycles a load leaves, about 4 MB, are collected after it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
