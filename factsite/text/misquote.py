"""Why a quote is not in an article, in words an editor can act on.

In order: the quote is there but cuts a word; it runs across two paragraphs;
a passage is like it, and the first word where the two differ is named (with
the differing characters by their Unicode names, when they are few and so
may be hard to see); or nothing in the article is like it.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence

import regex

from ..model import Block
from . import nearest, passages
from .textnorm import Normalised, is_word, normalise

TOKENS = 80  # words and marks looked at, from a little before where the quote and the article differ
RESYNC = 6  # words either side within which the quote and the article are expected to agree again
CONTEXT = 4  # words of the article shown either side of a difference
SHOWN = 60  # characters of a word shown at most
NAMED = 3  # differing characters named at most
# Words (letters, marks, digits, joined by an apostrophe, a hyphen or a point), or one other character.
# Characters drawn as a space or as nothing, that a plain space is not: no-break and other spaces,
# format characters, and letters and symbols that render blank (Braille blank, Hangul fillers).
_BLANK = regex.compile("[\\p{Zs}\\p{Cf}\u2800\u3164\u115f\u1160\uffa0\u17b4\u17b5](?<! )")
_TOKEN = regex.compile(r"\w+(?:[-'.,:·]\w+)*|\S")


def explain(blocks: Sequence[Block], quote: str, where: str) -> tuple[str, str]:
    """(message, hint) for a quote that `passages.find` does not find, whole, in `blocks`."""
    for cut in passages.cuts(blocks, quote)[:1]:
        then = "start the quote after it" if cut.edge == "starts" else "end the quote before it"
        word = _shown(cut.word)
        if not any(
            is_word(char) for char in cut.word
        ):  # an emoji sequence, a flag: one character to a reader
            return (
                f"the quote {cut.edge} inside '{word}', which a reader sees as one character, in {where}",
                f"a quote starts and ends on whole characters: quote all of '{word}', or {then}",
            )
        return (
            f"the quote {cut.edge} inside the word '{word}' in {where}",
            f"a quote starts and ends on whole words: quote all of '{word}', or {then}",
        )
    want = normalise(quote).text
    joined = " ".join(normalise(block.text).text for block in blocks)
    if want and want in joined:
        return (
            f"the quote runs across paragraphs of {where}",
            "a quote comes from one paragraph: quote the words of one of them only",
        )
    near = nearest.closest(blocks, quote)
    if near is None:
        return f"the quote is not in {where}", "copy the words exactly from the article; " + (
            "the quote is longer than any of its paragraphs"
            if all(len(want) > len(b.text) for b in blocks)
            else "a quote may not span two paragraphs"
        )
    return f"the quote is not in {where}", difference(near, quote)


def difference(near: nearest.Near, quote: str) -> str:
    """The first word where the quote and the passage like it differ, with the article's words around it.

    Bounded work: the two are compared in C up to where they first differ, and
    only `TOKENS` words and marks of each are looked at from there.
    """
    qn, an = normalise(quote), normalise(near.block.text)
    same = nearest.common(qn.text, an.text[near.start : near.end])
    begin = qn.text.rfind(" ", max(0, same - SHOWN), same) + 1 or max(0, same - SHOWN)
    spacing = _spacing(qn.text, an.text, same, near)
    if spacing:
        hidden = quote[qn.end(same) : qn.start(same)]  # what the quote holds there that matching ignores
        said = spacing[0] + _blanks(hidden, "").replace("looks blank", "looks like a space but is not one")
        return f"{said} (the article: {_excerpt(near.block.text, an, *spacing[1])})"
    qs, ended = _tokens(qn.text, begin, len(qn.text))
    ps, _ = _tokens(an.text, near.start + begin, near.end)
    qw, pw = [qn.text[a:b] for a, b in qs], [an.text[a:b] for a, b in ps]
    i = nearest.common(qw, pw)
    if i == len(qw) and ended:
        excerpt = _excerpt(near.block.text, an, near.start + begin, near.end)
        return f"the quote's spacing differs from the article's (the article: {excerpt})"
    dq, dp = _resync(qw, pw, i)
    what = _words_differ(_original(quote, qn, qs[i : i + dq]), _original(near.block.text, an, ps[i : i + dp]))
    if dq == 1 and dp == 1:
        what += _characters(qn, quote, qs[i], an, near.block.text, ps[i])
    if "U+" not in what:
        what += _blanks(_original(quote, qn, qs[i : i + dq]), _original(near.block.text, an, ps[i : i + dp]))
    where = ps[i][0] if i < len(ps) else near.end
    excerpt = _excerpt(near.block.text, an, where, ps[i + dp - 1][1] if dp else where)
    again = _differs_after(qn.text, qs, i + dq, an.text, ps, i + dp, near.end)
    return f"{what} (the article: {excerpt})" + ("; the quote differs again after that" if again else "")


def _spacing(q: str, a: str, same: int, near: nearest.Near) -> tuple[str, tuple[int, int]] | None:
    """Where the quote lacks a space the article has, or has one the article lacks, at the first
    difference (normalised offset `same` of the quote): what to say, and the article's span there."""
    at = near.start + same
    if not 0 < same < len(q) - 1 or at >= len(a) - 1 or not is_word(a[at - 1]):
        return None  # only a space between two letters or digits: "budgetrose", "bud get"
    rest = min(len(q) - same, SHOWN)
    if a[at] == " " and is_word(a[at + 1]) and q[same : same + rest] == a[at + 1 : at + 1 + rest]:
        before = (_TOKEN.findall(a, max(0, at - SHOWN), at) or [""])[-1]
        after = match.group() if (match := _TOKEN.match(a, at + 1)) else ""
        return f"the quote lacks the space between '{_shown(before)}' and '{_shown(after)}'", (at, at + 1)
    if q[same] == " " and is_word(a[at]) and q[same + 1 : same + rest] == a[at : at + rest - 1]:
        word = a[a.rfind(" ", max(0, at - SHOWN), at) + 1 : _word_end(a, at)]
        return f"the quote has a space inside '{_shown(word)}', which the article does not", (at, at)
    return None


