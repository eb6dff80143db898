"""site.toml's errors point at the value's line and column and say what to write; hints fit their error
(a front matter that is a list, an escape beyond Unicode's last code point, TOML's syntax errors)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.load.tomlsource import positions
from tests.conftest import REPO, SAMPLE

Write = Callable[[str, str], Path]
NOTICE = "claims were checked without their statuses and topics"


def errors_of(root: Path) -> list[ContentError]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return [e for e in caught.value.errors if NOTICE not in e.message]


def only_error(root: Path) -> ContentError:
    errors = errors_of(root)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def with_settings(root: Path, top: str = "", end: str = "") -> int:
    """Add `top` lines after `language = ...` and `end` lines at the end of site.toml; the first's line."""
    path = root / "site.toml"
    text = path.read_text("utf-8").replace('language = "en"\n', f'language = "en"\n{top}', 1)
    path.write_text(text + end, "utf-8")
    return text.count("\n", 0, text.index(top)) + 1 if top else text.count("\n") + 1


@pytest.mark.parametrize(
    ("top", "end", "col"),
    [
        ("", "\n[rating_scale]\nbest = 5.0\nworst = 1\n", 8),
        ("", "\n[rating_scale]  # the bounds\n  best = 5.0   # five\n", 10),
        ("", "\n[ rating_scale ]\nbest = 5.0\n", 8),
        ("rating_scale = { worst = 1, best = 5.0 }\n", "", 36),
        ("rating_scale.best = 5.0\n", "", 21),
        ('"rating_scale".best = 5.0\n', "", 23),
    ],
)
def test_a_whole_number_written_5_0_is_reported_at_the_value_with_what_to_write(
    site_root: Path, top: str, end: str, col: int
) -> None:
    first = with_settings(site_root, top, end)
    line = first if top else first + 2  # the line after the table's header
    error = only_error(site_root)
    assert (error.path, error.line, error.col) == ("site.toml", line, col)
    assert error.message == "rating_scale.best must be a whole number such as 5, not '5.0'"
    assert error.hint == "write 5, without the decimal point"


@pytest.mark.parametrize(
    ("setting", "message", "hint"),
    [
        (
            "timeout = 1e400",
            "linkcheck.timeout must be a whole number such as 20, not '1e400'",
            "TOML reads '1e400' as infinity: write a whole number, such as 20",
        ),
        (
            "timeout = nan",
            "linkcheck.timeout must be a whole number such as 20, not 'nan'",
            "TOML reads 'nan' as not a number: write a whole number, such as 20",
        ),
        (
            "retries = -inf",
            "linkcheck.retries must be a whole number such as 2, not '-inf'",
            "TOML reads '-inf' as infinity: write a whole number, such as 2",
        ),
        (
            "concurrency = 2.5",
            "linkcheck.concurrency must be a whole number such as 16, not '2.5'",
            "write a whole number, without a decimal point",
        ),
    ],
)
def test_a_number_that_is_no_whole_number_gets_one_error_saying_what_to_write(
    site_root: Path, setting: str, message: str, hint: str
) -> None:
    line = with_settings(site_root, end=f"\n[linkcheck]\n{setting}\n") + 2
    error = only_error(site_root)  # not a second one about a bound (at most 300): it is no number
    assert (error.line, error.col) == (line, setting.index("=") + 3)
    assert (error.message, error.hint) == (message, hint)


@pytest.mark.parametrize(
    ("path", "text", "line", "message", "example"),
    [
        (
            "content/articles/listed.md",
            "---\n- title: A\n- b\n---\n\nText.\n",
            2,
            "the front matter",
            "title",
        ),
        ("content/pages/listed.md", "---\n- title: A\n---\n\nText.\n", 2, "the front matter", "title"),
        ("content/claims/city-budget/listed.yaml", "- claim: A\n", 1, "the file", "claim"),
        ("content/claimants/listed.yaml", "- name: A\n", 1, "the file", "name"),
    ],
)
def test_a_file_or_front_matter_that_is_a_list_gets_a_hint_that_fits(
    site_root: Path, write: Write, path: str, text: str, line: int, message: str, example: str
) -> None:
    write(path, text)
    error = only_error(site_root)
    assert (error.path, error.line) == (path, line)
    assert error.message == f"{message} must be a mapping of fields, not a list"
    assert error.hint == (
        f"write one field per line, at the start of the line, as name: value (e.g. {example}: …); "
        "a line starting with '- ' is a list item, which belongs under a field"
    )
    assert "indented by two spaces" not in error.hint


