"""The computed-check panel says whose words it compares with, and why a rating differs from the working."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.errors import ContentErrors
from factsite.load.content import load_site
from tests.htmlparse import find_all

Write = Callable[[str, str], Path]
REPO = Path(__file__).parent.parent
ACCURATE = "content/claims/city-budget/budget-rose-by-a-third.yaml"
UNVERIFIED = "content/claims/city-budget/roads-fell-again.yaml"
MONDAY = "  - kind: weekday\n    date: 2024-03-04\n    stated: Monday\n"


def checks_of(site_root: Path, write: Write, path: str, checks: str) -> None:
    write(path, (site_root / path).read_text("utf-8") + "checks:\n" + checks)


def panel(site_root: Path, tmp_path: Path, key: str) -> tuple[list[str], str]:
    """The text of each check table and of the whole panel, on the built claim page."""
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = out / "claims" / key / "index.html"
    tables = [" ".join(t.text.split()) for t in find_all(page, "table", class_="check")]
    (section,) = find_all(page, "section", class_="checks")
    return tables, " ".join(section.text.split())


def span(stated: str, extra: str = "") -> str:
    return f"  - kind: span\n    from: 2024-01-01\n    to: 2024-04-04\n    stated: {stated}\n{extra}"


def test_stated_shows_the_articles_words_only_when_the_article_uses_them(
    site_root: Path, write: Write, tmp_path: Path
) -> None:
    checks_of(
        site_root, write, ACCURATE, "  - kind: change\n    from: 300\n    to: 400\n    stated: A Third\n"
    )
    (table,), _ = panel(site_root, tmp_path, "city-budget/budget-rose-by-a-third")
    assert "The article says “A Third”" in table  # case and typography aside, the article's words
    assert "our own working" not in table


def test_a_figure_the_desk_worked_out_is_labelled_as_its_own(
    site_root: Path, write: Write, tmp_path: Path
) -> None:
    checks_of(
        site_root, write, ACCURATE, "  - kind: change\n    from: 300\n    to: 400\n    stated: 33 percent\n"
    )
    claim = next(c for c in load_site(site_root).claims if c.id == "budget-rose-by-a-third")
    assert claim.checks[0].stated_by == "desk"
    (table,), _ = panel(site_root, tmp_path, "city-budget/budget-rose-by-a-third")
    assert "33 percent: our own working, not the article’s words." in table
    assert "Our figure 33 percent" in table and "The article says" not in table


def test_words_are_matched_whole_not_inside_other_words(site_root: Path, write: Write) -> None:
    """The article's "$300 million" and "2023" contain a 3, but the article never says "3"."""
    checks_of(site_root, write, ACCURATE, "  - kind: sum\n    items: [1, 2]\n    stated: '3'\n")
    assert next(c for c in load_site(site_root).claims if c.checks).checks[0].stated_by == "desk"


def test_a_sources_words_are_labelled_as_the_sources(site_root: Path, write: Write, tmp_path: Path) -> None:
    checks_of(site_root, write, ACCURATE, MONDAY.replace("Monday", "Monday\n    stated_by: source"))
    (table,), _ = panel(site_root, tmp_path, "city-budget/budget-rose-by-a-third")
    assert "The source says “Monday”" in table and "a cited source’s words" in table


def test_words_quoted_from_a_cited_source_are_the_sources(site_root: Path, write: Write) -> None:
    """The council's report is cited with a quotation naming the day: its word, not the article's."""
    text = (site_root / ACCURATE).read_text("utf-8")
    write(
        ACCURATE,
        text.replace(
            "    section: Table 1\n", '    section: Table 1\n    note: Dated "Friday, January 5".\n'
        ),
    )
    checks_of(site_root, write, ACCURATE, "  - kind: weekday\n    date: 2024-01-05\n    stated: Friday\n")
    claim = next(c for c in load_site(site_root).claims if c.id == "budget-rose-by-a-third")
    assert claim.checks[0].stated_by == "source"


def test_the_real_weekday_from_ices_release_is_the_sources(built_real_site: Path) -> None:
    page = built_real_site / "claims/perez-bautista-arrest/ice-arrest-november-26/index.html"
    tables = [" ".join(t.text.split()) for t in find_all(page, "table", class_="check")]
    assert "The source says “Tuesday”" in tables[0]
    assert "The article says “Monday”" in tables[1]


def test_claiming_the_article_says_words_it_does_not_is_an_error(site_root: Path, write: Write) -> None:
    checks_of(site_root, write, ACCURATE, span("94 days", "    stated_by: article\n"))
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    (error,) = caught.value.errors
    lines = (site_root / ACCURATE).read_text("utf-8").splitlines()
    assert (error.path, error.line, error.col) == (ACCURATE, lines.index("    stated_by: article") + 1, 16)
    assert error.message == "stated_by: the article 'city-budget' does not use the words '94 days'"
    assert "stated_by: source, or desk" in error.hint


def test_the_panel_says_why_the_rating_differs_when_every_check_holds(
    site_root: Path, write: Write, tmp_path: Path
) -> None:
    checks_of(site_root, write, UNVERIFIED, MONDAY)
    (table,), text = panel(site_root, tmp_path, "city-budget/roads-fell-again")
    assert "Consistent" in table
    assert "Why Unverified, when every check above holds?" in text
    assert "No record of the 2024 road budget is cited." in text  # the claim's summary gives the reason


def test_no_explanation_is_needed_when_the_rating_agrees_with_the_working(
    site_root: Path, write: Write, tmp_path: Path
) -> None:
    checks_of(site_root, write, ACCURATE, MONDAY)
    _, text = panel(site_root, tmp_path, "city-budget/budget-rose-by-a-third")
    assert "Why" not in text


def test_the_panel_says_why_when_a_check_fails_on_a_rating_above_the_worst(
    site_root: Path, write: Write, tmp_path: Path
) -> None:
    checks_of(site_root, write, UNVERIFIED, MONDAY.replace("Monday", "Tuesday\n    stated_by: desk"))
    (table,), text = panel(site_root, tmp_path, "city-budget/roads-fell-again")
    assert "Not consistent" in table
    assert "Why Unverified, when a check above does not hold?" in text


def test_the_real_three_month_span_explains_its_mostly_accurate_rating(built_real_site: Path) -> None:
    page = built_real_site / "claims/nyc-440-released/three-month-span/index.html"
    (section,) = find_all(page, "section", class_="checks")
    text = " ".join(section.text.split())
    assert "The article says “just three months”" in text
    assert "Why Mostly accurate, when every check above holds?" in text


def test_the_real_94_days_is_the_desks_own_working(built_real_site: Path) -> None:
    page = built_real_site / "claims/declined-detainer-report/vitiello-former-acting-director/index.html"
    (table,) = find_all(page, "table", class_="check")
    text = " ".join(table.text.split())
    assert "Our figure 94 days" in text and "The article says" not in text


def test_the_desks_own_figure_holding_does_not_clear_an_inaccurate_rating(
    site_root: Path, write: Write
) -> None:
    """Only checks of the article's words can contradict a claim rated worst (computed.py)."""
    checks_of(site_root, write, "content/claims/river-bridge/ninety-days.yaml", span("94 days"))
    claim = next(c for c in load_site(site_root).claims if c.id == "ninety-days")
    assert claim.status == "inaccurate" and claim.checks[0].stated_by == "desk" and claim.checks[0].consistent
