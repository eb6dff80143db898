"""Text as a reader sees it: the differences matching forgives, with a map back to the original.

Two texts match when a reader cannot tell them apart. `normalise` removes
what a reader cannot see, and keeps for every character of the result the
span of original characters it came from, so that a match found in the
normalised text is marked on the article's own characters. Forgiven:

- canonical equivalence (Unicode NFD): `é` typed as one character or as `e` and
  a combining accent; also the order of stacked accents;
- characters that Unicode says are drawn as nothing (Default_Ignorable_Code_Point):
  soft hyphen, zero-width space, joiner and non-joiner, word joiner, byte order
  mark, variation selectors, direction marks and the like;
- kinds of whitespace and how much of it: any run of spaces, no-break spaces,
  tabs and line breaks is one space;
- what word processors substitute as one types: curly and straight quotes,
  dashes and hyphens, `…` and `...`, and the ligatures `ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ`.

Nothing else is: letters, case, accents, digits and punctuation must be the same.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass

import regex

_TYPED = {
    **dict.fromkeys("‘’‚‛′", "'"),
    **dict.fromkeys("“”„‟″", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    **{"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"},
}
_INVISIBLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# Whitespace as Python's str.isspace() has it (the separators \x1c-\x1f too), without the plain space.
SPACES = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Runs that may need changing: whitespace other than one plain space, and anything not ASCII.
_RUNS = regex.compile(rf"[{SPACES}][ {SPACES}]*| [ {SPACES}]+|[^\x00-\x7f]+")
_CHANGED = regex.compile(rf"\p{{Default_Ignorable_Code_Point}}|[{SPACES}]|  |[{''.join(_TYPED)}]")
_CLUSTER = regex.compile(r"\X")
_MARK = regex.compile(r"\p{M}")


@dataclass(frozen=True)
class Normalised:
    """Text with forgiven differences removed, and a map back to the original offsets.

    The map is a list of pieces: `at[k]` is where piece k starts in `text`, and
    `origin[k]` is (start, length in `text`, length in the original). A piece
    of equal lengths maps character by character; any other maps as a whole.
    """

    text: str
    at: tuple[int, ...]
    origin: tuple[tuple[int, int, int], ...]

    def start(self, i: int) -> int:
        """The original offset where `text[i]` begins (0 <= i < len(text))."""
        k = bisect.bisect_right(self.at, i) - 1
        begin, size, original = self.origin[k]
        return begin + (i - self.at[k] if size == original else 0)

    def end(self, i: int) -> int:
        """The original offset where `text[i - 1]` ends (0 < i <= len(text))."""
        k = bisect.bisect_right(self.at, i - 1) - 1
        begin, size, original = self.origin[k]
        return begin + (i - self.at[k] if size == original else original)

    def splits(self, i: int) -> bool:
        """Whether offset i falls inside what one original character became (`…` as `...`)."""
        k = bisect.bisect_right(self.at, i) - 1
        _, size, original = self.origin[k] if k >= 0 else (0, 0, 0)
        return size != original and self.at[k] < i < self.at[k] + size

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of `text[start:end]`, a non-empty range."""
        return self.start(start), self.end(end)


