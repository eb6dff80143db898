"""Remembered results of pure functions of model objects, kept from one build to the next.

List pages show thousands of claims, and each claim's list item, each article's
card and each article's coverage come out the same on every build until the
claim or article they show changes. `Memo` keeps them, so a rebuild redoes only
the pieces of what changed; tests/test_incremental.py checks that the pages
stay byte-identical to a clean build. `Memo` is the builder's `Reuse`
(render/reuse.py): page specs (render/pages.py), runs of list items and the
per-object parts of the data files (render/pieces.py) are kept with `last`,
one result per object and name, made again when what it was made from changes.
The builder also keeps each page's inputs (deps.py) and each article's
conflicts (check/conflicts.py) here.

Model objects are frozen, and loadcache.py keeps an unchanged file's object
from one build to the next, so an object's identity stands for its content.
Entries are found by `id(obj)`: hashing a frozen dataclass would walk all its
fields on every lookup. Each entry holds its object, so the id cannot be reused
while the entry lives; `keep_only` drops the entries of objects a build no
longer has. A memo belongs to one configuration and one set of templates: the
builder starts a new one when either changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Results by (object, what was asked of it): `memo.get(claim, ("item", folder), make)`."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[object, dict[Hashable, object]]] = {}

    def last(self, obj: object, name: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, or its last result for `obj` and `name` if that was made with an equal `key`.

        Only the latest result is kept, and keys are compared, not hashed: a key
        may be a long tuple of model objects, which compare by identity first.
        """
        results = self._results(obj)
        found = results.get(name)
        if isinstance(found, Last) and found.key == key:
            return found.value  # type: ignore[return-value]
        value = make()
        results[name] = Last(key, value)
        return value

    def get(self, obj: object, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or what it returned when last asked with the same object and key."""
        results = self._results(obj)
        if key in results:
            return results[key]  # type: ignore[return-value]
        value = make()
        results[key] = value
        return value

    def _results(self, obj: object) -> dict[Hashable, object]:
        entry = self._entries.get(id(obj))
        if entry is None or entry[0] is not obj:
            entry = (obj, {})
            self._entries[id(obj)] = entry
        return entry[1]

    def keep_only(self, objects: Iterable[object]) -> None:
        """Forget the results of every object not among `objects` (those of the current site).

        Results of those objects stay too, since they may be asked about in turn
        (an article's coverage is remembered by its article, its rendered rows by the coverage).
        """
        live = {id(obj) for obj in objects}
        kept = {k: entry for k, entry in self._entries.items() if k in live}
        values = (
            v.value if isinstance(v, Last) else v for _, results in kept.values() for v in results.values()
        )
        derived = {id(value) for value in values}
        kept.update((k, entry) for k, entry in self._entries.items() if k in derived)
        self._entries = kept

    def __len__(self) -> int:
        return len(self._entries)


class Last:
    """The latest result of `Memo.last` and the key it was made with."""

    __slots__ = ("key", "value")

    def __init__(self, key: object, value: object) -> None:
        self.key, self.value = key, value
