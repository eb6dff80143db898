"""A link that is not http(s) is reported at its own line and column, wherever it is written:
on the third line of a paragraph, inside a YAML block scalar, in a list or a page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.text.markdown import Link, links, to_html
from tests.sitekit import CLAIM, VALID

Write = Callable[[str, str], Path]
PAGE = "content/pages/methodology.md"
BAD = ["javascript:alert(1)", "file:///etc/passwd", "relative/page.html", "/etc/passwd", "mailto:a@b.c"]


def errors_of(root: Path) -> list[ContentError]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return list(caught.value.errors)


def where(root: Path) -> list[tuple[str, int, int]]:
    return [(e.path, e.line, e.col) for e in errors_of(root)]


def with_explanation(explanation: str) -> str:
    return VALID.replace("explanation: Nothing cited.\n", explanation)


@pytest.mark.parametrize("href", BAD)
def test_a_link_on_the_third_line_of_a_block_scalar_paragraph(
    site_root: Path, write: Write, href: str
) -> None:
    write(
        CLAIM,
        with_explanation(f"explanation: |\n  One line,\n  two lines,\n  three: [the report]({href}).\n"),
    )
    assert where(site_root) == [(CLAIM, 10, 23)]
    [error] = errors_of(site_root)
    assert error.message == f"explanation: link '{href}' is not an http(s) link"
    assert error.hint


def test_links_in_a_folded_scalar_are_found_on_their_lines(site_root: Path, write: Write) -> None:
    explanation = "explanation: >\n  One line,\n  two [a](javascript:a),\n\n  and [b](file:///b).\n"
    write(CLAIM, with_explanation(explanation))
    assert where(site_root) == [(CLAIM, 9, 11), (CLAIM, 11, 11)]


@pytest.mark.parametrize(
    ("explanation", "position"),
    [
        ("explanation: See [x](javascript:x).\n", (7, 22)),
        ('explanation: "See \\"this\\" [x](javascript:x)."\n', (7, 32)),
        ("explanation: 'It''s [x](javascript:x).'\n", (7, 25)),
        ("explanation: See the\n  [x](javascript:x) here.\n", (8, 7)),
        ("explanation: |\n  - item\n  - item [x](javascript:x)\n", (9, 14)),
        ("explanation: |\n  > quoted\n  > again <javascript:x>\n", (9, 12)),
    ],
)
def test_links_in_every_kind_of_scalar_and_block(
    site_root: Path, write: Write, explanation: str, position: tuple[int, int]
) -> None:
    write(CLAIM, with_explanation(explanation))
    assert where(site_root)[0] == (CLAIM, *position)


def test_the_same_link_twice_in_a_table_row_is_reported_twice(site_root: Path, write: Write) -> None:
    table = "explanation: |\n  | a | b |\n  |---|---|\n  | [x](javascript:x) | [x](javascript:x) |\n"
    write(CLAIM, with_explanation(table))
    assert where(site_root) == [(CLAIM, 10, 9), (CLAIM, 10, 29)]


def test_windows_line_ends_in_a_claim(site_root: Path, write: Write) -> None:
    text = with_explanation("explanation: |\n  One,\n  two [x](javascript:x).\n").replace("\n", "\r\n")
    (site_root / CLAIM).write_bytes(text.encode())
    assert where(site_root) == [(CLAIM, 9, 11)]


@pytest.mark.parametrize("href", BAD)
def test_a_link_in_a_page_is_reported_at_its_line_and_column(
    site_root: Path, write: Write, href: str
) -> None:
    text = (site_root / PAGE).read_text("utf-8")
    write(PAGE, text + f"\nA paragraph\nof three lines\nends with [a link]({href}).\n")
    line = text.count("\n") + 4
    assert where(site_root) == [(PAGE, line, 20)]
    assert errors_of(site_root)[0].message == f"link '{href}' is not an http(s) link"


def test_a_reference_link_is_reported_at_its_definition(site_root: Path, write: Write) -> None:
    text = (site_root / PAGE).read_text("utf-8")
    write(PAGE, text + "\nSee [the record][rec] and [again][rec].\n\n[rec]:\n  javascript:alert(1)\n")
    assert where(site_root) == [(PAGE, text.count("\n") + 5, 3)]


def test_links_in_table_cells_are_told_apart() -> None:
    source = "| a | b |\n|---|---|\n| [c](javascript:c) [c](javascript:c) | [c](javascript:c) |\n"
    assert [(link.line, link.col) for link in links(source)] == [(2, 6), (2, 24), (2, 44)]


def test_link_positions_in_markdown_source() -> None:
    source = "Line one\nand two [a](<javascript:a>) [b](javascript:b)\n\n* item\n\t<file:///x>\n"
    assert links(source) == [
        Link("javascript:a", "javascript:a", 1, 13),
        Link("javascript:b", "javascript:b", 1, 32),
        Link("file:///x", "file:///x", 4, 2),
    ]


def test_allowed_links_still_render_and_bad_ones_are_text() -> None:
    html = to_html("[ok](https://example.org) and [bad](javascript:alert(1))")
    assert html == '<p><a href="https://example.org">ok</a> and [bad](javascript:alert(1))</p>\n'