def _word_end(text: str, i: int) -> int:
    space = text.find(" ", i)
    return len(text) if space < 0 else space


def _blanks(said: str, written: str) -> str:
    """The characters that look blank (a space, or nothing) in either text, by name."""
    has = [side for side, text in (("quote", said), ("article", written)) if _BLANK.search(text)]
    named = [
        f"the {side} has {', '.join(dict.fromkeys(map(_name, _BLANK.findall(text))))}"
        for side, text in (("quote", said), ("article", written))
        if side in has
    ]
    return f"; {' and '.join(named)}, which looks blank" if named else ""


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '<' + unicodedata.category(char) + '>')}"


def _words_differ(said: str, written: str) -> str:
    """The quote's words and the article's where they differ; either may be missing."""
    if said and written:
        return f"where the quote has '{_shown(said)}', the article has '{_shown(written)}'"
    if written:
        return f"the article has '{_shown(written)}' here, which the quote leaves out"
    return f"the quote has '{_shown(said)}', which the article does not have here"


def _tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """The spans of the first `TOKENS` words and marks of text[start:end], and whether that is all."""
    spans = [m.span() for m in itertools.islice(_TOKEN.finditer(text, start, end), TOKENS + 1)]
    return spans[:TOKENS], len(spans) <= TOKENS


def _differs_after(
    q: str, qs: list[tuple[int, int]], i: int, a: str, ps: list[tuple[int, int]], j: int, stop: int
) -> bool:
    """Whether the rest of the quote, from its word i, differs from the article from its word j."""
    rest = qs[i][0] if i < len(qs) else len(q)
    there = ps[j][0] if j < len(ps) else stop
    return q[rest:] != a[there : min(stop, there + len(q) - rest)]


def _resync(qw: list[str], pw: list[str], i: int) -> tuple[int, int]:
    """How many words of the quote and of the article, from word i, differ before the two agree again."""
    options = [
        (dq, dp)
        for dq in range(min(RESYNC, len(qw) - i) + 1)
        for dp in range(min(RESYNC, len(pw) - i) + 1)
        if (dq or dp)
        and _agree(qw, pw, i + dq, i + dp)
        and (i + dq < len(qw) or dp == min(dq, len(pw) - i))  # at its end, the quote's last words for as many
    ]
    if not options:
        return min(1, len(qw) - i), min(1, len(pw) - i)
    return min(options, key=lambda d: (d[0] + d[1], abs(d[0] - d[1])))


