"""Claim coverage: which check-worthy sentences of each article no claim covers yet.

Deterministic rules, no model: an article is cut into sentences (syntok, a
rule-based segmenter, through text/sentences.py), and a sentence is check-worthy
when it holds a number, a date, a word of quantity, or a statement reported from
a named person or agency (worthiness.py). Each rule says what it found, so every
listed sentence says why it was picked. A sentence is covered when any claim's
passage overlaps it.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import regex

from ..model import Article, Block, Claim, Site
from ..text.sentences import sentence_spans
from ..text.textnorm import normalise
from .worthiness import reasons_for


@dataclass(frozen=True)
class Sentence:
    block: int
    start: int
    end: int
    text: str
    line: int  # the line of the article's file on which it starts
    reasons: tuple[str, ...]  # why it is check-worthy, e.g. "a number: 440"
    claims: tuple[str, ...]  # ids of the claims whose passages overlap it


@dataclass(frozen=True)
class ArticleCoverage:
    article: Article
    sentences: tuple[Sentence, ...]  # the check-worthy ones
    skipped: tuple[tuple[Sentence, str], ...]  # check-worthy in form, left out, and why

    @property
    def covered(self) -> int:
        return sum(1 for s in self.sentences if s.claims)

    @property
    def unclaimed(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if not s.claims)

    @property
    def share(self) -> Fraction:
        """Covered sentences in percent; an article with none to check is fully covered."""
        return self.figures().share

    def figures(self) -> CoverageFigures:
        return CoverageFigures(self.article, self.covered, len(self.sentences))


@dataclass(frozen=True)
class CoverageFigures:
    """An article's coverage in figures, all its row of the summary shows: of its `worthy`
    check-worthy sentences, claims cover `covered`. A few bytes, where its `ArticleCoverage` holds
    every sentence: what a worker process sends back for the summary (build/pool.py)."""

    article: Article
    covered: int
    worthy: int

    @property
    def share(self) -> Fraction:
        """Covered sentences in percent; an article with none to check is fully covered."""
        return Fraction(self.covered * 100, self.worthy) if self.worthy else Fraction(100)


def report(
    site: Site, each: Callable[[Article, tuple[Claim, ...]], ArticleCoverage] | None = None
) -> tuple[ArticleCoverage, ...]:
    """Each article's coverage, made by `each` from the article and its claims (`article_coverage`, or
    in render/pieces.py the same coverage reused while the article and its claims' passages stay the same)."""
    make = each or article_coverage
    return tuple(make(a, site.claims_of(a.slug)) for a in site.articles)


@dataclass(frozen=True)
class Candidate:
    """A sentence check-worthy in form, before the claims are matched to it: the article's text alone
    decides it, so an edit to a claim never splits the article into sentences again."""

    block: Block
    start: int
    end: int
    text: str
    reasons: tuple[str, ...]
    skip: str  # why it is not counted unless a claim covers it, or ""


def candidates(article: Article) -> tuple[Candidate, ...]:
    """The article's check-worthy sentences, in order; linear in the article's length."""
    found = []
    headline = bool(article.blocks) and _squash(article.blocks[0].text) == _squash(article.title)
    for block in article.blocks:
        for start, end, reasons in worthy_sentences(block.text):
            text = block.text[start:end]
            skip = skip_reason(text, headline and block.index == 0)
            found.append(Candidate(block, start, end, text, reasons, skip))
    return tuple(found)


Worthy = tuple[int, int, tuple[str, ...]]  # a sentence's start and end, and why it is check-worthy


@functools.lru_cache(maxsize=4096)  # paragraphs: a few hundred articles' worth, a few megabytes
def worthy_sentences(paragraph: str) -> tuple[Worthy, ...]:
    """The check-worthy sentences of one paragraph's text, in order: a pure function of the text,
    remembered by it, so that an article edited in one paragraph is split again in that one alone
    and one whose text is the same (its claims or front matter edited) in none."""
    found = []
    for start, end in sentence_spans(paragraph):
        text = paragraph[start:end]
        reasons = tuple(reasons_for(text))
        if reasons:
            found.append((start, end, reasons))
    return tuple(found)


