"""Claim coverage: which check-worthy sentences of each article no claim covers yet.

Deterministic rules, no model: an article is cut into sentences (syntok, a
rule-based segmenter, through text/sentences.py), and a sentence is check-worthy when it holds a number, a
date, a word of quantity, or a statement reported from a named person or
agency. Each rule says what it found, so every listed sentence says why it was
picked. A sentence is covered when any claim's passage overlaps it.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

import regex

from ..model import Article, Block, Claim, Site
from ..text.sentences import sentence_spans
from ..text.textnorm import normalise


@dataclass(frozen=True)
class Rule:
    name: str
    why: str  # shown before what the rule found, e.g. "a number: 440"
    pattern: re.Pattern[str]
    folded: re.Pattern[str] | None = field(init=False)  # `pattern` without IGNORECASE, see `_fold`

    def __post_init__(self) -> None:
        flags = self.pattern.flags
        folded = re.compile(self.pattern.pattern, flags & ~re.IGNORECASE) if flags & re.IGNORECASE else None
        object.__setattr__(self, "folded", folded)


_MONTH = (
    r"(?:January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+\d{1,2}\b)?(?:,?\s+(?:19|20)\d\d\b)?"
    r"|\bMay\s+(?:\d{1,2}\b|(?:19|20)\d\d\b)"
)
_DATE = (
    rf"\b(?:19|20)\d\d-\d\d-\d\d\b|{_MONTH}|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:19|20)\d\d\b"
    r"|\b(?:this|last|next) (?:year|month|week)\b|\byesterday\b"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|dozen|twice"
)
_QUANTITY = (
    r"majority|minority|most|every|all|none|half|percent|per cent|dozens|hundreds|thousands|millions|"
    r"many|several|numerous|a growing number|more and more|repeatedly|quarterly|again and again"
)
_REPORTING = (
    r"said|says|say|told|tells|according to|announced|stated|wrote|claimed|claims|revealed|reported|"
    r"added|urged|described|detailed|continued|blasted|railed|scolded|suggested|warned|explained"
)
_NOT_NAMES = (  # capitalised words that start sentences or name dates, not people or agencies
    "A|An|And|As|At|But|By|For|From|He|However|If|In|It|Its|On|She|So|That|The|They|This|To|We|When|While|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    "August|September|October|November|December|Jan|Feb|Aug|Sept?|Oct|Nov|Dec"
)
_ACTOR = re.compile(  # who made a reported statement: an agency, a role, or a name
    r"\b[A-Z]{2,}s?\b"
    r"|\b(?i:agency|spokes(?:person|man|woman)|officials?|director|police|sheriff|media)\b"
    rf"|\b(?!(?:{_NOT_NAMES})\b)[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w'’-]*)*"
)

# What the patterns' matches start with: a lookahead for it lets the engine pass other places at once.
_DATE_STARTS = "12JFMASONDTWtlny"  # years, months, weekdays, "this/last/next", "yesterday"
_NUMBER_STARTS = "".join(sorted({word[0] for word in _NUMBER_WORDS.split("|")}))

RULES: tuple[Rule, ...] = (
    Rule("date", "a date", re.compile(rf"(?=[{_DATE_STARTS}])(?:{_DATE})")),
    Rule(  # "\b" holds before a digit not after a letter, digit or "." (a digit is a word character)
        "number",
        "a number",
        re.compile(
            rf"(?=[\d{_NUMBER_STARTS}])\b(?:(?<![\w.])(?:\d[\d,.]*\d|\d)|(?:{_NUMBER_WORDS})\b)", re.I
        ),
    ),
    Rule("quantity", "a word of quantity", re.compile(rf"\b(?:{_QUANTITY})\b", re.I)),
    Rule("statement", "a reported statement", re.compile(rf"\b(?:{_REPORTING})\b", re.I)),
)


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
        return Fraction(self.covered * 100, len(self.sentences)) if self.sentences else Fraction(100)


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


def reasons_for(text: str) -> Iterator[str]:
    """What makes a sentence check-worthy, rule by rule, each with the words it found."""
    folded = _fold(text)
    dates = [m.span() for m in RULES[0].pattern.finditer(text)]
    for rule in RULES:
        if rule.name == "statement":
            found = _statement(text, _matches(rule, text, folded, first=True))
        else:
            spans = dates if rule is RULES[0] else [m.span() for m in _matches(rule, text, folded)]
            found = [text[s:e] for s, e in spans if rule.name != "number" or not _within(dates, s)]
        if found:
            yield f"{rule.why}: {', '.join(dict.fromkeys(found))}"


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# the letters outside ASCII that IGNORECASE matches to ASCII ones (İ ı ſ and the Kelvin sign)
_UNFOLDABLE = re.compile("[\u0130\u0131\u017f\u212a]")


def _fold(text: str) -> str | None:
    """`text` with its ASCII capitals in lower case, or None if it holds one of `_UNFOLDABLE`.

    The rules' words are ASCII, so where IGNORECASE would match a rule's pattern in `text`,
    `Rule.folded` (the same pattern, case-sensitive) matches the folded text, at the same offsets
    (one character for one): a case-sensitive regex is about twice as fast."""
    return None if _UNFOLDABLE.search(text) else text.translate(_ASCII_LOWER)


def _matches(rule: Rule, text: str, folded: str | None, first: bool = False) -> list[re.Match[str]]:
    """The rule's matches in `text` (only the first, if `first`), matched in `folded` when it can be;
    read their offsets, not their text, which may be folded."""
    pattern, within = (rule.folded, folded) if rule.folded and folded is not None else (rule.pattern, text)
    if first:
        return [m] if (m := pattern.search(within)) else []
    return list(pattern.finditer(within))


def _within(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether offset `at` falls in one of `spans` (in order, not overlapping), by bisection."""
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _statement(text: str, verbs: list[re.Match[str]]) -> list[str]:
    """The first reporting verb (of `verbs`, its match, if any) with the named source nearest to it,
    if there is one."""
    if not verbs:
        return []
    start, end = verbs[0].span()
    actors = list(_ACTOR.finditer(text))
    if not actors:
        return []
    actor = min(actors, key=lambda m: min(abs(m.start() - end), abs(start - m.end())))
    return [f"{text[start:end]} ({actor.group(0)})"]


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
