"""YAML and schema errors fit their kind: the character at fault, in plain words, and the fix that works."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factsite.errors import ContentError, ContentErrors
from factsite.load import messages
from factsite.load.claims import load_claim
from factsite.load.content import load_site
from factsite.load.schema import load_schema
from factsite.load.sources import parse_yaml
from factsite.model import Claimant, Site

Write = Callable[[str, str], Path]
SAMPLE = Path(__file__).parent / "sample"
CLAIM = "content/claims/city-budget/new-claim.yaml"


def only(text: str) -> ContentError:
    doc, errors = parse_yaml("f.yaml", text)
    assert doc is None and len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize(
    ("text", "at", "message", "hint"),
    [
        # a tab used for indentation, at the tab's own line, whatever the scanner was doing
        (
            "passage:\n\tquote: x\n",
            (2, 1),
            "a tab, where YAML allows only spaces",
            "indent with spaces, not tabs",
        ),
        (
            "passage:\n  quote: x\n\tprefix: y\n",
            (3, 1),
            "a tab, where YAML allows only spaces",
            "indent with spaces",
        ),
        ("explanation: |\n  a\n\tb\n", (3, 1), "a tab, where YAML allows only spaces", "indent with spaces"),
        # a second ': ' in a value: the value in double quotes, written out
        ("claimant: Mayor: said so\n", (1, 16), "a second ': ' in this line", 'claimant: "Mayor: said so"'),
        ('claim: He said "x": y\n', (1, 19), "a second ': '", 'claim: "He said \\"x\\": y"'),
        ("a: 1\n  b: 2\n", (2, 4), "': ' in a line that is indented under a value", "indent the line"),
        # quotes
        (
            'claimant: "The article\nstatus: x\n',
            (1, 11),
            'the quote mark " that opens this value is never closed',
            'end the value with a matching "; to put " inside it, write \\"',
        ),
        (
            "claimant: 'The article\nstatus: x\n",
            (1, 11),
            "the quote mark ' that opens this value is never closed",
            "to put ' inside it, write ''",
        ),
        ('claim: "a" b\n', (1, 12), 'more text after the closing "', "put the whole value in double quotes"),
        ('claim: "a\\q"\n', (1, 10), "\\q is not an escape that YAML knows", "write \\\\ for a backslash"),
        (
            'claim: "a\\xZZ"\n',
            (1, 10),  # the escape's backslash
            "the escape \\x is incomplete: \\x takes 2 hex digits",
            "complete the escape",
        ),
        (
            'claim: "a\\ud800"\n',
            (1, 10),
            "the escape \\ud800 is half of a UTF-16 surrogate pair, not a character",
            "one beyond U+FFFF takes one \\U escape of 8 hex digits",
        ),
        # lists and mappings in brackets
        (
            "topics: [a, b\nstatus: x\n",
            (1, 9),
            "the list opened with [ here is not closed on its line",
            "close it with ]",
        ),
        (
            "topics: {a: b\nstatus: x\n",
            (1, 9),
            "the mapping opened with { here is not closed",
            "close it with }",
        ),
        (
            "topics: [a: b: c]\n",
            (1, 14),
            "':' where a ',' or ']' should follow an item",
            "separate the items",
        ),
        (
            "topics: [a, b]]\n",
            (1, 15),
            "more text after the closing ]",
            "put the whole value in double quotes",
        ),
        ("claim: {\n", (1, 8), "the mapping opened with { here is not closed", "close it with }"),
        ("status: [broken\n", (1, 9), "the list opened with [ here is not closed", "close it with ]"),
        # characters that cannot start a value
        (
            "claim: @home\n",
            (1, 8),
            "a value cannot start with '@' unless it is in quotes",
            'double quotes: "@…"',
        ),
        ("claim: `x`\n", (1, 8), "a value cannot start with '`'", "double quotes"),
        ("claim: %x\n", (1, 8), "a value cannot start with '%'", "double quotes"),
        ("claim: &\n", (1, 8), "a value cannot start with '&'", "double quotes"),
        ("claim: !<x\n", (1, 8), "a value cannot start with '!'", "double quotes"),
        # indentation and structure
        (
            "passage:\n  quote: x\n prefix: y\n",
            (3, 2),
            "indented differently from the fields around it",
            "the same indentation",
        ),
        ("explanation: |\n  a\n b\nclaim: x\n", (3, 2), "indented differently", "the lines of a | text"),
        (
            "claim: x\n- y\n",
            (2, 1),
            "a list item '- …' where a field was expected",
            "'topics:' then '  - budget'",
        ),
        (
            "claim: x\njust words\nstatus: y\n",
            (2, 1),
            "neither a field (name: value) nor indented under one",
            "indent the lines that continue a value",
        ),
        (
            "explanation: |x\n  a\n",
            (1, 15),
            "after | or > the text must start on the next line",
            "on the lines below",
        ),
        ("claim: x\n---\nclaim: y\n", (2, 1), "a second YAML document starts here", "remove the '---'"),
        ("a: 1\n...\nb: 2\n", (3, 1), "a second YAML document starts here", "remove the '---' or '...'"),
    ],
)
def test_a_syntax_error_is_explained_at_the_character_at_fault(
    text: str, at: tuple[int, int], message: str, hint: str
) -> None:
    error = only(text)
    assert (error.line, error.col) == at
    assert error.message.startswith("invalid YAML: ")
    assert message in error.message
    assert hint in error.hint


def test_a_tab_is_never_told_to_quote_its_value() -> None:
    error = only("passage:\n\tquote: x\n")
    assert "tab" in error.message
    assert "quote" not in error.hint and ": " not in error.hint


@pytest.mark.parametrize(
    ("text", "at", "message", "hint"),
    [
        ("claim: *x\n", (1, 8), "YAML anchors and aliases (& and *) are not allowed", "double quotes"),
        ("claim: &x y\n", (1, 8), "YAML anchors and aliases (& and *) are not allowed", "double quotes"),
        ("claim: !!int 5\n", (1, 8), "YAML tags (! and !!) are not allowed", "double quotes"),
        ('claim: !foo "x"\n', (1, 8), "YAML tags (! and !!) are not allowed", "double quotes"),
        ("# only a comment\n", (1, 1), "the file holds no YAML document", "one 'name: value' per line"),
        ("  \n\n", (1, 1), "the file is empty", "fill in the fields, or delete the file"),
        ("claim: x\x00\n", (1, 9), "this character is U+0000, a control character", "delete it"),
    ],
)
def test_refused_yaml_carries_a_hint(text: str, at: tuple[int, int], message: str, hint: str) -> None:
    error = only(text)
    assert (error.line, error.col) == at
    assert message in error.message
    assert hint in error.hint


def test_empty_front_matter_says_so(site_root: Path, write: Write) -> None:
    write("content/pages/empty.md", "---\n---\n\nText.\n")
    with pytest.raises(ContentErrors) as caught:
        load_site(site_root)
    (error,) = caught.value.errors
    assert (error.path, error.line, error.message) == (
        "content/pages/empty.md",
        2,
        "the front matter is empty",
    )
    assert "between the two '---' lines" in error.hint


def _keywords(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            if key not in ("properties", "$defs"):
                yield from _keywords(value)
            else:
                for sub in value.values():
                    yield from _keywords(sub)
    elif isinstance(schema, list):
        for item in schema:
            yield from _keywords(item)


STRUCTURE = {"$schema", "$id", "$ref", "$defs", "title", "description", "examples", "properties", "items",
             "allOf", "if", "then", "else"}  # fmt: skip


@pytest.mark.parametrize("name", ["claim", "article", "page", "site"])
def test_every_keyword_the_schemas_use_has_its_own_message(name: str) -> None:
    used = set(_keywords(load_schema(name))) - STRUCTURE
    explained = set(messages._HANDLERS) | set(messages._BOUNDS)
    assert used <= explained, used - explained


def test_every_schema_pattern_ends_with_its_only_dollar() -> None:
    """`schema.ecma_pattern` turns the final `$` into `\\Z`: exact only if `$` is nowhere else."""
    patterns = [p for name in ("claim", "article", "page", "site") for p in _patterns(load_schema(name))]
    assert len(patterns) >= 8
    for pattern in patterns:
        assert pattern.startswith("^") and pattern.endswith("$") and pattern.count("$") == 1, pattern


def _patterns(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        for value in schema.values():
            yield from _patterns(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _patterns(item)


@pytest.fixture(scope="module")
def sample() -> Site:
    return load_site(SAMPLE)


VALID = (SAMPLE / "content/claims/city-budget/budget-rose-by-a-third.yaml").read_text("utf-8")
FIELDS = [line.split(":")[0] for line in VALID.splitlines() if line[:1].isalpha()]
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "~",
            "no",
            "[]",
            "{}",
            "[a, a]",
            "0",
            "-1",
            "1e400",
            "010",
            "2024-02-30",
            '"x"',
            "- a",
            "{a: b}",
            "[1, [2]]",
            "''",
            ".inf",
            "yes",
            "a: b",
            "'",
            '"',
            "[",
            "|",
            "*a",
            "&a b",
        ]
    ),
    st.text(st.characters(codec="utf-8"), max_size=12),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=VALUES, check=st.booleans())
def test_every_error_has_a_position_and_a_hint(sample: Site, field: str, value: str, check: bool) -> None:
    """Any value in any field gives a Claim or errors with a hint, never an exception."""
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in VALID.splitlines()]
    if check:
        lines += ["checks:", "  - kind: share", f"    part: {value}", "    whole: 54", "    stated: most"]
    articles = {a.slug: a for a in sample.articles}
    claim, errors = load_claim(
        CLAIM, "\n".join(lines) + "\n", "x", "city-budget", sample.config, articles, claimants_of(sample)
    )
    assert claim is not None or errors
    for error in errors:
        assert error.line >= 1 and error.col >= 1
        assert error.hint, str(error)


def claimants_of(site: Site) -> dict[str, Claimant | None]:
    """The site's claimants by key, as `load_claim` takes them."""
    return {c.key: c for c in site.claimants}
