"""Computed checks at the extremes: huge, tiny, negative and odd figures, dates at the calendar's ends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsite.errors import ContentError
from factsite.load.claims import load_claim
from factsite.load.content import load_site
from factsite.model import CheckResult, Claimant, Site
from tests import sitekit

SAMPLE = Path(__file__).parent / "sample"
CLAIM = "content/claims/city-budget/x.yaml"
VALID = sitekit.VALID + "checks:\n"


@pytest.fixture(scope="module")
def sample() -> Site:
    return load_site(SAMPLE)


def check(sample: Site, lines: str) -> tuple[CheckResult | None, list[ContentError]]:
    text = VALID + "  - " + lines.replace("\n", "\n    ") + "\n"
    articles = {a.slug: a for a in sample.articles}
    claim, errors = load_claim(CLAIM, text, "x", "city-budget", sample.config, articles, claimants_of(sample))
    return (claim.checks[0] if claim else None), errors


def working(sample: Site, lines: str) -> str:
    result, errors = check(sample, lines)
    assert result is not None, [str(e) for e in errors]
    return result.working


def refused(sample: Site, lines: str) -> ContentError:
    result, errors = check(sample, lines)
    assert result is None and len(errors) == 1, [str(e) for e in errors]
    return errors[0]


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("5 years", "1 January 2020 to 31 December 9999: 2,914,634 days = 416,376.29 weeks = 95759 months "
         "and 30 days = 95,759.97 months"),
        ("nearly 8,000 years", "95759 months and 30 days"),
        ("90 days", "2,914,634 days"),
    ],
)  # fmt: skip
def test_a_span_ending_on_the_last_day_of_the_calendar(sample: Site, stated: str, expected: str) -> None:
    assert expected in working(sample, f"kind: span\nfrom: 2020-01-01\nto: 9999-12-31\nstated: {stated}")


def test_a_span_from_the_first_day_of_the_calendar(sample: Site) -> None:
    text = working(sample, "kind: span\nfrom: 0001-01-01\nto: 9999-12-31\nstated: 9,999 years")
    assert text.endswith("= 119,987.97 months")


def test_a_fiscal_quarter_at_the_end_of_the_calendar(sample: Site) -> None:
    text = working(sample, "kind: fiscal-quarter\ndate: 9999-12-31\nstated: fiscal year 9999")
    assert text == "31 December 9999 is in fiscal year 10000"


@pytest.mark.parametrize("year", ["0000", "0001"])
def test_a_fiscal_year_outside_the_calendar_is_refused(sample: Site, year: str) -> None:
    error = refused(sample, f"kind: fiscal-quarter\ndate: 2020-01-01\nstated: fiscal year {year}")
    assert (error.line, error.col) == (14, 13)
    assert error.message == (
        f"checks[0]: 'fiscal year {year}': fiscal year {int(year)} lies outside the calendar "
        "(fiscal years 2 to 9999)"
    )
    assert error.hint


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "kind: percent-of\npercent: 1e100\nwhole: 1e100\nstated: 10",
            "% of 10" + ",000" * 33 + " = 1" + ",000" * 66,
        ),
        ("kind: change\nfrom: 1e-100\nto: 1e100\nstated: 10 percent", "a rise of 9" + ",999" * 66 + ",900%"),
        ("kind: sum\nitems: [-5, 3, 0.25]\nstated: '-2'", "-5 + 3 + 0.25 = -1.75"),
        ("kind: share\npart: 0\nwhole: 1e-100\nstated: none", "0 ÷ 0 = 0%"),
    ],
)
def test_figures_at_the_limits_are_computed_exactly(sample: Site, lines: str, expected: str) -> None:
    assert expected in working(sample, lines)


@pytest.mark.parametrize(
    ("lines", "message", "hint"),
    [
        ("kind: share\npart: -1\nwhole: 54\nstated: most", "checks[0].part is '-1', but must be at least 0",
         "give a figure at least 0; this is the part, e.g. 21."),
        ("kind: share\npart: 1\nwhole: 0\nstated: most", "checks[0].whole is '0', but must be more than 0",
         "give a figure more than 0; this is the whole, e.g. 54."),
        ("kind: change\nfrom: 0.0\nto: 5\nstated: most", "checks[0].from is '0.0', but must be more than 0",
         "give a figure more than 0"),
        ("kind: sum\nitems: []\nstated: '1'", "checks[0].items must list at least 1 item", "add the items"),
        ("kind: sum\nitems: [1]\nstated: " + "9" * 200, "checks[0]: '" + "9" * 59 + "…' has more digits than",
         "up to 10^100"),
        ("kind: sum\nitems: [1]\nstated: 1" + " billion" * 300, "names a quantity beyond 10^100",
         "up to 10^100"),
        ("kind: span\nfrom: 2024-01-01\nto: 2023-12-31\nstated: a day",
         "checks[0]: the span ends before it starts", "put the earlier date in 'from'"),
    ],
)  # fmt: skip
def test_figures_beyond_the_limits_are_errors_at_their_line(
    sample: Site, lines: str, message: str, hint: str
) -> None:
    error = refused(sample, lines)
    assert error.path == CLAIM and error.line >= 12
    assert message in error.message
    assert hint in error.hint


FIGURES = st.one_of(
    st.integers(min_value=0, max_value=10**100).map(str),
    st.builds("{}e{}".format, st.integers(1, 10**6), st.integers(-100, 94)),
    st.builds("{}.{}".format, st.integers(0, 10**30), st.integers(0, 10**30)),
    st.integers(min_value=-(10**130), max_value=10**130).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.sampled_from(["0", "-0", "0.0", "1e100", "1e-100", "1e101", ".inf", "-.inf", ".nan", "010", "1_000",
                     "1:20", "0x10", "yes", "~", "''", '"5"', "[1]", "1e999999999", "0e999999999"]),
)  # fmt: skip
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-10-01", "2024-02-30", "0000-01-01", "10000-01-01"]),
)
WORDS = ["nearly", "about", "the majority", "half", "1", "9" * 120, "billion", "percent", "days", "months",
         "years", "fiscal", "year", "0001", "9999", "q4", "fy", "Monday", "more", "than", "a", "third", ".5",
         "1,000,000"]  # fmt: skip
STATED = st.one_of(
    st.sampled_from(["10 percent", "the majority", "nearly 40", "about 2.5 billion", "90 days", "a third",
                     "nearly two months", "more than 9,000 years", "Monday", "fiscal year 2018", "Q4 FY9999",
                     "the second quarter of fiscal year 0002", "12 countries", "none", "all"]),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    st.text(max_size=40),
).map(json.dumps)  # fmt: skip
KINDS = {  # the inputs of each kind, and words that fit it
    "share": (("part", "whole"), ["10 percent", "the majority", "a third", "none", "nearly half"]),
    "percent-of": (("percent", "whole"), ["nearly 40", "about 2.5 billion", "1,000,000"]),
    "change": (("from", "to"), ["a third", "about 10 percent", "more than 1000 percent"]),
    "sum": (("items",), ["54", "about 2 billion", "-3"]),
    "distinct": (("items",), ["12 countries", "two", "one"]),
    "span": (("from", "to"), ["90 days", "nearly two months", "more than 9,000 years", "a week"]),
    "weekday": (("date",), ["Monday", "on a Friday"]),
    "fiscal-quarter": (
        ("date",),
        ["fiscal year 2018", "Q4 FY9999", "the second quarter of fiscal year 0002"],
    ),
}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(KINDS)), data=st.data())
def test_any_inputs_give_a_result_or_errors_with_hints(sample: Site, kind: str, data: st.DataObject) -> None:
    lines = [f"kind: {kind}"]
    names, fitting = KINDS[kind]
    for name in names:
        if kind in ("span", "weekday", "fiscal-quarter"):
            lines.append(f"{name}: {data.draw(DATES)}")
        elif name == "items":
            lines.append(f"items: [{', '.join(data.draw(st.lists(FIGURES, min_size=1, max_size=4)))}]")
        else:
            lines.append(f"{name}: {data.draw(FIGURES)}")
    lines.append(f"stated: {data.draw(st.one_of(st.sampled_from(fitting).map(json.dumps), STATED))}")
    result, errors = check(sample, "\n".join(lines))
    assert result is not None or errors
    for error in errors:
        assert error.line >= 1 and error.hint, str(error)


def claimants_of(site: Site) -> dict[str, Claimant | None]:
    """The site's claimants by key, as `load_claim` takes them."""
    return {c.key: c for c in site.claimants}
