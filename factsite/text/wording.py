"""What the words of an article allow: "nearly 40", "the majority", "10 percent".

A computed check compares a value with the words the article used. This module
reads those words into a `Stated`: the unit and the range of values they allow.
The tolerance of every word is defined in the tables below and nowhere else;
docs/checks.md explains them and the methodology page shows them to readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

PERCENT, COUNT = "percent", ""
LIMIT = 100  # figures up to 10^LIMIT, with at most LIMIT digits: scalars.LIMIT for the article's words
TIME_UNITS = {"day": "days", "days": "days", "week": "weeks", "weeks": "weeks"} | {
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}


class WordingError(ValueError):
    """The words cannot be read as a quantity."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Range:
    """An interval of values; None for an open end."""

    low: Fraction | None
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, value: Fraction) -> bool:
        above = self.low is None or (value > self.low if self.low_open else value >= self.low)
        below = self.high is None or (value < self.high if self.high_open else value <= self.high)
        return above and below

    def describe(self, show: Callable[[Fraction], str]) -> str:
        """The range in words, e.g. "from 36 to under 40"."""
        low, high = self.low, self.high
        if low is not None and high is not None:
            if low == high:
                return f"exactly {show(low)}"
            start = f"more than {show(low)}" if self.low_open else f"from {show(low)}"
            end = f"under {show(high)}" if self.high_open else show(high)
            return f"{start} to {end}" if not self.low_open else f"{start}, up to {end}"
        if low is not None:
            return f"more than {show(low)}" if self.low_open else f"{show(low)} or more"
        if high is not None:
            return f"less than {show(high)}" if self.high_open else f"{show(high)} or less"
        return "any value"


@dataclass(frozen=True)
class Qualifier:
    """Words put before a number, and the range they allow around it."""

    words: tuple[str, ...]
    meaning: str
    bounds: Callable[[Fraction, Fraction], Range]  # (N, half a unit of N's precision) -> Range


TENTH = Fraction(1, 10)

QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier(
        ("just", "only"),
        "N as written: the value rounds to N at the precision N is written in "
        "(“10” allows 9.5 to under 10.5, “2.5” allows 2.45 to under 2.55, "
        "a fraction word allows half a percentage point either way)",
        lambda n, half: Range(n - half, n + half, high_open=True),
    ),
    Qualifier(("exactly", "precisely"), "exactly N", lambda n, half: Range(n, n)),
    Qualifier(
        ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated"),
        "within 10% of N, either way",
        lambda n, half: Range(n * (1 - TENTH), n * (1 + TENTH)),
    ),
    Qualifier(
        ("nearly", "almost", "close to", "just under", "just shy of"),
        "less than N, by at most 10% of N",
        lambda n, half: Range(n * (1 - TENTH), n, high_open=True),
    ),
    Qualifier(
        ("just over", "just more than", "slightly more than", "a little over", "a little more than"),
        "more than N, by at most 10% of N",
        lambda n, half: Range(n, n * (1 + TENTH), low_open=True),
    ),
    Qualifier(
        ("more than", "over", "above", "in excess of", "upwards of"),
        "more than N",
        lambda n, half: Range(n, None, low_open=True),
    ),
    Qualifier(("at least", "no fewer than", "no less than"), "N or more", lambda n, half: Range(n, None)),
    Qualifier(
        ("less than", "fewer than", "under", "below"),
        "less than N",
        lambda n, half: Range(None, n, high_open=True),
    ),
    Qualifier(("at most", "no more than", "up to", "within"), "N or less", lambda n, half: Range(None, n)),
    Qualifier(
        ("during the first", "during his first", "during her first", "during their first", "in the first"),
        "less than N after the start (the Nth day ends N days after the first day began)",
        lambda n, half: Range(None, n, high_open=True),
    ),
)
AS_WRITTEN = QUALIFIERS[0]

HUNDRED = Fraction(100)

# Words that are a share on their own: a range of percentages, no qualifier allowed.
SHARE_WORDS: tuple[tuple[tuple[str, ...], str, Range], ...] = (
    (("majority", "a majority", "the majority", "most"), "more than half", Range(Fraction(50), None, True)),
    (("minority", "a minority"), "less than half", Range(None, Fraction(50), high_open=True)),
    (("all", "every", "every single one", "each"), "all of them: 100%", Range(HUNDRED, HUNDRED)),
    (("none", "no one", "not one"), "none of them: 0%", Range(Fraction(0), Fraction(0))),
)

# Fractions named in words, as percentages; they take qualifiers ("nearly half").
FRACTIONS: dict[str, Fraction] = {
    "half": Fraction(50),
    "a half": Fraction(50),
    "one half": Fraction(50),
    "a third": Fraction(100, 3),
    "one third": Fraction(100, 3),
    "two thirds": Fraction(200, 3),
    "a quarter": Fraction(25),
    "one quarter": Fraction(25),
    "three quarters": Fraction(75),
    "a fifth": Fraction(20),
    "one fifth": Fraction(20),
    "a tenth": Fraction(10),
    "one tenth": Fraction(10),
}

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS: dict[str, int] = (
    {w: i for i, w in enumerate(_ONES)}
    | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
    | {"once": 1, "twice": 2, "thrice": 3}
)
MULTIPLIERS: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
PERCENT_WORDS = ("percent", "per cent", "%", "pct")

_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|%|[a-z]+")


