"""Sentence spans of a paragraph: syntok's segmenter, fed the same tokens faster.

syntok (a rule-based segmenter, pinned in requirements.txt) decides where sentences end; its
`segmenter.analyze` spends about half its time in `Tokenizer.tokenize`, a Python loop over every
word. Most words of an article are plain: ASCII letters and digits, perhaps with ASCII punctuation
before or after ("(said", "closed.", "2024,"). For those this module builds syntok's tokens
directly; any other word (accents, inner dots or hyphens, apostrophes, "iPhone") goes through
syntok's own code. The segmenter then steps through every token, yet decides only next to
punctuation: `condense` hands it the words between marks as one token (see there). Each step
halves its part of the time; tests/test_sentences.py checks tokens and spans against syntok's
on the seed articles, every string of the test suite, and generated text.

Why a plain word gives the same tokens as `Tokenizer.tokenize`: its first and last letters or
digits bound the core (`_find_start`, `_find_end`); each punctuation mark before the core is a token
(`_split_nonword_prefix`), and so is each after it, "..." as one (the tail); and no alternative of
`Tokenizer._separation` can match inside an ASCII letter-and-digit core without a lower-case letter
followed by a capital (it needs one of those transitions, an apostrophe, a bracket, "...", or one
of ``,;_-``), so the core is one token (`_split_word`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

import regex
from syntok import segmenter
from syntok._segmentation_states import State
from syntok.tokenizer import Token, Tokenizer

_PUNCTUATION = r"[!-/:-@\[-`{-~]*"  # printable ASCII that is neither a letter, a digit nor a space
# a plain word: ASCII punctuation, ASCII letters and digits with no capital after a lower-case
# letter (syntok's tokenizer splits "iPhone" there), ASCII punctuation
_CORE = r"(?:[a-z0-9]|(?<![a-z])[A-Z])+"
_PLAIN = re.compile(rf"({_PUNCTUATION})({_CORE})({_PUNCTUATION})")
# What syntok's Tokenizer._spaces splits words at: the `regex` module's \s (Unicode's White_Space,
# which is not `re`'s: that adds U+001C to U+001F), and U+200B
_SPACE = "\t-\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
# four or more words of letters and digits alone, one space apart, or else any word (as syntok's
# Tokenizer._spaces finds them: runs of anything but spaces); with `re`, twice as fast as `regex`
_RUNS = re.compile(
    rf"(?P<first>{_CORE}) (?P<inner>{_CORE}(?: {_CORE})+) (?P<last>{_CORE})(?=[{_SPACE}]|\Z)|[^{_SPACE}]+"
)
_OPENING = re.compile("[" + re.escape("".join(sorted(State.opening_brackets))) + "]")
_TOKENIZER = Tokenizer(replace_not_contraction=False)  # as segmenter.analyze makes it


class Plain:
    """A token as syntok's segmenter reads it (`syntok.tokenizer.Token`'s value, spacing and offset),
    with plain attributes: the segmenter reads them for every token, and a property costs more."""

    __slots__ = ("offset", "spacing", "value")

    def __init__(self, spacing: str, value: str, offset: int) -> None:
        self.spacing, self.value, self.offset = spacing, value, offset


class Tok(Protocol):
    """Either kind of token: syntok's `Token`, for the words it splits itself, or a `Plain` one."""

    @property
    def spacing(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def offset(self) -> int: ...


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) character offsets into `text` of each of its sentences, in order: exactly what
    syntok's `segmenter.analyze(text)` gives (first token's offset, last token's end)."""
    for offset, paragraph in segmenter.preprocess_with_offsets(text):
        for tokens in segmenter.segment(iter(condense(tokenize(paragraph, offset, runs=True)))):
            if tokens:
                yield tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)


