"""Each kind of computed check, with its edge cases and the tolerances at their limits."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from factsite.text import dates
from factsite.text.arithmetic import CheckInputError, compute, show
from factsite.text.wording import PERCENT, Range, WordingError, read


def check(kind: str, **inputs: Any) -> Any:
    return compute({"kind": kind, **{k.rstrip("_"): v for k, v in inputs.items()}})


# Share of a whole


def test_21_of_54_is_not_a_majority() -> None:
    result = check("share", part=21, whole=54, stated="The majority")
    assert result.working == "21 ÷ 54 = 38.9%"
    assert result.meaning == "more than 50%"
    assert not result.consistent


def test_a_majority_is_strictly_more_than_half() -> None:
    assert not check("share", part=27, whole=54, stated="the majority").consistent
    assert check("share", part=28, whole=54, stated="a majority").consistent


@pytest.mark.parametrize(
    ("part", "consistent"),
    [(95, True), (104, True), (Fraction(10499, 100), True), (105, False), (Fraction(9499, 100), False)],
)
def test_n_percent_allows_what_rounds_to_n(part: Fraction, consistent: bool) -> None:
    assert check("share", part=str(part), whole=1000, stated="10 percent").consistent is consistent


def test_percent_can_be_written_three_ways() -> None:
    for words in ("10%", "10 per cent", "10 percent"):
        assert check("share", part=100, whole=1000, stated=words).consistent


def test_fraction_words_and_every() -> None:
    assert check("share", part=1, whole=3, stated="a third").consistent
    assert check("share", part=2, whole=3, stated="two thirds").consistent
    assert check("share", part=54, whole=54, stated="every single one").consistent
    assert not check("share", part=53, whole=54, stated="all").consistent
    assert check("share", part=26, whole=54, stated="nearly half").consistent


def test_a_share_needs_words_for_a_share() -> None:
    with pytest.raises(CheckInputError) as caught:
        check("share", part=21, whole=54, stated="21 people")
    assert caught.value.field == "stated"


# Percentage of a whole


def test_ten_percent_of_440_is_not_nearly_40() -> None:
    result = check("percent-of", percent=10, whole=440, stated="nearly 40")
    assert result.working == "10% of 440 = 44"
    assert result.meaning == "from 36 to under 40"
    assert not result.consistent


@pytest.mark.parametrize(
    ("amount", "consistent"),
    [("36", True), ("35.99", False), ("39.99", True), ("40", False)],
)
def test_nearly_at_its_limits(amount: str, consistent: bool) -> None:
    assert check("percent-of", percent=100, whole=amount, stated="nearly 40").consistent is consistent


@pytest.mark.parametrize(
    ("amount", "consistent"),
    [("36", True), ("44", True), ("44.01", False), ("35.99", False)],
)
def test_about_at_its_limits(amount: str, consistent: bool) -> None:
    assert check("percent-of", percent=100, whole=amount, stated="about 40").consistent is consistent


def test_more_than_and_at_least() -> None:
    assert not check("sum", items=[300], stated="more than 300 communities").consistent
    assert check("sum", items=[301], stated="over 300").consistent
    assert check("sum", items=[300], stated="at least 300").consistent
    assert check("sum", items=[299], stated="fewer than 300").consistent


# Change


def test_a_rise_of_a_third() -> None:
    result = check("change", from_=300, to=400, stated="a third")
    assert result.consistent
    assert "a rise of 33.3%" in result.working


def test_a_fall_is_compared_by_its_size() -> None:
    result = check("change", from_=300, to=200, stated="a third")
    assert result.consistent
    assert "a fall of 33.3%" in result.working


# Spans


def test_feb_1_to_april_4_is_more_than_two_months() -> None:
    result = check("span", from_="2024-02-01", to="2024-04-04", stated="nearly two months")
    assert "63 days" in result.working
    assert "2 months and 3 days = 2.1 months" in result.working
    assert result.meaning == "from 1.8 to under 2 months"
    assert not result.consistent


def test_leap_years_change_days_not_months() -> None:
    assert dates.days(dt.date(2024, 2, 1), dt.date(2024, 4, 4)) == 63
    assert dates.days(dt.date(2023, 2, 1), dt.date(2023, 4, 4)) == 62
    assert dates.months(dt.date(2023, 2, 1), dt.date(2023, 4, 4)) == Fraction(21, 10)
    assert check("span", from_="2024-02-28", to="2024-03-01", stated="two days").consistent
    assert check("span", from_="2023-02-28", to="2023-03-01", stated="one day").consistent


def test_month_ends() -> None:
    assert dates.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert dates.add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert dates.whole_months(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == (1, 0)
    assert dates.whole_months(dt.date(2023, 1, 31), dt.date(2023, 2, 27)) == (0, 27)
    assert dates.whole_months(dt.date(2023, 1, 31), dt.date(2023, 3, 31)) == (2, 0)
    assert dates.months(dt.date(2023, 12, 15), dt.date(2024, 1, 15)) == 1


def test_spans_in_days_weeks_and_years() -> None:
    assert check("span", from_="2024-03-03", to="2024-06-01", stated="90 days").consistent
    assert check("span", from_="2024-02-01", to="2024-04-04", stated="9 weeks").consistent
    assert check("span", from_="2013-05-01", to="2014-09-01", stated="more than a year").consistent
    assert dates.years(dt.date(2020, 2, 29), dt.date(2021, 2, 28)) == 1


def test_during_the_first_n_days_means_less_than_n_days_after_the_start() -> None:
    stated = "during his first five days"
    assert not check("span", from_="2017-01-20", to="2017-01-25", stated=stated).consistent
    assert check("span", from_="2017-01-20", to="2017-01-24", stated=stated).consistent
    assert check("span", from_="2017-01-20", to="2017-01-25", stated="within five days").consistent


def test_just_and_only_add_nothing_to_a_number() -> None:
    assert read("just three months").range == read("three months").range
    assert check("distinct", items=["May 2013", "September 2014"], stated="twice").consistent


def test_a_span_must_run_forwards_and_be_stated_in_time() -> None:
    with pytest.raises(CheckInputError) as backwards:
        check("span", from_="2024-04-04", to="2024-02-01", stated="two months")
    assert backwards.value.field == "to"
    with pytest.raises(CheckInputError) as unitless:
        check("span", from_="2024-02-01", to="2024-04-04", stated="nearly 40")
    assert unitless.value.field == "stated"


# Weekday


def test_weekdays() -> None:
    assert check("weekday", date="2019-07-15", stated="Monday").consistent
    assert check("weekday", date="2024-02-29", stated="on Thursday").consistent
    result = check("weekday", date="2024-03-04", stated="Tuesday")
    assert not result.consistent
    assert result.working == "4 March 2024 was a Monday"


def test_a_weekday_check_needs_one_weekday() -> None:
    with pytest.raises(CheckInputError):
        check("weekday", date="2019-07-15", stated="last week")
    with pytest.raises(CheckInputError):
        check("weekday", date="2019-07-15", stated="Monday or Tuesday")


# Fiscal year and quarter


@pytest.mark.parametrize(
    ("day", "year", "quarter"),
    [
        ("2017-09-30", 2017, 4),
        ("2017-10-01", 2018, 1),
        ("2017-12-31", 2018, 1),
        ("2018-01-01", 2018, 2),
        ("2018-03-31", 2018, 2),
        ("2018-04-01", 2018, 3),
        ("2018-07-01", 2018, 4),
    ],
)
def test_fiscal_year_boundaries(day: str, year: int, quarter: int) -> None:
    assert dates.fiscal_period(dt.date.fromisoformat(day)) == dates.FiscalPeriod(year, quarter)


def test_jan_to_march_2018_is_the_second_quarter_of_fiscal_2018() -> None:
    stated = "the second quarter of the 2018 fiscal year"
    result = check("fiscal-quarter", from_="2018-01-01", to="2018-03-31", stated=stated)
    assert result.consistent
    assert result.meaning == "Q2 of fiscal year 2018: 1 January 2018 to 31 March 2018"
    part = check("fiscal-quarter", from_="2018-01-01", to="2018-03-30", stated=stated)
    assert not part.consistent
    assert part.working.endswith("within Q2 of fiscal year 2018, but not the whole of it")
    across = check("fiscal-quarter", from_="2017-12-01", to="2018-03-31", stated=stated)
    assert across.working.endswith("from Q1 of fiscal year 2018 to Q2 of fiscal year 2018")
    assert not check("fiscal-quarter", from_="2017-01-01", to="2017-03-31", stated=stated).consistent


def test_fiscal_words_and_single_dates() -> None:
    assert check("fiscal-quarter", date="2018-10-01", stated="Q1 FY2019").consistent
    assert check("fiscal-quarter", date="2018-09-30", stated="fiscal year 2018").consistent
    assert not check("fiscal-quarter", date="2018-10-01", stated="fiscal year 2018").consistent
    assert check("fiscal-quarter", from_="2017-10-01", to="2018-09-30", stated="FY 2018").consistent


def test_fiscal_inputs_must_be_one_date_or_one_span() -> None:
    with pytest.raises(CheckInputError):
        check("fiscal-quarter", date="2018-01-01", to="2018-03-31", stated="FY2018 Q2")
    with pytest.raises(CheckInputError) as caught:
        check("fiscal-quarter", date="2018-01-01", stated="the second quarter of 2018")
    assert caught.value.field == "stated"


# Sum and distinct items


def test_sums_are_exact() -> None:
    assert check("sum", items=[21, 33], stated="54").consistent
    assert check("sum", items=[0.1, 0.2], stated="0.3").consistent
    assert check("sum", items=[2916], stated="2,916").consistent
    assert not check("sum", items=[21, 32], stated="54").consistent


def test_a_list_that_names_a_country_twice() -> None:
    countries = ["El Salvador", "Honduras", "Brazil", "Costa Rica", "brazil ", "Pakistan"]
    result = check("distinct", items=countries)
    assert not result.consistent
    assert result.working == "6 named, 5 different; named more than once: Brazil"
    assert check("distinct", items=["Mexico", "Brazil"]).consistent
    assert check("distinct", items=countries, stated="five countries").consistent


# Reading the article's words


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("twenty-one", 21),
        ("Sixteen", 16),
        ("a dozen", 12),
        ("2,916 requests", 2916),
        ("ninety nine", 99),
        ("a week", 1),
    ],
)
def test_numbers_in_words_and_digits(words: str, value: int) -> None:
    assert Fraction(value) in read(words).range
    assert Fraction(value) + 1 not in read(words).range


def test_multiplier_words_scale_the_precision() -> None:
    assert read("$400 million").range == Range(Fraction(399_500_000), Fraction(400_500_000), high_open=True)
    assert read("a hundred").range == Range(Fraction(50), Fraction(150), high_open=True)
    assert read("about 2 million").range == Range(Fraction(1_800_000), Fraction(2_200_000))


def test_the_precision_written_sets_the_tolerance() -> None:
    assert read("2.5").range.low == Fraction("2.45")
    assert read("2,500").range.low == Fraction("2499.5")
    assert read("400 million").range.low == Fraction(399_500_000)
    stated = read("nearly two months")
    assert (stated.unit, stated.noun) == ("months", "")
    assert read("the majority of those arrested").unit == PERCENT


@pytest.mark.parametrize("words", ["lots", "", "nearly the majority", "many people"])
def test_unreadable_words_are_refused(words: str) -> None:
    with pytest.raises(WordingError):
        read(words)


def test_numbers_are_shown_rounded_half_up_without_trailing_zeros() -> None:
    assert show(Fraction(21, 54) * 100) == "38.9"
    assert show(Fraction(2916)) == "2,916"
    assert show(Fraction(1, 20), 1) == "0.1"
    assert show(Fraction(-1, 100)) == "0"
