"""Check-worthiness: what makes a sentence worth checking, each rule saying what it found.

The rules find a number, a date, a word of quantity or a reported statement; coverage.py applies
them to every sentence of every article.

The case-blind rules match in a copy of the sentence in lower case
(`_fold`), and the date and number rules look ahead for the characters their matches can start
with: both give the same matches as the plain patterns (tests/test_sentences.py compares them),
in about half the time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field


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


# the letters outside ASCII that IGNORECASE matches to ASCII ones (İ ı ſ and the Kelvin sign)
_UNFOLDABLE = re.compile("[\u0130\u0131\u017f\u212a]")


def _fold(text: str) -> str | None:
    """`text` in lower case, or None if it holds one of `_UNFOLDABLE`.

    The rules' words are ASCII, so where IGNORECASE would match a rule's pattern in `text`,
    `Rule.folded` (the same pattern, case-sensitive) matches the folded text, at the same offsets:
    a case-sensitive regex is about twice as fast. Every other character lowers to one character
    outside ASCII of the same kind (word, digit, space or other; tests/test_sentences.py checks each
    code point), so that no match is made or lost by lowering it: `str.lower` does it in C, several
    times faster than translating the ASCII capitals alone."""
    return text.lower() if text.isascii() or not _UNFOLDABLE.search(text) else None


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
