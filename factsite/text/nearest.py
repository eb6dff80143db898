"""The passage of an article most like a quote that is not in it, found in bounded time.

Each paragraph is scanned once: a window the quote's length slides along it,
counting the pieces it shares with the quote (letter trigrams for a short
quote, pairs of words for a long one), so the scan is linear in the text. Only
the best window of the best paragraphs is compared closely, and only for a
short quote, letter by letter with difflib, at a few word edges either side.
The work is bounded whatever the input: about a second for a quote of 1 MB.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Block
from .textnorm import is_word, normalise

SHORT = 300  # quotes of at most this many characters are compared letter by letter
NEAR = 0.5  # how alike a passage must be to be offered as the one meant
EDGES = 3  # word edges tried either side of the best window, for a short quote
REFINED = 2  # paragraphs compared closely
TRIM = 4  # punctuation marks at most passed over at a word's edge


@dataclass(frozen=True)
class Near:
    """A passage like the quote: offsets into the block's normalised text, and how alike (0 to 1)."""

    block: Block
    start: int
    end: int
    likeness: float


@dataclass(frozen=True)
class _Probe:
    """What a paragraph is searched for: the quote's letter trigrams (short) or pairs of words (long)."""

    want: str
    short: bool
    size: int  # letters or words in a gram
    width: int  # grams in the quote
    wanted: Counter[str]

    @classmethod
    def of(cls, want: str) -> _Probe:
        short = len(want) <= SHORT
        items: Sequence[str] = want if short else want.split(" ")
        size = min(3 if short else 2, len(items))
        grams = _grams(items, size)
        return cls(want, short, size, len(grams), Counter(grams))


def closest(blocks: Sequence[Block], quote: str) -> Near | None:
    """The run of whole words in one block most like the quote, if at least `NEAR` alike.

    For a quote of at most `SHORT` characters the likeness is difflib's ratio;
    for a longer one, the Dice coefficient of the pairs of words the two have.
    """
    want = normalise(quote).text
    if not want:
        return None
    probe = _Probe.of(want)
    # A block shorter than a third of the quote cannot be half alike: 2·len(b) / (len(a) + len(b)) < 0.5.
    fitting = [b for b in blocks if 3 * len(normalise(b.text).text) >= len(want)]
    rough = sorted((_window(block, probe) for block in fitting), key=lambda near: -near.likeness)
    best = max(
        (_refined(near, probe) for near in rough[:REFINED]), key=lambda near: near.likeness, default=None
    )
    return best if best is not None and best.likeness >= NEAR else None


def _words(text: str) -> tuple[list[int], list[int]]:
    """The start and end offsets of each word (a run without spaces) of normalised text."""
    ends = list(itertools.accumulate(len(word) + 1 for word in text.split(" ")))
    return [0, *ends[:-1]], [end - 1 for end in ends]


def _window(block: Block, probe: _Probe) -> Near:
    """The window of whole words sharing the most grams with the quote, and their Dice coefficient."""
    text = normalise(block.text).text
    starts, ends = _words(text)
    if probe.short:
        grams = _grams(text, probe.size)
        start, shared = _slide(grams, probe.width, starts, probe.wanted)
        end = ends[min(bisect.bisect_left(ends, start + len(probe.want)), len(ends) - 1)]
    else:
        grams = _grams(text.split(" "), probe.size)
        first, shared = _slide(grams, probe.width, None, probe.wanted)
        start, end = starts[first], ends[min(first + probe.width + probe.size - 1, len(ends)) - 1]
    total = probe.width + min(probe.width, len(grams))
    return Near(block, start, end, 2 * shared / total if total else 0.0)


def _grams(items: Sequence[str], size: int) -> list[str]:
    """Every run of `size` consecutive items: letters of a string, or words of a list (joined)."""
    if isinstance(items, str):
        return [items[i : i + size] for i in range(len(items) - size + 1)]
    return [" ".join(items[i : i + size]) for i in range(len(items) - size + 1)]


