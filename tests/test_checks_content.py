"""Computed checks in claim files: validation at path:line:col, status conflicts, and the claim page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from tests.htmlparse import find_all

Write = Callable[[str, str], Path]
CLAIM = "content/claims/city-budget/budget-rose-by-a-third.yaml"
INACCURATE = "content/claims/river-bridge/ninety-days.yaml"


def with_checks(site_root: Path, write: Write, path: str, checks: str) -> None:
    """Append a `checks:` block to an existing claim of the sample site."""
    text = (site_root / path).read_text("utf-8")
    write(path, text + "checks:\n" + checks)


def first_line_of_checks(site_root: Path, path: str) -> int:
    lines = (site_root / path).read_text("utf-8").splitlines()
    return lines.index("checks:") + 1


def errors_of(root: Path) -> tuple[ContentError, ...]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return caught.value.errors


RISE = """\
  - kind: change
    from: 300
    to: 400
    stated: a third
    note: The rise from $300 million to $400 million.
"""


def test_checks_are_computed_into_the_claim(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, RISE)
    claim = next(c for c in load_site(site_root).claims if c.id == "budget-rose-by-a-third")
    (check,) = claim.checks
    assert check.consistent
    assert check.note == "The rise from $300 million to $400 million."
    assert (check.line, check.col) == (first_line_of_checks(site_root, CLAIM) + 1, 5)


def test_a_missing_input_is_an_error_at_its_check(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, "  - kind: share\n    part: 21\n    stated: the majority\n")
    (error,) = errors_of(site_root)
    start = first_line_of_checks(site_root, CLAIM)
    assert (error.path, error.line, error.col) == (CLAIM, start + 1, 5)
    assert "checks[0]: missing required field 'whole'" in error.message


def test_a_misspelt_input_names_the_right_one(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, "  - kind: share\n    part: 21\n    hole: 54\n    stated: most\n")
    errors = errors_of(site_root)
    unknown = next(e for e in errors if "unknown field 'hole'" in e.message)
    assert (unknown.line, unknown.col) == (first_line_of_checks(site_root, CLAIM) + 3, 5)
    assert "whole" in unknown.hint


def test_an_unknown_kind_is_an_error(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, "  - kind: average\n    items: [1, 2]\n    stated: '1.5'\n")
    (error,) = errors_of(site_root)
    assert error.line == first_line_of_checks(site_root, CLAIM) + 1
    assert "'average' is not one of the choices" in error.message
    assert "share, percent-of" in error.hint


def test_a_misspelt_kind_gets_a_suggestion(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, "  - kind: weekdya\n    date: 2024-03-04\n    stated: Monday\n")
    (error,) = errors_of(site_root)
    assert error.hint.startswith("did you mean 'weekday'? The choices are: share, percent-of, change")


def test_wrong_types_and_bad_dates_are_errors(site_root: Path, write: Write) -> None:
    checks = "  - kind: span\n    from: 2024-02-30\n    to: April 4\n    stated: nearly two months\n"
    with_checks(site_root, write, CLAIM, checks)
    errors = errors_of(site_root)
    start = first_line_of_checks(site_root, CLAIM)
    assert sorted((e.line, e.col) for e in errors) == [(start + 2, 11), (start + 3, 9)]


def test_words_that_cannot_be_read_are_an_error_at_the_words(site_root: Path, write: Write) -> None:
    with_checks(site_root, write, CLAIM, "  - kind: change\n    from: 300\n    to: 400\n    stated: heaps\n")
    (error,) = errors_of(site_root)
    assert (error.line, error.col) == (first_line_of_checks(site_root, CLAIM) + 4, 13)
    assert "cannot read 'heaps'" in error.message
    assert "docs/checks.md" in error.hint


def test_a_span_that_runs_backwards_is_an_error_at_its_end(site_root: Path, write: Write) -> None:
    checks = "  - kind: span\n    from: 2024-04-04\n    to: 2024-02-01\n    stated: two months\n"
    with_checks(site_root, write, CLAIM, checks)
    (error,) = errors_of(site_root)
    assert (error.line, error.col) == (first_line_of_checks(site_root, CLAIM) + 3, 9)


WRONG = """\
  - kind: share
    part: 21
    whole: 54
    stated: the majority