def article_coverage(
    article: Article, claims: tuple[Claim, ...], found: tuple[Candidate, ...] | None = None
) -> ArticleCoverage:
    """Which check-worthy sentences the claims cover; `found`: the article's `candidates`, if known."""
    worthy: list[Sentence] = []
    skipped: list[tuple[Sentence, str]] = []
    found = candidates(article) if found is None else found
    for c, covering in zip(found, _covering(found, claims), strict=True):
        sentence = Sentence(
            c.block.index, c.start, c.end, c.text, c.block.line_at(c.start), c.reasons, covering
        )
        if c.skip and not covering:
            skipped.append((sentence, c.skip))
        else:
            worthy.append(sentence)
    return ArticleCoverage(article, tuple(worthy), tuple(skipped))


def skip_reason(text: str, in_headline: bool) -> str:
    """Why a sentence that looks check-worthy is not counted, or '' when it is.

    `in_headline`: the sentence is in a first paragraph that repeats the title.
    """
    letters = "".join(filter(str.isalpha, text))
    if len(letters) >= 12 and sum(map(str.isupper, letters)) >= 0.8 * len(letters):
        return "set in capitals: a link to another story or a promotion, not the article's text"
    if in_headline:
        return "the headline, repeated as the first line: claims tie to the fuller passage"
    return ""


def _squash(text: str) -> str:
    """The words of a text, whatever a reader cannot see aside (see textnorm), in one case."""
    return regex.sub(r"\W+", " ", normalise(text).text).strip().casefold()


def _covering(found: tuple[Candidate, ...], claims: tuple[Claim, ...]) -> list[tuple[str, ...]]:
    """For each sentence, in order, the ids of the claims whose passages overlap it, in claim order.

    A block's sentences are in order and do not overlap, so each passage finds
    its first sentence by bisection and stops at the first one past its end.
    """
    blocks: dict[int, list[int]] = {}
    for n, c in enumerate(found):
        blocks.setdefault(c.block.index, []).append(n)
    ends = {index: [found[n].end for n in mine] for index, mine in blocks.items()}
    covering: list[list[str]] = [[] for _ in found]
    for claim in claims:
        anchor = claim.passage.anchor
        mine = blocks.get(anchor.block, [])
        i = bisect.bisect_right(ends.get(anchor.block, []), anchor.start)
        while i < len(mine) and found[mine[i]].start < anchor.end:
            covering[mine[i]].append(claim.id)
            i += 1
    return [tuple(ids) for ids in covering]


def below(coverage: tuple[ArticleCoverage, ...], minimum: float) -> list[ArticleCoverage]:
    return [c for c in coverage if c.share < Fraction(str(minimum))]


def percent(share: Fraction) -> str:
    return f"{int(share)}%" if share.denominator == 1 else f"{float(share):.1f}%"


def format_report(coverage: tuple[ArticleCoverage, ...]) -> str:
    """The report as text, one article at a time, for the command line."""
    lines: list[str] = []
    for c in coverage:
        total = len(c.sentences)
        lines.append(
            f"{c.article.slug}: {c.covered} of {total} check-worthy sentences covered ({percent(c.share)})"
        )
        for s in c.unclaimed:
            lines.append(f"  {c.article.source_path}:{s.line}: {s.text}")
            lines.append(f"      why: {'; '.join(s.reasons)}")
        for s, why in c.skipped:
            lines.append(f"  {c.article.source_path}:{s.line}: (not counted: {why}) {s.text}")
    covered, total = sum(c.covered for c in coverage), sum(len(c.sentences) for c in coverage)
    overall = Fraction(covered * 100, total) if total else Fraction(100)
    lines.append(f"all articles: {covered} of {total} check-worthy sentences covered ({percent(overall)})")
    return "\n".join(lines) + "\n"
