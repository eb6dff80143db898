"""Bounded work: a missing quote of any length is explained, and coverage computed, in linear time.

These tests count the work (no timings): which spans difflib compares, how much
text each scan visits, how many words are tokenised, how much text the headline
check reads. One guard runs inputs that would take hours if the work were
quadratic in a subprocess, with a generous timeout that only a regression hits.
"""

from __future__ import annotations

import dataclasses
import difflib
import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from factsite.check import coverage
from factsite.load.content import load_site
from factsite.model import Anchor, Article, Block, Claim, Passage
from factsite.text import misquote, nearest
from factsite.text.misquote import explain
from factsite.text.textnorm import normalise
from tests.conftest import REPO, SAMPLE

WORDS = (
    "the",
    "city",
    "budget",
    "rose",
    "from",
    "million",
    "to",
    "in",
    "a",
    "rise",
    "of",
    "third",
    "mayor",
    "said",
)


def prose(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)


class Compared(difflib.SequenceMatcher[str]):
    sizes: list[tuple[int, int]] = []  # noqa: RUF012  (one list, shared by the spy's instances)

    def __init__(self, isjunk: Any = None, a: str = "", b: str = "", autojunk: bool = True) -> None:
        super().__init__(isjunk, a, b, autojunk)
        Compared.sizes.append((len(a), len(b)))


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    Compared.sizes = []
    monkeypatch.setattr(difflib, "SequenceMatcher", Compared)
    return Compared.sizes


def test_difflib_compares_only_short_spans_a_few_times(compared: list[tuple[int, int]]) -> None:
    paragraph = prose(200_000)
    quote = paragraph[100_000:100_250].split(" ", 1)[1].replace("mayor", "major")
    near = nearest.closest([Block(0, "p", paragraph, 1), Block(1, "p", prose(50_000, 2), 3)], quote)
    assert near is not None and near.likeness > 0.9
    assert 0 < len(compared) <= nearest.REFINED
    assert all(a <= 3 * nearest.SHORT and b <= nearest.SHORT for a, b in compared)


def test_a_long_quote_is_never_compared_letter_by_letter(compared: list[tuple[int, int]]) -> None:
    paragraph = prose(50_000)
    quote = paragraph[:30_000].replace("mayor", "major")
    near = nearest.closest([Block(0, "p", paragraph, 1)], quote)
    assert near is not None and near.start == 0
    assert compared == []


def test_each_paragraph_is_scanned_once_and_short_ones_not_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[int] = []
    slide = nearest._slide

    def spy(grams: list[str], *args: Any) -> tuple[int, int]:
        scanned.append(len(grams))
        return slide(grams, *args)

    monkeypatch.setattr(nearest, "_slide", spy)
    blocks = [Block(i, "p", prose(2_000 * (i + 1), i), i) for i in range(5)]
    nearest.closest(blocks, "the mayor sad on monday")
    assert len(scanned) == len(blocks)
    assert sum(scanned) <= sum(len(normalise(b.text).text) for b in blocks)
    scanned.clear()
    nearest.closest(
        blocks, prose(1_000_000)
    )  # three times longer than every paragraph: none can be half alike
    assert scanned == []


