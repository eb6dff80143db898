"""Computed checks: redo a claim's arithmetic and dates, and compare with the article's words.

Pure functions from a check's inputs (a mapping already validated against the
claim schema) to a `CheckResult` holding the working. Exact arithmetic with
`Fraction`, so that a tolerance at its limit is decided exactly. The meaning of
the article's words ("nearly", "the majority") comes from `wording`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..model import CheckResult
from . import dates
from .textnorm import normalise
from .wording import COUNT, PERCENT, Stated, WordingError, read

Inputs = Mapping[str, Any]


class CheckInputError(ValueError):
    """A check that cannot be computed, and the field at fault."""

    def __init__(self, field: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.hint = hint


def show(value: Fraction, places: int = 1) -> str:
    """A number as shown in the working: thousands separated, rounded half up, no trailing zeros.

    Integer arithmetic throughout, so that figures of any size (up to the
    10^±100 that `scalars.LIMIT` lets in, and what they compute to) show exactly.
    """
    scale = 10**places
    rounded = math.floor(abs(value) * scale + Fraction(1, 2))
    whole, fraction = divmod(rounded, scale)
    decimals = f".{fraction:0{places}d}".rstrip("0").rstrip(".") if places else ""
    text = f"{whole:,}{decimals}"
    return "-" + text if value < 0 and rounded else text


def percent(value: Fraction) -> str:
    return f"{show(value)}%"


def number(value: Any) -> Fraction:
    """A figure of a check's inputs, exactly: an int or a Decimal read from the file's digits."""
    return Fraction(value) if isinstance(value, int | Decimal) else Fraction(str(value))


def stated_as(inputs: Inputs, unit: str, what: str) -> Stated:
    """The article's words, which must name a quantity in `unit`."""
    try:
        stated = read(str(inputs["stated"]))
    except WordingError as exc:
        raise CheckInputError("stated", str(exc), exc.hint) from None
    if stated.unit != unit and not (unit == "time" and stated.unit in dates.UNITS):
        raise CheckInputError(
            "stated",
            f"'{inputs['stated']}' does not name {what}",
            "give the words the article uses for it; the words understood are listed in docs/checks.md",
        )
    return stated


def _result(
    kind: str, inputs: tuple[tuple[str, str], ...], working: str, stated: Stated, value: Fraction
) -> CheckResult:
    suffix = "%" if stated.unit == PERCENT else ""
    return CheckResult(
        kind=kind,
        title=TITLES[kind],
        inputs=inputs,
        working=working,
        stated=stated.words,
        meaning=stated.range.describe(lambda v: show(v, 2) + suffix)
        + (f" {stated.unit}" if stated.unit in dates.UNITS else ""),
        consistent=value in stated.range,
    )


def share(inputs: Inputs) -> CheckResult:
    part, whole = number(inputs["part"]), number(inputs["whole"])
    stated = stated_as(inputs, PERCENT, "a share, such as 'the majority', 'a third' or '10 percent'")
    value = part / whole * 100
    working = f"{show(part)} ÷ {show(whole)} = {percent(value)}"
    return _result("share", (("part", show(part)), ("whole", show(whole))), working, stated, value)


def percent_of(inputs: Inputs) -> CheckResult:
    rate, whole = number(inputs["percent"]), number(inputs["whole"])
    stated = stated_as(inputs, COUNT, "an amount, such as 'nearly 40'")
    value = rate / 100 * whole
    working = f"{percent(rate)} of {show(whole)} = {show(value)}"
    shown = (("percent", percent(rate)), ("whole", show(whole)))
    return _result("percent-of", shown, working, stated, value)


def change(inputs: Inputs) -> CheckResult:
    before, after = number(inputs["from"]), number(inputs["to"])
    stated = stated_as(inputs, PERCENT, "a change in percent or as a fraction, such as 'a third'")
    value = (after - before) / before * 100
    direction = "a rise" if value >= 0 else "a fall"
    working = (
        f"({show(after)} − {show(before)}) ÷ {show(before)} = {percent(value)}: "
        f"{direction} of {percent(abs(value))}"
    )
    shown = (("from", show(before)), ("to", show(after)))
    return _result("change", shown, working, stated, abs(value))


def span(inputs: Inputs) -> CheckResult:
    start, end = _date(inputs, "from"), _date(inputs, "to")
    if end < start:
        raise CheckInputError("to", "the span ends before it starts", "put the earlier date in 'from'")
    stated = stated_as(inputs, "time", "a span of time, such as 'nearly two months' or '90 days'")
    whole, extra = dates.whole_months(start, end)
    working = (
        f"{dates.long(start)} to {dates.long(end)}: {show(Fraction(dates.days(start, end)))} days"
        f" = {show(dates.weeks(start, end), 2)} weeks = {whole} months and {extra} days"
        f" = {show(dates.months(start, end), 2)} months"
    )
    value = dates.measure(start, end, stated.unit)
    shown = (("from", dates.long(start)), ("to", dates.long(end)))
    return _result("span", shown, working, stated, value)


def _date(inputs: Inputs, field: str) -> dt.date:
    return dt.date.fromisoformat(str(inputs[field]))


