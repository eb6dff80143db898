"""Property-based tests of the date and share arithmetic behind computed checks."""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from factsite.text import dates
from factsite.text.arithmetic import CheckInputError, compute

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
SPANS = st.tuples(DAYS, st.integers(min_value=0, max_value=3000)).map(
    lambda pair: (pair[0], pair[0] + dt.timedelta(days=pair[1]))
)
SHARES = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))
)


@given(SPANS)
def test_days_and_weeks_agree_with_the_calendar(span: tuple[dt.date, dt.date]) -> None:
    start, end = span
    assert dates.days(start, end) == (end - start).days
    assert dates.weeks(start, end) * 7 == dates.days(start, end)


@given(DAYS, st.integers(min_value=0, max_value=600))
def test_adding_n_months_spans_exactly_n_months(start: dt.date, n: int) -> None:
    end = dates.add_months(start, n)
    assert dates.months(start, end) == n
    assert end.day == min(start.day, calendar.monthrange(end.year, end.month)[1])


@given(SPANS)
def test_whole_months_bracket_the_end(span: tuple[dt.date, dt.date]) -> None:
    start, end = span
    whole, rest = dates.whole_months(start, end)
    assert dates.add_months(start, whole) <= end < dates.add_months(start, whole + 1)
    assert dates.add_months(start, whole) + dt.timedelta(days=rest) == end
    assert whole <= dates.months(start, end) < whole + 1


@given(DAYS, st.integers(min_value=0, max_value=2000), st.integers(min_value=0, max_value=60))
def test_months_never_decrease_as_the_end_moves_later(start: dt.date, a: int, b: int) -> None:
    first = start + dt.timedelta(days=a)
    later = first + dt.timedelta(days=b)
    assert dates.months(start, first) <= dates.months(start, later)
    assert dates.years(start, first) <= dates.years(start, later)


@given(SPANS, st.integers(min_value=0, max_value=3000))
def test_n_days_is_exact(span: tuple[dt.date, dt.date], n: int) -> None:
    start, end = span
    result = compute(
        {"kind": "span", "from": start.isoformat(), "to": end.isoformat(), "stated": f"{n} days"}
    )
    assert result.consistent is ((end - start).days == n)


@given(DAYS, st.integers(min_value=-100, max_value=100))
def test_weekdays_repeat_every_seven_days(day: dt.date, weeks: int) -> None:
    assert dates.weekday(day) == dates.WEEKDAYS[day.isoweekday() - 1]
    later = day + dt.timedelta(weeks=weeks)
    if dt.date.min < later < dt.date.max:
        assert dates.weekday(later) == dates.weekday(day)


@given(DAYS)
def test_every_date_lies_in_one_fiscal_quarter(day: dt.date) -> None:
    period = dates.fiscal_period(day)
    first, last = dates.fiscal_bounds(period)
    assert first <= day <= last
    assert 90 <= (last - first).days + 1 <= 92
    assert dates.fiscal_period(first) == dates.fiscal_period(last) == period
    assert dates.fiscal_period(last + dt.timedelta(days=1)) != period
    assert dates.fiscal_period(first - dt.timedelta(days=1)) != period
    year_first, year_last = dates.fiscal_bounds(dates.FiscalPeriod(period.year))
    assert (year_first.month, year_first.day, year_last.month, year_last.day) == (10, 1, 9, 30)
    assert year_first <= day <= year_last


def _share(part: int | Fraction, whole: int, stated: str) -> bool:
    return compute({"kind": "share", "part": part, "whole": whole, "stated": stated}).consistent


@given(SHARES)
def test_exactly_one_whole_percentage_fits_a_share(share: tuple[int, int]) -> None:
    part, whole = share
    fitting = [n for n in range(101) if _share(part, whole, f"{n} percent")]
    assert len(fitting) == 1
    assert abs(Fraction(part * 100, whole) - fitting[0]) <= Fraction(1, 2)


@given(SHARES)
def test_a_majority_is_more_than_half(share: tuple[int, int]) -> None:
    part, whole = share
    assert _share(part, whole, "the majority") is (2 * part > whole)
    assert _share(part, whole, "a minority") is (2 * part < whole)


@given(SHARES, st.integers(min_value=5, max_value=100))
def test_rounded_percentages_are_also_about_right(share: tuple[int, int], n: int) -> None:
    part, whole = share
    if _share(part, whole, f"{n} percent"):
        assert _share(part, whole, f"about {n} percent")


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=100_000))
def test_a_percentage_of_a_whole_is_the_inverse_of_a_share(rate: int, whole: int) -> None:
    amount = Fraction(rate * whole, 100)
    assert _share(amount, whole, f"{rate} percent")
    if amount.denominator == 1:
        inputs = {"kind": "percent-of", "percent": rate, "whole": whole, "stated": str(amount)}
        assert compute(inputs).consistent


@given(
    st.text(max_size=40)
    | st.from_regex(r"(nearly|about|more than|the)? ?[0-9a-z ,.%-]{0,20}", fullmatch=True)
)
def test_any_words_are_read_or_refused_with_a_reason(words: str) -> None:
    try:
        result = compute({"kind": "share", "part": 1, "whole": 3, "stated": words})
    except CheckInputError as exc:
        assert exc.field == "stated"
        assert str(exc)
    else:
        assert result.stated == words
