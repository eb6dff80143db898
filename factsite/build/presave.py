"""Save the content part of the build state (state.py) in a second process while this one writes the
site: pickling it (tens of megabytes) took as long as writing the site after a one-claim edit.

The content is final once the pages are rendered: its files' results (loadcache.py) and the pieces
rendered from them (memo.py). Only the marks of the plan (memo.py `pieces`) depend on the site the
build writes, which is not written yet; so they are saved with a token, the id of the site that the
build is writing. They are used only with a saved builder that wrote that very site (state.py); a
build that fails or is killed while writing leaves a builder that did not, and its content's marks
are then dropped when read back, or, if the build saves its state, written again from the last plan
written. The saved state's "nothing changed" file is removed before the second process starts, so a
build killed meanwhile is never taken for complete.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Article, Claim, Claimant, Config, Page, Status, Topic
from ..render.spec import PageSpec
from .beside import beside
from .parts import InParts, Whole, chunked

if TYPE_CHECKING:  # not imported by a build with nothing to do (state.py)
    from .incremental import Builder
    from .loadcache import ContentCache
    from .memo import Memo

Content = tuple["ContentCache", "Memo", tuple[object, ...], str | None]  # (cache, pieces, made for, token)

# The objects the memo's entries are kept by (incremental.Builder._memo's live objects) that the
# loaded content holds too: read back as one object, so that the memo finds its pieces by them.
SHARED = frozenset({Article, Claim, Claimant, Page, Config, Status, Topic})
PART = 500  # entries of the content, or of the memo, pickled together (parts.py)


def content(builder: Builder, plan: Iterable[PageSpec], token: str | None) -> InParts | None:
    """What content.pickle holds, in parts (parts.py): the loaded content, the memo's pieces with
    the marks of `plan`, what the memo was made for, and `token`, the id of the site written from
    `plan`; read back as a `Content`. None before any content is loaded."""
    cache = builder.loaded_cache()
    if cache is None:
        return None
    pieces = (("pieces", part) for part in chunked(builder.memo.saved(plan), PART))
    results = (("results", part) for part in chunked(cache.entries.items(), PART))
    head = ContentHead(cache.root, builder.memo_of, token)
    return InParts(head, itertools.chain(pieces, results), lambda obj: obj.__class__ in SHARED)


@dataclass(frozen=True)
class ContentHead(Whole):
    """The first part of content.pickle: what the content is for; its parts follow (`content`)."""

    root: Path
    made_for: tuple[object, ...]
    token: str | None

    def assemble(self, parts: Iterator[object]) -> Content:
        """The content, from its parts: ("pieces", [(object, pieces)…]) and ("results", [(key,
        result)…]). Raises ValueError on a part of another shape."""
        from .loadcache import ContentCache
        from .memo import Memo

        entries: dict[Hashable, Any] = {}
        pieces: list[tuple[object, dict[Hashable, object]]] = []
        for part in parts:
            kind, items = part if isinstance(part, tuple) and len(part) == 2 else (None, None)
            if kind == "pieces" and isinstance(items, list):
                pieces += items
            elif kind == "results" and isinstance(items, list):
                entries.update(items)
            else:
                raise ValueError("content.pickle holds a part of another shape")
        return ContentCache.of(self.root, entries), Memo.of(pieces), self.made_for, self.token


class ContentBeside:
    """The builder's `on_rendered`: starts writing the content in a forked child (beside.py)."""

    def __init__(self, builder: Builder, clear: Callable[[], None], write: Callable[[InParts], None]) -> None:
        """`clear` removes the saved "nothing changed" file; `write` saves a content value."""
        self.builder, self.clear, self.write = builder, clear, write
        self.token: str | None = None
        self.answer: Callable[[], bool] | None = None

    def __call__(self, plan: Mapping[str, PageSpec]) -> None:
        if self.answer is not None or self.builder.loaded_cache() is None:
            return
        try:
            self.clear()
        except OSError:
            return  # the state is saved at the end as ever, or the failure is reported then
        token = self.token = self.builder.build_id()
        self.answer = beside(lambda: self._write(plan.values(), token))

    def _write(self, plan: Iterable[PageSpec], token: str) -> bool:
        value = content(self.builder, plan, token)
        if value is not None:
            self.write(value)
        return value is not None

    def wait(self) -> str | None:
        """The token of the content the child saved, once it is done; None if it saved none."""
        answer, self.answer = self.answer, None
        return self.token if answer is not None and answer() else None