def tokenize(text: str, base_offset: int = 0, runs: bool = False) -> list[Tok]:
    """syntok's tokens of `text` (`Tokenizer(replace_not_contraction=False).tokenize(text,
    base_offset)`), the same values, spacing and offsets, built directly for plain words.

    `runs`: give each run of four or more words of letters and digits alone, one space apart, as
    `condense` would (its first word, the words between as one token, its last), without making a
    token of each; unless `text` holds an opening bracket, which `condense` leaves as it is."""
    if base_offset > 0:
        text = " " * base_offset + text
    tokens: list[Tok] = []
    offset = base_offset  # where the current token's spacing starts
    words = _RUNS if runs and not _OPENING.search(text) else Tokenizer._spaces
    for word in words.finditer(text):
        at, end = word.span()
        if word.lastgroup:  # a run of plain words
            tokens.extend(_run(text, offset, word))
        elif (plain := _PLAIN.fullmatch(text, at, end)) is None:
            tokens.extend(_syntok_word(text, offset, word))
        elif plain.end(1) == at and plain.start(3) == end:  # letters and digits alone: one token
            tokens.append(Plain(text[offset:at], plain.group(2), at))
        else:
            tokens.extend(_plain_word(text, offset, at, plain))
        offset = end
    if offset < len(text):
        tokens.append(Plain(text[offset:], "", len(text)))
    return tokens


def _run(text: str, spacing: int, run: re.Match[str]) -> list[Tok]:
    """A run of plain words (`_RUNS`) as `condense` gives it: first, the words between, last."""
    inner = run.start("inner")
    return [
        Plain(text[spacing : run.start()], run.group("first"), run.start()),
        Plain(" ", "\0" * (run.end("inner") - inner), inner),
        Plain(" ", run.group("last"), run.start("last")),
    ]


def _plain_word(text: str, spacing: int, at: int, plain: re.Match[str]) -> Iterator[Plain]:
    """The tokens of a plain word starting at `at`, after the spacing from `spacing`."""
    before, core, after = plain.groups()
    for i, mark in enumerate(before):
        yield Plain(text[spacing:at] if i == 0 else "", mark, at + i)
    start = at + len(before)
    yield Plain("" if before else text[spacing:at], core, start)
    end = start + len(core)
    if after.startswith("..."):
        yield Plain("", "...", end)
        end, after = end + 3, after[3:]
    for i, mark in enumerate(after):
        yield Plain("", mark, end + i)


def _syntok_word(text: str, offset: int, word: re.Match[str] | regex.Match[str]) -> Iterator[Token]:
    """The tokens of any other word: the body of syntok's `Tokenizer.tokenize` loop, for one word."""
    start = Tokenizer._find_start(word.start(), word.end(), text)
    if start == word.end():
        yield Token(text[offset : word.start()], word.group(0), word.start())
        return
    end = Tokenizer._find_end(start, word.end(), text)
    if start > word.start():
        offset = yield from Tokenizer._split_nonword_prefix(word, offset, start, text)
    if start != end:
        yield from _TOKENIZER._split_word(text[offset:start], text[start:end], start)
    tail = text[end : word.end()]
    if tail.startswith("..."):
        yield Token("", "...", end)
        end, tail = end + 3, tail[3:]
    for i, mark in enumerate(tail):
        yield Token("", mark, end + i)


# what the segmenter reads beyond "is it one of these": ends of sentences, brackets, quotes, and so on
_MARKS = State.terminals | State.opening_brackets | State.closing_brackets | State.closing_quotes
_BREAKS = _MARKS | State.inner_sentence_punctuation | {"(", ""}


def condense(tokens: list[Tok]) -> list[Tok]:
    """`tokens` with the inside of each run of words between marks (`_BREAKS`) as one token, which the
    segmenter splits into the same sentences, from the same first and last tokens, with fewer steps.

    Why: the segmenter reads a token's value only when it is next to a mark (the word before a
    full stop, the word after it), starts a sentence, or inside brackets (they count tokens, so a
    paragraph with an opening bracket is left as it is). A run's first and last words stay; the
    words between are only moved from the queue to the sentence, one step each, and no sentence
    starts or ends among them, so the segmenter makes the same decisions with them as one token."""
    if any(t.value in State.opening_brackets for t in tokens):
        return tokens
    kept: list[Tok] = []
    run: list[Tok] = []  # the words since the last mark
    for token in tokens:
        if token.value in _BREAKS:
            kept.extend(_joined(run))
            kept.append(token)
            run = []
        else:
            run.append(token)
    kept.extend(_joined(run))
    return kept


def _joined(run: list[Tok]) -> list[Tok]:
    """A run of words: its first and last as they are, the ones between as one token."""
    if len(run) < 4:
        return run
    first, last = run[1], run[-2]
    length = last.offset + len(last.value) - first.offset
    return [run[0], Plain(first.spacing, "\0" * length, first.offset), run[-1]]  # no word, no mark
