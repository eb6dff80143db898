"""The one cache interface that rendering knows: reuse a result made from the same objects.

Rendering is a pure function of the model. A builder that renders the same site
again and again (build/incremental.py) may hand it a `Reuse` that remembers
results from one build to the next (build/memo.py); everyone else gets
`NO_REUSE`, which makes every result afresh. Only two modules call it:
pages.py (page specs) and pieces.py (list items and the per-object parts of
the data files); tests/test_layers.py keeps it so.

`obj` is the model object a result is made from (frozen, and kept from build to
build while its file is unchanged, so its identity stands for its content),
`name` says which result of that object, and `key` everything else it was made
from: the result is reused only while the key stays the same, its model objects
the very same objects (an equal claim may be of an article with a new title) and
its plain values equal.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Reuse(Protocol):
    def last(self, obj: object, name: str, key: object, make: Callable[[], T]) -> T:
        """`make()`, or its last result for `obj` and `name` if that was made with an equal `key`."""
        ...

    def get(self, obj: object, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or what it returned when last asked with the same object and key."""
        ...


class NoReuse:
    """The default: every result is made afresh."""

    def last(self, obj: object, name: str, key: object, make: Callable[[], T]) -> T:
        return make()

    def get(self, obj: object, key: Hashable, make: Callable[[], T]) -> T:
        return make()


NO_REUSE: Reuse = NoReuse()


class Same:
    """An object in a key, compared by identity: cheap to hash, and held, so its id stays its own."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj
