"""Calendar arithmetic for computed checks: spans, weekdays, US federal fiscal quarters.

A span in months counts whole calendar months, then the rest as a fraction of
the next month: 1 February to 4 April is 2 months (to 1 April) and 3 days of
the 30 from 1 April to 1 May, 2.1 months. Adding a month to the 31st lands on
the last day of a shorter month (31 January + 1 month = 28 or 29 February).
The US federal fiscal year N runs from 1 October of N-1 to 30 September of N.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

UNITS = ("days", "weeks", "months", "years")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_LOWER = tuple(day.lower() for day in WEEKDAYS)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long(day: dt.date) -> str:
    """A date as shown in the working, independent of the locale: '1 February 2024'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if it is shorter."""
    return dt.date(*_shifted(day, months))


def _shifted(day: dt.date, months: int) -> tuple[int, int, int]:
    """`add_months` as (year, month, day), also past the year 9999 that `datetime` stops at."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return year, month + 1, min(day.day, _month_length(year, month + 1))


_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    return _LENGTHS[month - 1] + (month == 2 and calendar.isleap(year))


def _ordinal(year: int, month: int, day: int) -> int:
    """`date.toordinal()` of a (year, month, day), for any year from 1 on."""
    before = year - 1
    months = sum(_month_length(year, m) for m in range(1, month))
    return before * 365 + before // 4 - before // 100 + before // 400 + months + day


def days(start: dt.date, end: dt.date) -> int:
    return (end - start).days


def weeks(start: dt.date, end: dt.date) -> Fraction:
    return Fraction(days(start, end), 7)


def _steps(start: dt.date, end: dt.date, step: int) -> tuple[int, Fraction]:
    """Whole steps of `step` months from start to end, and the rest as a fraction of a step."""
    whole = ((end.year - start.year) * 12 + end.month - start.month) // step
    while _ordinal(*_shifted(start, whole * step)) > end.toordinal():
        whole -= 1
    reached = _ordinal(*_shifted(start, whole * step))
    following = _ordinal(*_shifted(start, (whole + 1) * step))  # may lie past 9999-12-31
    return whole, Fraction(end.toordinal() - reached, following - reached)


def whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole calendar months from start to end, and the days left over."""
    whole, _ = _steps(start, end, 1)
    return whole, days(add_months(start, whole), end)


def months(start: dt.date, end: dt.date) -> Fraction:
    whole, rest = _steps(start, end, 1)
    return whole + rest


def years(start: dt.date, end: dt.date) -> Fraction:
    whole, rest = _steps(start, end, 12)
    return whole + rest


def measure(start: dt.date, end: dt.date, unit: str) -> Fraction:
    """The span from start to end in one of `UNITS`."""
    if unit == "days":
        return Fraction(days(start, end))
    if unit == "weeks":
        return weeks(start, end)
    return months(start, end) if unit == "months" else years(start, end)


@dataclass(frozen=True)
class FiscalPeriod:
    """A US federal fiscal year, or one quarter of it (1 to 4)."""

    year: int
    quarter: int | None = None

    def __str__(self) -> str:
        if self.quarter is None:
            return f"fiscal year {self.year}"
        return f"Q{self.quarter} of fiscal year {self.year}"


def fiscal_period(day: dt.date, quarter: bool = True) -> FiscalPeriod:
    """The fiscal year (and quarter) a date falls in."""
    year = day.year + 1 if day.month >= 10 else day.year
    return FiscalPeriod(year, (day.month - 10) % 12 // 3 + 1 if quarter else None)


def fiscal_bounds(period: FiscalPeriod) -> tuple[dt.date, dt.date]:
    """The first and last day of a fiscal year or quarter."""
    first = dt.date(period.year - 1, 10, 1)
    if period.quarter is None:
        return first, dt.date(period.year, 9, 30)
    start = add_months(first, 3 * (period.quarter - 1))
    return start, add_months(start, 3) - dt.timedelta(days=1)


FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = dt.MINYEAR + 1, dt.MAXYEAR  # fiscal year N starts in N-1
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b|\bq([1-4])\b")
_YEAR = re.compile(r"\b(?:fy\s*'?)?(\d{4})\b|\bfy\s*'?(\d{2})\b")


def read_fiscal(words: str) -> FiscalPeriod:
    """Read 'the second quarter of the 2018 fiscal year', 'Q2 FY2018' or 'fiscal year 2018'."""
    text = words.lower()
    if "fiscal" not in text and not re.search(r"\bfy", text):
        raise ValueError(f"'{words}' does not name a fiscal year")
    years = {int(a) if a else 2000 + int(b) for a, b in _YEAR.findall(text)}
    quarters = {_ORDINALS[a] if a else int(b) for a, b in _QUARTER.findall(text)}
    if len(years) != 1 or len(quarters) > 1:
        raise ValueError(f"'{words}' does not name one fiscal year and at most one quarter")
    year = years.pop()
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise ValueError(
            f"'{words}': fiscal year {year} lies outside the calendar "
            f"(fiscal years {FIRST_FISCAL_YEAR} to {LAST_FISCAL_YEAR})"
        )
    return FiscalPeriod(year, quarters.pop() if quarters else None)
