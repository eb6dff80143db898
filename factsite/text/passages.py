"""Find a quoted passage in an article's text.

A passage is a W3C TextQuoteSelector: the exact quote, with optional prefix and
suffix to tell repeated quotes apart. Matching forgives what a reader cannot
see (`textnorm` lists it) and nothing else, and a quote starts and ends on
whole words: `fell 30 percent` is not in `fell 30 percentage points`. The
prefix and suffix are context, not quotes: they may start or end mid-word.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..model import Anchor, Block
from .textnorm import Normalised, inside_word, normalise, word_around

__all__ = ["Cut", "Normalised", "context", "cuts", "find", "normalise"]


@dataclass(frozen=True)
class Cut:
    """An occurrence of a quote that starts or ends inside a word of the article."""

    anchor: Anchor
    edge: str  # "starts" or "ends"
    word: str  # the article's word it cuts, as the article writes it


def _squash(text: str | None) -> str:
    return normalise(text).text if text else ""


def find(
    blocks: Sequence[Block], quote: str, prefix: str | None = None, suffix: str | None = None
) -> list[Anchor]:
    """Every place where the quote, as whole words (with its prefix and suffix, if given), occurs.

    Anchors are offsets into the block's original text, so that a highlight
    covers the article's own characters.
    """
    before, after = _squash(prefix), _squash(suffix)
    found = []
    for block, norm, start, end in _occurrences(blocks, quote):
        if _cut(block, norm, start, end) is None and _in_context(norm.text, start, end, before, after):
            found.append(Anchor(block.index, *norm.span(start, end)))
    return found


def cuts(blocks: Sequence[Block], quote: str) -> list[Cut]:
    """The occurrences of the quote that are not whole words: each with the word it cuts."""
    return [cut for found in _occurrences(blocks, quote) if (cut := _cut(*found)) is not None]


def _occurrences(blocks: Sequence[Block], quote: str) -> Iterator[tuple[Block, Normalised, int, int]]:
    """Each (block, its normalised text, start, end) where the normalised quote occurs."""
    want = _squash(quote)
    if not want:
        return
    for block in blocks:
        norm = normalise(block.text)
        start = norm.text.find(want)
        while start != -1:
            yield block, norm, start, start + len(want)
            start = norm.text.find(want, start + 1)


def _in_context(text: str, start: int, end: int, before: str, after: str) -> bool:
    """Whether `before` ends just before text[start:end] and `after` starts just after it."""
    start -= start > 0 and text[start - 1] == " "
    end += text[end : end + 1] == " "
    return text.endswith(before, 0, start) and text.startswith(after, end)


def _cut(block: Block, norm: Normalised, start: int, end: int) -> Cut | None:
    for edge, at in (("starts", start), ("ends", end)):
        if inside_word(block.text, norm, at):
            return Cut(Anchor(block.index, *norm.span(start, end)), edge, word_around(block.text, norm, at))
    return None


def context(block: Block, anchor: Anchor, width: int = 40) -> tuple[str, str]:
    """Up to `width` characters of text before and after an anchor, cut at word boundaries."""
    before = block.text[max(0, anchor.start - width) : anchor.start]
    after = block.text[anchor.end : anchor.end + width]
    if anchor.start > width and " " in before:
        before = before[before.index(" ") + 1 :]
    if anchor.end + width < len(block.text) and " " in after:
        after = after[: after.rindex(" ")]
    return before, after