class _Builder:
    """Collects normalised text piece by piece, one space at most between words."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.at: list[int] = []
        self.begins: list[int] = []
        self.sizes: list[int] = []
        self.originals: list[int] = []
        self.size = 0
        self.last = " "  # as if a space came before: no space at the start
        self.follows = -1  # where the last piece ends in the original, if it maps letter by letter

    def add(self, text: str, begin: int, end: int) -> None:
        """Append `text`, which stands for the original characters begin..end."""
        if self.last == " " and text[:1] == " ":
            text, begin = text[1:], begin + (len(text) == end - begin)
        size = len(text)
        if not size:
            return
        if size == end - begin and self.follows == begin:
            self.sizes[-1] += size
            self.originals[-1] += size
        else:
            self.at.append(self.size)
            self.begins.append(begin)
            self.sizes.append(size)
            self.originals.append(end - begin)
        self.follows = end if size == end - begin else -1
        self.parts.append(text)
        self.size += size
        self.last = text[-1]

    def done(self) -> Normalised:
        text = "".join(self.parts)
        if text.endswith(" "):
            text = text[:-1]
            if self.sizes[-1] == 1:
                for pieces in (self.at, self.begins, self.sizes, self.originals):
                    pieces.pop()
            else:  # a run of plain text ending in a space, mapped character by character
                self.sizes[-1] -= 1
                self.originals[-1] -= 1
        origin = tuple(zip(self.begins, self.sizes, self.originals, strict=True))
        return Normalised(text, tuple(self.at), origin)


@functools.lru_cache(maxsize=4096)  # each block is searched once per claim quoting it
def normalise(text: str) -> Normalised:
    """`text` with every forgiven difference removed (see the module's docstring), and its map."""
    plain = not _RUNS.search(text) or (unicodedata.is_normalized("NFD", text) and not _CHANGED.search(text))
    if plain and text == text.strip(" "):
        return Normalised(text, (0,), ((0, len(text), len(text)),))
    out = _Builder()
    done = 0
    for run in _RUNS.finditer(text):
        if run.start() > done:
            out.add(text[done : run.start()], done, run.start())
        _add_run(out, run.group(), run.start())
        done = run.end()
    if done < len(text):
        out.add(text[done:], done, len(text))
    return out.done()


def _add_run(out: _Builder, run: str, offset: int) -> None:
    """Whitespace, or characters outside ASCII: one character (or, with combining marks, one grapheme
    cluster) at a time, with runs that keep their length added as one piece."""
    if len(run) == 1 or run.isspace():
        out.add(_seen(run) if len(run) == 1 else " ", offset, offset + len(run))
        return
    if unicodedata.is_normalized("NFD", run) and not _CHANGED.search(run):
        out.add(run, offset, offset + len(run))
        return
    marked = _MARK.search(run)
    units = [m.span() for m in _CLUSTER.finditer(run)] if marked else [(i, i + 1) for i in range(len(run))]
    kept: list[str] = []
    since = 0
    for start, end in units:
        seen = _seen(run[start:end])
        if len(seen) == end - start and " " not in seen:
            since = since if kept else start
            kept.append(seen)
            continue
        if kept:
            out.add("".join(kept), offset + since, offset + start)
            kept = []
        if seen:
            out.add(seen, offset + start, offset + end)
    if kept:
        out.add("".join(kept), offset + since, offset + len(run))


@functools.lru_cache(maxsize=65536)
def _seen(cluster: str) -> str:
    """What a reader sees of one character or grapheme cluster, decomposed."""
    if cluster.isspace():
        return " "
    kept = "".join(" " if c.isspace() else _TYPED.get(c, c) for c in _INVISIBLE.sub("", cluster))
    return unicodedata.normalize("NFD", kept)


def is_word(char: str) -> bool:
    """Letters, combining marks and digits (other numbers too) make words, and `_`."""
    return unicodedata.category(char)[0] in "LMN" or char == "_"


# Between two word characters these join them into one word, as in "city’s", "Hawai‘i", "re-arrested",
# "re−elected", "5′10", "U.S.", "l·l": every character matching reads as an apostrophe or a hyphen
# (see _TYPED) joins words as those do, but the dashes (– — ―), which word processors put between
# words. Between two digits, also "," and ":", as in "1,000" and "10:30".
_JOINS = frozenset("'‘’‚‛′-‐‑‒−.·")
_JOINS_DIGITS = frozenset(",:")


def joins(text: str, original: str, norm: Normalised, i: int) -> bool:
    """Whether `text[i]` (normalised; `original` is the text it came from) joins the words beside it."""
    if not 0 < i < len(text) - 1 or not (is_word(text[i - 1]) and is_word(text[i + 1])):
        return False
    char = original[norm.start(i)]
    return char in _JOINS or (char in _JOINS_DIGITS and text[i - 1].isdigit() and text[i + 1].isdigit())


def inside_word(original: str, norm: Normalised, i: int) -> bool:
    """Whether normalised offset `i` falls inside a word, between two of its characters.

    A combining mark always belongs to the character before it, so an offset
    just before one is inside a word too, as is one inside what one character
    became (the `fi` of `ﬁ`), or inside what a reader sees as one character
    (an extended grapheme cluster of the original: `👍🏽`, the flag `🇫🇷`, the
    family `👨‍👩‍👧`, whose joiners matching forgives).
    """
    text = norm.text
    if not 0 < i < len(text):
        return False
    before, after = text[i - 1], text[i]
    if unicodedata.category(after)[0] == "M" or norm.splits(i) or _splits_cluster(original, norm.start(i)):
        return True
    return (is_word(before) and is_word(after)) or (
        (is_word(before) and joins(text, original, norm, i))
        or (is_word(after) and joins(text, original, norm, i - 1))
    )


def _splits_cluster(original: str, at: int) -> bool:
    """Whether original offset `at` falls inside an extended grapheme cluster (Unicode UAX #29)."""
    if 0 < at < len(original) and original[at - 1] < "\x7f" and original[at] < "\x7f":
        return original[at - 1 : at + 1] == "\r\n"
    return 0 < at < len(original) and at not in _cluster_starts(original)


@functools.lru_cache(maxsize=256)
def _cluster_starts(text: str) -> frozenset[int]:
    """Where each extended grapheme cluster of `text` starts: one pass, once per text."""
    return frozenset(m.start() for m in _CLUSTER.finditer(text))


def word_around(original: str, norm: Normalised, i: int) -> str:
    """The whole word, as the original writes it, that normalised offset `i` falls inside."""
    start = end = i
    while start > 0 and inside_word(original, norm, start):
        start -= 1
    while end < len(norm.text) and inside_word(original, norm, end):
        end += 1
    begin, stop = norm.span(start, end)
    return original[begin:stop]