def _slide(grams: list[str], width: int, starts: list[int] | None, wanted: Counter[str]) -> tuple[int, int]:
    """Of the windows of `width` grams beginning at one of `starts` (ascending, from 0; None: at
    any gram), the one
    sharing the most grams with `wanted` (counting repeats): its start, and how many it shares.

    Only grams the quote has are visited, each entering and leaving the window
    once; a best window may be taken to start just before one of them.
    """
    places = [i for i, gram in enumerate(grams) if gram in wanted]
    have: Counter[str] = Counter()
    best, most, shared, low, high, last = 0, 0, 0, 0, 0, -1
    for place in places:
        start = place if starts is None else starts[bisect.bisect_right(starts, place) - 1]
        if start == last:
            continue
        last = start
        while high < len(places) and places[high] < start + width:
            have[grams[places[high]]] += 1
            shared += have[grams[places[high]]] <= wanted[grams[places[high]]]
            high += 1
        while places[low] < start:
            shared -= have[grams[places[low]]] <= wanted[grams[places[low]]]
            have[grams[places[low]]] -= 1
            low += 1
        if shared > most:
            best, most = start, shared
    return best, most


def _refined(near: Near, probe: _Probe) -> Near:
    """The window's edges moved by up to `EDGES` words either way, to where the quote's first and
    last words line up best; for a short quote, its likeness is then difflib's ratio (one call)."""
    text = normalise(near.block.text).text
    start = _start(text, near.start, probe.want)
    end = _end(text, start, near.end, probe.want)
    likeness = near.likeness
    if probe.short:
        fits = end - start <= 3 * len(probe.want)
        matcher = difflib.SequenceMatcher(None, text[start:end], probe.want, autojunk=False)
        likeness = matcher.ratio() if fits else 0.0
    return Near(near.block, start, end, likeness)


def _start(text: str, near: int, want: str) -> int:
    """The word start near offset `near` where the quote's first words line up best."""
    first = want.split(" ", EDGES + 1)[: EDGES + 1]
    return max(
        _trimmed(text, _around(_words(text)[0], near), 1),
        key=lambda s: (
            *_lined_up(first, _after(text, s, len(first))),
            common(want, text[s : s + len(want)]),
            -abs(s - near),
        ),
    )


def _end(text: str, start: int, near: int, want: str) -> int:
    """The word end after `start`, near offset `near`, where the quote's last words line up best."""
    last = want.rsplit(" ", EDGES + 1)[-EDGES - 1 :][::-1]
    backwards = want[::-1]
    return max(
        (e for e in _trimmed(text, _around(_words(text)[1], near), -1) if e > start),
        key=lambda e: (
            *_lined_up(last, _before(text, e, len(last))),
            common(backwards, text[max(start, e - len(want)) : e][::-1]),
            -abs(e - near),
        ),
        default=near,
    )


def _trimmed(text: str, edges: list[int], step: int) -> list[int]:
    """Each word edge, and also the edge inside that word past its punctuation (a quote may start
    after `“` or end before `,”`), when the word has letters or digits after that punctuation."""
    out = []
    for edge in edges:
        out.append(edge)
        i = edge if step > 0 else edge - 1
        while 0 <= i < len(text) and abs(i - edge) < TRIM and text[i] != " " and not is_word(text[i]):
            i += step
        if 0 <= i < len(text) and i != (edge if step > 0 else edge - 1) and is_word(text[i]):
            out.append(i if step > 0 else i + 1)
    return out


def _after(text: str, i: int, n: int) -> list[str]:
    """Up to n words of normalised text from offset i."""
    words: list[str] = []
    while len(words) < n and i <= len(text):
        space = text.find(" ", i)
        words.append(text[i : len(text) if space < 0 else space])
        i = len(text) + 1 if space < 0 else space + 1
    return words


def _before(text: str, i: int, n: int) -> list[str]:
    """Up to n words of normalised text ending at offset i, the last first."""
    words: list[str] = []
    while len(words) < n and i >= 0:
        space = text.rfind(" ", 0, i)
        words.append(text[space + 1 : i])
        i = space
    return words


def _lined_up(quoted: list[str], written: list[str]) -> tuple[int, int]:
    """How many words the two have in common at the start, and how many in the same places."""
    return common(quoted, written), sum(x == y for x, y in zip(quoted, written, strict=False))


def common(a: Sequence[object], b: Sequence[object]) -> int:
    """How many items a and b have in common at the start; slices are compared in C, halving."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _around(edges: list[int], at: int) -> list[int]:
    """The `EDGES` word edges either side of offset `at`, and the one at it."""
    i = bisect.bisect_left(edges, at)
    return edges[max(0, i - EDGES) : i + EDGES + 1]