BEYOND = "the escape \\U00110000 is beyond U+10FFFF, the last code point of Unicode"
BEYOND_HINT = "write the character itself, or an escape of a code point from \\u0000 to \\U0010FFFF"


@pytest.mark.parametrize(
    ("path", "old", "new", "col"),
    [
        ("content/pages/methodology.md", "title: Methodology", 'title: "Meth\\U00110000"', 13),
        (
            "content/claims/river-bridge/ninety-days.yaml",
            "claimant: the-article",
            'claimant: "\\U00110000"',
            12,
        ),
        ("site.toml", 'title = "Sample Checks"', 'title = "Sample \\U00110000"', 17),
    ],
)
def test_an_escape_beyond_the_last_code_point_says_so(
    site_root: Path, path: str, old: str, new: str, col: int
) -> None:
    file = site_root / path
    text = file.read_text("utf-8")
    file.write_text(text.replace(old, new, 1), "utf-8")
    error = only_error(site_root)
    line = text[: text.index(old)].count("\n") + 1
    assert (error.path, error.line, error.col) == (path, line, col)
    assert error.message.removeprefix("invalid YAML: ") == BEYOND
    assert error.hint == BEYOND_HINT


@pytest.mark.parametrize(
    ("title", "col", "message", "hint"),
    [
        (
            '"Sample \\ud800"',
            17,
            "the escape \\ud800 is half of a UTF-16 surrogate pair, not a character",
            "one beyond U+FFFF takes one \\U escape of 8 hex digits",
        ),
        ('"a\\qb"', 11, "\\q is not an escape that TOML knows", "write \\\\ for a backslash"),
        ('"a\\u12"', 11, "the escape \\u12 is incomplete: \\u takes 4 hex digits", "complete the escape"),
        (
            '"Sample',
            16,
            "the quote mark that opens this text is not closed",
            'end the text with a matching "',
        ),
        ('"Sample" "Checks"', 18, "more text after this setting's value", "one setting per line"),
    ],
)
def test_toml_syntax_errors_get_hints_that_fit(
    site_root: Path, title: str, col: int, message: str, hint: str
) -> None:
    path = site_root / "site.toml"
    path.write_text(path.read_text("utf-8").replace('"Sample Checks"', title, 1), "utf-8")
    error = only_error(site_root)
    assert (error.line, error.col) == (1, col)
    assert error.message.startswith(message) and hint in error.hint


LAYOUTS = """\
title = "A # not a comment"   # a comment
"quoted key" = 'literal \\ text'
dotted . key = 2024-01-02 03:04:05
inline = { a = 1, b.c = [1, 2], d = { e = "x" } }
array = [
  "one",  # first
  'two',
  [3, 4.5],
]
multi = \"\"\"
a "quoted" line
\"\"\"

[table]
key = true

[[list]]
name = "first"

[[list]]
name = "second"

[list.sub]
deep = -1e3
"""


@pytest.mark.parametrize(
    "text", [LAYOUTS, (REPO / "site.toml").read_text("utf-8"), (SAMPLE / "site.toml").read_text("utf-8")]
)
def test_every_value_is_found_where_the_file_writes_it(text: str) -> None:
    data = tomllib.loads(text)
    values, keys, texts = positions(text)
    lines = text.split("\n")
    leaves = list(_leaves(data, ()))
    assert leaves and all(path in values for path, _ in leaves)
    for path, value in leaves:
        line, col = values[path]
        if path in texts:  # a value on one line: its source is at its position and reads back as itself
            assert lines[line - 1][col - 1 :].startswith(texts[path])
            assert tomllib.loads(f"v = {texts[path]}")["v"] == value
    if text == LAYOUTS:
        assert values[("list", 1, "sub", "deep")] == (text.count("\n", 0, text.index("deep")) + 1, 8)
        assert keys[("inline", "b", "c")] == (4, 21) and values[("inline", "b", "c")] == (4, 25)


def _leaves(value: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path, value
