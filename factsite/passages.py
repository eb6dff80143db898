"""Find a quoted passage in an article's text.

A passage is a W3C TextQuoteSelector: the exact quote, with optional prefix and
suffix to tell repeated quotes apart. Matching forgives differences in
whitespace and in typographic quotes and dashes, and nothing else.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Anchor, Block

_EQUIVALENT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


@dataclass(frozen=True)
class Normalised:
    """Text with forgiven differences removed, and a map back to the original offsets."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] is where text[i] came from; one extra entry for the end


@functools.lru_cache(maxsize=4096)  # each block is searched once per claim quoting it
def normalise(text: str) -> Normalised:
    chars: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text.translate(_EQUIVALENT)):
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        offsets.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return Normalised("".join(chars), tuple(offsets))


def _squash(text: str | None) -> str:
    return normalise(text).text if text else ""


def find(
    blocks: Sequence[Block], quote: str, prefix: str | None = None, suffix: str | None = None
) -> list[Anchor]:
    """Every place where the quote (with its prefix and suffix, if given) occurs."""
    want, before, after = _squash(quote), _squash(prefix), _squash(suffix)
    if not want:
        return []
    found = []
    for block in blocks:
        norm = normalise(block.text)
        start = norm.text.find(want)
        while start != -1:
            end = start + len(want)
            if norm.text[:start].rstrip().endswith(before.rstrip()) and norm.text[end:].lstrip().startswith(
                after.lstrip()
            ):
                found.append(Anchor(block.index, norm.offsets[start], norm.offsets[end - 1] + 1))
            start = norm.text.find(want, start + 1)
    return found


def closest(blocks: Sequence[Block], quote: str) -> tuple[str, float] | None:
    """The run of whole words in the article most like the quote, and how alike (0 to 1).

    Each block is aligned on its longest run in common with the quote; word
    boundaries a few words either side of that alignment are then tried.
    """
    want = _squash(quote)
    best: tuple[str, float] | None = None
    for block in blocks:
        text = normalise(block.text).text
        matcher = difflib.SequenceMatcher(None, want, text, autojunk=False)
        match = matcher.find_longest_match(0, len(want), 0, len(text))
        if match.size == 0:
            continue
        starts = _nearby_words(text, match.b - match.a, r"(?<!\S)\S")
        ends = _nearby_words(text, match.b - match.a + len(want), r"\S(?!\S)", 1)
        for start in starts:
            for end in (e for e in ends if e > start):
                matcher.set_seq2(text[start:end])
                if best is None or (matcher.quick_ratio() > best[1] and matcher.ratio() > best[1]):
                    best = (text[start:end], matcher.ratio())
    return best


def _nearby_words(text: str, near: int, pattern: str, shift: int = 0, spread: int = 4) -> list[int]:
    """Word starts (or ends) in `text` closest to offset `near`: `spread` on each side."""
    marks = [m.start() + shift for m in re.finditer(pattern, text)]
    marks.sort(key=lambda mark: abs(mark - near))
    return sorted(marks[: 2 * spread + 1])


def context(block: Block, anchor: Anchor, width: int = 40) -> tuple[str, str]:
    """Up to `width` characters of text before and after an anchor, cut at word boundaries."""
    before = block.text[max(0, anchor.start - width) : anchor.start]
    after = block.text[anchor.end : anchor.end + width]
    if anchor.start > width and " " in before:
        before = before[before.index(" ") + 1 :]
    if anchor.end + width < len(block.text) and " " in after:
        after = after[: after.rindex(" ")]
    return before, after