@dataclass(frozen=True)
class Stated:
    """The words of the article, read: a unit and the range of values they allow."""

    words: str
    unit: str  # PERCENT, COUNT, or a time unit ("days", "weeks", "months", "years")
    range: Range
    noun: str  # the words after the quantity, e.g. "people"


def read(words: str) -> Stated:
    """Read the article's words for a quantity; raise `WordingError` if they are not one."""
    tokens = _TOKEN.findall(words.lower().replace("’", "'"))
    qualifier, rest = _qualifier(tokens)
    share = _match(rest, {w: r for names, _, r in SHARE_WORDS for w in names})
    if share is not None:
        if qualifier is not AS_WRITTEN:
            raise WordingError(
                f"'{words}': '{' '.join(rest[: share[1]])}' already names a range; "
                f"it cannot follow '{' '.join(tokens[: len(tokens) - len(rest)])}'",
                "write the words as the article has them, e.g. 'the majority'",
            )
        return Stated(words, PERCENT, share[0], " ".join(rest[share[1] :]))
    value, half, unit, used = _quantity(words, rest)
    noun_words = rest[used:]
    if unit == COUNT and noun_words and noun_words[0] in TIME_UNITS:
        unit, noun_words = TIME_UNITS[noun_words[0]], noun_words[1:]
    return Stated(words, unit, qualifier.bounds(value, half), " ".join(noun_words))


def _match(tokens: list[str], table: dict[str, Range]) -> tuple[Range, int] | None:
    """The longest entry of `table` that the tokens start with, and its length in tokens."""
    for size in range(min(len(tokens), 3), 0, -1):
        phrase = " ".join(tokens[:size])
        if phrase in table:
            return table[phrase], size
    return None


def _qualifier(tokens: list[str]) -> tuple[Qualifier, list[str]]:
    for size in range(min(len(tokens), 3), 0, -1):
        phrase = " ".join(tokens[:size])
        for qualifier in QUALIFIERS:
            if phrase in qualifier.words:
                return qualifier, tokens[size:]
    return AS_WRITTEN, tokens


def _quantity(words: str, tokens: list[str]) -> tuple[Fraction, Fraction, str, int]:
    """(value, half a unit of precision, unit, tokens used) of a number or fraction."""
    for size in (2, 1):
        phrase = " ".join(tokens[:size])
        if phrase in FRACTIONS:
            return FRACTIONS[phrase], Fraction(1, 2), PERCENT, size
    value, half, used = _number(words, tokens)
    for size in (2, 1):
        if " ".join(tokens[used : used + size]) in PERCENT_WORDS:
            return value, half, PERCENT, used + size
    return value, half, COUNT, used


def _number(words: str, tokens: list[str]) -> tuple[Fraction, Fraction, int]:
    if tokens and tokens[0][0].isdigit():
        digits = tokens[0].replace(",", "")
        if len(digits) > LIMIT:
            raise WordingError(f"'{_shorten(words)}' has more digits than a check works with", _TOO_LARGE)
        places = len(digits.split(".")[1]) if "." in digits else 0
        value, half, used = Fraction(digits), Fraction(1, 2 * 10**places), 1
    else:
        value, used = _number_words(tokens)
        half = Fraction(1, 2)
        if used == 0:
            raise WordingError(
                f"cannot read '{words}' as a quantity",
                "give the article's words for a number, share or span, e.g. 'nearly 40', "
                "'10 percent', 'the majority', 'nearly two months' (see docs/checks.md)",
            )
    while used < len(tokens) and tokens[used] in MULTIPLIERS:
        value, half = value * MULTIPLIERS[tokens[used]], half * MULTIPLIERS[tokens[used]]
        used += 1
        if value > 10**LIMIT:
            raise WordingError(f"'{_shorten(words)}' names a quantity beyond 10^{LIMIT}", _TOO_LARGE)
    return value, half, used


_TOO_LARGE = f"give the article's words for a figure up to 10^{LIMIT}, e.g. '2.5 million'"


def _shorten(words: str) -> str:
    return words if len(words) <= 60 else words[:59] + "…"


def _number_words(tokens: list[str]) -> tuple[Fraction, int]:
    """A number in words below a hundred ("twenty one", "a dozen", "a year"), and its length."""
    total, used = 0, 0
    if tokens[:2] in (["a", "dozen"], ["one", "dozen"]):
        return Fraction(12), 2
    if (
        tokens[:1] in (["a"], ["an"])
        and len(tokens) > 1
        and (tokens[1] in MULTIPLIERS or tokens[1] in TIME_UNITS)
    ):
        return Fraction(1), 1
    while used < len(tokens) and tokens[used] in NUMBER_WORDS:
        value = NUMBER_WORDS[tokens[used]]
        if total and (total % 10 or value >= 10):
            break
        total, used = total + value, used + 1
    return Fraction(total), used


def vocabulary() -> tuple[tuple[str, str], ...]:
    """Every word the checks understand, with what it allows: for the methodology page."""
    rows = [(", ".join(q.words), q.meaning) for q in QUALIFIERS]
    rows[0] = (f"a number alone, or after {' or '.join(AS_WRITTEN.words)}", AS_WRITTEN.meaning)
    rows += [(", ".join(words), meaning) for words, meaning, _ in SHARE_WORDS]
    rows.append((", ".join(FRACTIONS), "that share of the whole; the words above may come before them"))
    rows.append((", ".join(PERCENT_WORDS), "after a number: a percentage, e.g. “10 percent”"))
    return tuple(rows)