class CountingTokens:
    """Stands in for misquote's token pattern and counts the words it hands out."""

    def __init__(self) -> None:
        self.handed = 0

    def finditer(self, text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
        for match in misquote_pattern.finditer(text, start, end):
            self.handed += 1
            yield match


misquote_pattern = misquote._TOKEN


def test_only_a_few_words_around_the_difference_are_tokenised(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = CountingTokens()
    monkeypatch.setattr(misquote, "_TOKEN", counting)
    paragraph = prose(300_000)
    middle = paragraph.index(" mayor ", 150_000)
    quote = paragraph[: middle + 1] + "major" + paragraph[middle + 6 :]
    _, hint = explain([Block(0, "p", paragraph, 1)], quote, "article 'x'")
    assert hint.startswith("where the quote has 'major', the article has 'mayor'")
    assert counting.handed <= 2 * (misquote.TOKENS + 1)


@given(st.text(max_size=30), st.text(max_size=30))
def test_common_counts_the_shared_start(a: str, b: str) -> None:
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    assert nearest.common(a, b) == shared


def article_of(*texts: str, title: str = "A title") -> Article:
    blocks = tuple(Block(i, "p", text, 1 + 2 * i) for i, text in enumerate(texts))
    return Article("a", title, None, None, None, None, blocks, "content/articles/a.md")


def test_the_headline_check_reads_the_first_paragraph_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    squash = coverage._squash

    def spy(text: str) -> str:
        read.append(len(text))
        return squash(text)

    monkeypatch.setattr(coverage, "_squash", spy)
    first = "Officials said 12 bridges were closed on Monday. " * 2_000
    article = article_of(first, "The mayor said 3 more would close.")
    found = coverage.candidates(article)
    assert len(found) == 2_001
    assert sum(read) <= len(first) + len(article.title)


def test_a_headline_in_another_normal_form_is_still_the_headline() -> None:
    import unicodedata

    article = article_of(
        unicodedata.normalize("NFD", "José Müller said 3 bridges closed"),
        "Officials said 12 bridges were closed.",
        title="José\u00a0Müller said 3 bridges closed",
    )
    [(sentence, why)] = coverage.article_coverage(article, ()).skipped
    assert sentence.block == 0 and "headline" in why


SAMPLE_CLAIM = load_site(SAMPLE).claims[0]


def claim_on(claim_id: str, anchor: Anchor) -> Claim:
    """A claim whose passage is at `anchor`, the rest as in a sample claim."""
    return dataclasses.replace(SAMPLE_CLAIM, id=claim_id, passage=Passage("x", None, None, anchor))


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 120), st.integers(1, 40)), max_size=12))
def test_claims_cover_exactly_the_sentences_their_passages_overlap(spans: list[tuple[int, int, int]]) -> None:
    sentence = "Officials said 12 bridges were closed. "
    article = article_of(sentence * 3, sentence * 2, sentence * 3)
    claims = tuple(claim_on(f"c{n}", Anchor(b, s, s + length)) for n, (b, s, length) in enumerate(spans))
    result = coverage.article_coverage(article, claims)
    for s in result.sentences:
        expected = tuple(
            c.id
            for c in claims
            if c.passage.anchor.block == s.block
            and c.passage.anchor.start < s.end
            and c.passage.anchor.end > s.start
        )
        assert s.claims == expected


GUARD = textwrap.dedent(
    """
    import dataclasses, pathlib, random, sys
    sys.path.insert(0, sys.argv[1])
    from factsite.check import coverage
    from factsite.text import misquote, passages
    from factsite.load.content import load_site
    from factsite.model import Anchor, Article, Block, Passage
    words = "the city budget rose from million to in a rise of third mayor said on monday that every".split()
    rng = random.Random(1)
    text = " ".join(rng.choice(words) for _ in range(200_000))[:1_000_000]
    blocks = [Block(0, "p", "A short first paragraph.", 1), Block(1, "p", text, 3)]
    quote = " ".join(rng.choice(words) for _ in range(200_000))[:1_000_000]
    assert misquote.explain(blocks[:1], quote, "x")[0] == "the quote is not in x"
    assert misquote.explain(blocks, quote, "x")[0] == "the quote is not in x"
    assert misquote.explain(blocks, quote[:10_000], "x")[0] == "the quote is not in x"
    many = Block(0, "p", "a " * 100_000 + "b", 1)
    assert len(passages.find([many], "a", prefix="a a a a a a a a a a a a a a a a", suffix="b")) == 1
    long = "Officials said 12 bridges were closed on Monday. " * 6_000
    article = Article("a", "t", None, None, None, None, (Block(0, "p", long, 1),), "a.md")
    sample = load_site(pathlib.Path(sys.argv[1]) / "tests" / "sample").claims[0]
    at = [Passage("q", None, None, Anchor(0, 50 * i, 50 * i + 9)) for i in range(6_000)]
    claims = tuple(dataclasses.replace(sample, id=f"c{i}", passage=p) for i, p in enumerate(at))
    assert coverage.article_coverage(article, claims).covered == 6_000
    print("done")
    """
)


def test_inputs_that_would_take_hours_if_quadratic_finish() -> None:
    """A guard, not a timing: 1 MB quotes against a 1 MB paragraph, a quote found 100,000 times with a
    prefix, and coverage of a 300 KB paragraph with 6,000 claims. Quadratic, these took hours."""
    done = subprocess.run(
        [sys.executable, "-c", GUARD, str(REPO)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.stdout.strip() == "done", done.stderr[-2000:]