def _agree(qw: list[str], pw: list[str], q: int, p: int) -> bool:
    """Whether the quote from word q agrees with the article from word p: the quote has ended,
    or the next word is the same and so is the one after it, unless the quote ends there."""
    if q == len(qw):
        return True
    if p == len(pw) or qw[q] != pw[p]:
        return False
    return q + 1 == len(qw) or (p + 1 < len(pw) and qw[q + 1] == pw[p + 1])


def _original(text: str, norm: Normalised, spans: Sequence[tuple[int, int]]) -> str:
    if not spans:
        return ""
    begin, end = norm.span(spans[0][0], spans[-1][1])
    return text[begin:end]


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _excerpt(text: str, norm: Normalised, start: int, end: int) -> str:
    """The article's words over norm.text[start:end], and `CONTEXT` words either side, as written."""
    low, high = _back(norm.text, start, CONTEXT), _ahead(norm.text, end, CONTEXT)
    if low >= high:
        return "…"
    begin, stop = norm.span(low, high)
    words = " ".join(_shown(word) for word in text[begin:stop].split())
    return ("…" if begin > 0 else "") + words + ("…" if stop < len(text) else "")


def _back(text: str, i: int, words: int) -> int:
    """The start of the word at offset i, `words` words further back (a word: at most `SHOWN` looked at)."""
    for n in range(words + 1):
        space = text.rfind(" ", max(0, i - SHOWN), i)
        if space < 0:
            return max(0, i - SHOWN)
        if n == words:
            return space + 1
        i = space
    return i


def _ahead(text: str, i: int, words: int) -> int:
    """The end of the word at offset i, `words` words further on (a word: at most `SHOWN` looked at)."""
    for n in range(words + 1):
        space = text.find(" ", i, i + SHOWN)
        if space < 0:
            return min(len(text), i + SHOWN)
        if n == words:
            return space
        i = space + 1
    return i


def _characters(
    qn: Normalised, quote: str, qspan: tuple[int, int], an: Normalised, text: str, pspan: tuple[int, int]
) -> str:
    """The differing characters of two words, by name, when there are only a few."""
    a, b = qn.text[qspan[0] : qspan[1]], an.text[pspan[0] : pspan[1]]
    head = nearest.common(a, b)
    tail = nearest.common(a[head:][::-1], b[head:][::-1])
    cluster = _cluster_start(a, b, head)
    said = _named(quote, qn, qspan[0] + cluster, qspan[0] + head, qspan[1] - tail)
    written = _named(text, an, pspan[0] + cluster, pspan[0] + head, pspan[1] - tail)
    if (not said and not written) or len(said) > NAMED or len(written) > NAMED:
        return ""
    if said and written:
        return f": the quote has {', '.join(said)} where the article has {', '.join(written)}"
    has, lacks = ("quote", "article") if said else ("article", "quote")
    return f": the {has} has {', '.join(said or written)}, which the {lacks} does not"


def _cluster_start(a: str, b: str, i: int) -> int:
    """Back from offset i (where a and b first differ) to the letter that a combining mark there is on."""
    while i > 0 and any(i < len(t) and unicodedata.category(t[i])[0] == "M" for t in (a, b)):
        i -= 1
    return i


def _named(text: str, norm: Normalised, cluster: int, start: int, end: int) -> list[str]:
    """The characters of norm.text[start:end], each as U+XXXX and its Unicode name.

    They are named as decomposed (NFD), where the original's characters are the
    same but for canonical equivalence; otherwise (a curly quote, a ligature)
    the original's characters of the letters concerned are named instead.
    """
    if end <= start:
        return []
    begin, stop = norm.span(cluster, end)
    original = text[begin:stop]
    chars = (
        norm.text[start:end] if unicodedata.normalize("NFD", original) == norm.text[cluster:end] else original
    )
    return [f"U+{ord(c):04X} {unicodedata.name(c, '<' + unicodedata.category(c) + '>')}" for c in chars]