def weekday(inputs: Inputs) -> CheckResult:
    day = _date(inputs, "date")
    words = str(inputs["stated"])
    named = {w for w in re.findall(r"[a-z]+", words.lower()) if w in dates.WEEKDAYS_LOWER}
    if len(named) != 1:
        raise CheckInputError(
            "stated",
            f"'{words}' does not name one day of the week",
            "give the article's words, e.g. 'Monday'",
        )
    computed = dates.weekday(day)
    return CheckResult(
        kind="weekday",
        title=TITLES["weekday"],
        inputs=(("date", dates.long(day)),),
        working=f"{dates.long(day)} was a {computed}",
        stated=words,
        meaning=named.pop().capitalize(),
        consistent=computed.lower() in words.lower(),
    )


def fiscal_quarter(inputs: Inputs) -> CheckResult:
    words = str(inputs["stated"])
    try:
        period = dates.read_fiscal(words)
    except ValueError as exc:
        raise CheckInputError(
            "stated", str(exc), "write e.g. 'the second quarter of the 2018 fiscal year'"
        ) from None
    first, last = dates.fiscal_bounds(period)
    if "date" in inputs and "from" not in inputs and "to" not in inputs:
        shown, working, consistent = _fiscal_date(_date(inputs, "date"), period)
    elif "from" in inputs and "to" in inputs and "date" not in inputs:
        shown, working, consistent = _fiscal_span(_date(inputs, "from"), _date(inputs, "to"), period)
    else:
        raise CheckInputError(
            "kind",
            "give either 'date', or 'from' and 'to'",
            "a fiscal-quarter check takes one date or one span",
        )
    return CheckResult(
        kind="fiscal-quarter",
        title=TITLES["fiscal-quarter"],
        inputs=shown,
        working=working,
        stated=words,
        meaning=f"{period}: {dates.long(first)} to {dates.long(last)}",
        consistent=consistent,
    )


Shown = tuple[tuple[str, str], ...]


def _fiscal_date(day: dt.date, period: dates.FiscalPeriod) -> tuple[Shown, str, bool]:
    """A date must fall in the stated fiscal year (and quarter, if one is stated)."""
    actual = dates.fiscal_period(day, quarter=period.quarter is not None)
    return (("date", dates.long(day)),), f"{dates.long(day)} is in {actual}", actual == period


def _fiscal_span(start: dt.date, end: dt.date, period: dates.FiscalPeriod) -> tuple[Shown, str, bool]:
    """A span must be exactly the stated fiscal year or quarter, no more and no less."""
    quarter = period.quarter is not None
    begins, ends = dates.fiscal_period(start, quarter), dates.fiscal_period(end, quarter)
    exact = (start, end) == dates.fiscal_bounds(period)
    if exact:
        found = f"exactly {period}"
    elif begins == ends:
        found = f"within {begins}, but not the whole of it"
    else:
        found = f"from {begins} to {ends}"
    shown = (("from", dates.long(start)), ("to", dates.long(end)))
    return shown, f"{dates.long(start)} to {dates.long(end)}: {found}", exact


def total(inputs: Inputs) -> CheckResult:
    items = [number(i) for i in inputs["items"]]
    stated = stated_as(inputs, COUNT, "a number, such as '54'")
    value = sum(items, Fraction(0))
    working = " + ".join(show(i, 2) for i in items) + f" = {show(value, 2)}"
    return _result("sum", (("items", ", ".join(show(i, 2) for i in items)),), working, stated, value)


def distinct(inputs: Inputs) -> CheckResult:
    items = [str(i) for i in inputs["items"]]
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for item in items:
        key = normalise(item).text.casefold()  # the same name, whatever a reader cannot see (textnorm)
        if key in seen and seen[key] not in repeated:
            repeated.append(seen[key])
        seen.setdefault(key, item)
    working = f"{len(items)} named, {len(seen)} different" + (
        f"; named more than once: {', '.join(repeated)}" if repeated else ""
    )
    shown = (("items", ", ".join(items)),)
    if "stated" not in inputs:
        return CheckResult(
            kind="distinct",
            title=TITLES["distinct"],
            inputs=shown,
            working=working,
            stated="",
            meaning="each item named once",
            consistent=not repeated,
        )
    stated = stated_as(inputs, COUNT, "a number of items, such as '13 countries'")
    return _result("distinct", shown, working, stated, Fraction(len(seen)))


TITLES = {
    "share": "Share of a whole",
    "percent-of": "Percentage of a whole",
    "change": "Change between two figures",
    "span": "Span between two dates",
    "weekday": "Day of the week",
    "fiscal-quarter": "US federal fiscal year and quarter",
    "sum": "Sum",
    "distinct": "Different items in a list",
}

KINDS: dict[str, Callable[[Inputs], CheckResult]] = {
    "share": share,
    "percent-of": percent_of,
    "change": change,
    "span": span,
    "weekday": weekday,
    "fiscal-quarter": fiscal_quarter,
    "sum": total,
    "distinct": distinct,
}


def compute(inputs: Inputs) -> CheckResult:
    """Compute one check; raise `CheckInputError` when its inputs cannot be used."""
    return KINDS[str(inputs["kind"])](inputs)