"""


def test_a_contradiction_on_an_accurate_claim_fails_check_and_build(
    site_root: Path, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_checks(site_root, write, CLAIM, RISE + WRONG)
    assert main(["--root", str(site_root), "check"]) == 1
    line = first_line_of_checks(site_root, CLAIM) + 6
    err = capsys.readouterr().err
    assert f"{CLAIM}:{line}:5: computed check 'share' contradicts the status 'accurate'" in err
    assert "21 ÷ 54 = 38.9%" in err
    assert main(["--root", str(site_root), "build", "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


def test_warn_downgrades_a_contradiction(
    site_root: Path, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_checks(site_root, write, CLAIM, WRONG)
    assert main(["--root", str(site_root), "check", "--warn"]) == 0
    assert f"{CLAIM}:{first_line_of_checks(site_root, CLAIM) + 1}:5: warning: computed check" in (
        capsys.readouterr().err
    )
    assert main(["--root", str(site_root), "build", "--warn", "--out", str(tmp_path / "out")]) == 0
    page = tmp_path / "out/claims/city-budget/budget-rose-by-a-third/index.html"
    (table,) = find_all(page, "table", class_="check")
    assert table.attrs["data-consistent"] == "no"
    assert "✗ Not consistent" in table.text


def test_an_inaccurate_claim_whose_checks_all_agree_is_an_error(
    site_root: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    span = "  - kind: span\n    from: 2024-03-03\n    to: 2024-06-01\n    stated: 90 days\n"
    with_checks(site_root, write, INACCURATE, span)
    assert main(["--root", str(site_root), "check"]) == 1
    assert "every computed check agrees with the article's words, but the status is 'inaccurate'" in (
        capsys.readouterr().err
    )


def test_an_inaccurate_claim_with_one_contradiction_is_fine(site_root: Path, write: Write) -> None:
    span = "  - kind: span\n    from: 2024-03-03\n    to: 2024-06-01\n    stated: 90 days\n"
    with_checks(site_root, write, INACCURATE, span + span.replace("2024-03-03", "2024-03-01"))
    assert main(["--root", str(site_root), "check"]) == 0


def test_other_ratings_are_left_to_judgement(site_root: Path, write: Write) -> None:
    path = "content/claims/city-budget/roads-fell-again.yaml"
    with_checks(site_root, write, path, WRONG)
    assert main(["--root", str(site_root), "check"]) == 0


def test_the_claim_page_shows_the_working(site_root: Path, write: Write, tmp_path: Path) -> None:
    with_checks(
        site_root, write, CLAIM, RISE + "  - kind: weekday\n    date: 2024-03-04\n    stated: Monday\n"
    )
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    page = out / "claims/city-budget/budget-rose-by-a-third/index.html"
    tables = find_all(page, "table", class_="check")
    assert [t.attrs["data-consistent"] for t in tables] == ["yes", "yes"]
    first = " ".join(tables[0].text.split())
    for expected in (
        "Change between two figures",
        "From",
        "300",
        "(400 − 300) ÷ 300 = 33.3%",
        "The article says “a third”",
    ):
        assert expected in first
    assert "✓ Consistent" in first
    assert "4 March 2024 was a Monday" in tables[1].text
    links = [a.attrs["href"] for a in find_all(page, "a")]
    assert "../../../methodology/index.html#reading-numbers" in links


def test_claims_without_checks_show_no_working(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    assert "The working, recomputed" not in (out / "claims/river-bridge/ninety-days/index.html").read_text()


def test_the_methodology_page_defines_the_words(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    (table,) = find_all(out / "methodology/index.html", "table", class_="vocabulary")
    text = " ".join(table.text.split())
    for words in ("nearly, almost", "less than N, by at most 10% of N", "majority", "more than half"):
        assert words in text
