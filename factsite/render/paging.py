"""Long lists split over numbered pages, as Hugo's, Zola's and Pelican's paginators do.

A list that grows with the archive (every claim, a rating's or a topic's claims,
a claimant's, every article, every claimant) shows at most `Config.page_size`
items a page. Its first page keeps the list's own address; the others follow at
`…/page/2/` and on (urls.paged). Every page links to the first, previous, next
and last pages and to a few around it (`Pager.window`), and names itself with
aria-current; each is its own canonical page, as search engines ask of
paginated series.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .. import urls

T = TypeVar("T")
AROUND = 2  # pages linked on each side of the current one, besides the first and the last


@dataclass(frozen=True)
class Pager:
    """Page `number` of `count` (from 1) of the list whose first page is the site path `first`."""

    first: str
    number: int
    count: int

    def path(self, number: int) -> str:
        """The site path of page `number` of the same list, e.g. 'topics/x/page/2/'."""
        return urls.paged(self.first, number)

    @property
    def here(self) -> str:
        return self.path(self.number)

    @property
    def previous(self) -> str | None:
        """The previous page's site path, or None on the first page."""
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """The next page's site path, or None on the last page."""
        return self.path(self.number + 1) if self.number < self.count else None

    @property
    def window(self) -> tuple[int | None, ...]:
        """The page numbers to link, in order, None where some are left out ('…'): the first, the
        last, and `AROUND` on each side of this one, e.g. (1, None, 5, 6, 7, 8, 9, None, 20)."""
        shown = {1, self.count, *range(self.number - AROUND, self.number + AROUND + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        found: list[int | None] = []
        for n in numbers:
            if found and n - (found[-1] or 0) == 2:
                found.append(n - 1)  # one page left out: link it rather than write '…'
            elif found and n - (found[-1] or 0) > 2:
                found.append(None)
            found.append(n)
        return tuple(found)


def split(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """`items` in pages of `size` (at least 1): always one page at least, empty for an empty list."""
    if size < 1:
        raise ValueError(f"a page holds at least one item, not {size}")
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)] or [()]


def pagers(first: str, count: int) -> list[Pager]:
    """The pagers of a list of `count` pages whose first page is at `first`."""
    return [Pager(first, n, count) for n in range(1, count + 1)]


class Once(Generic[T]):
    """A value that the pages of one list share, made by `make()` when the first of them is rendered:
    what a claimant's pages show of all its claims is worked out once, not once a page."""

    def __init__(self, make: Callable[[], T]) -> None:
        self.make = make

    @functools.cached_property
    def value(self) -> T:
        return self.make()
