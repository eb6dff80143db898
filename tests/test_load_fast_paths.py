"""Loading's shortcuts skip work only where the full path would find nothing: they change no result."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from factsite.load import sources
from factsite.text import markdown
from tests.conftest import SAMPLE

SHAPES: list[Callable[[int], str]] = [
    lambda n: "".join(f"{' ' * i}k{i}:\n" for i in range(n)) + f"{' ' * n}leaf: 1\n",  # block mappings
    lambda n: "".join(f"{'  ' * i}- \n" for i in range(n)) + f"{'  ' * n}- x\n",  # block sequences
    lambda n: "a: " + "[" * n + "1" + "]" * n + "\n",  # flow sequences
    lambda n: "a:\n" + "- " * n + "x\n",  # compact sequences on one line
]


@pytest.mark.parametrize("shape", range(len(SHAPES)))
@pytest.mark.parametrize("depth", [3, 45, 48, 49, 50, 51, 52, 60])
def test_a_file_the_shortcut_passes_has_nothing_to_refuse(shape: int, depth: int) -> None:
    text = SHAPES[shape](depth)
    if not sources._may_be_refused(text):
        assert sources._refused("x.yaml", text, 0) is None


def test_every_sample_file_reads_the_same_with_and_without_the_shortcut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = sorted(SAMPLE.rglob("*.yaml"))
    assert files
    fast = [sources.parse_yaml(str(p), p.read_text("utf-8")) for p in files]
    monkeypatch.setattr(sources, "_may_be_refused", lambda text: True)
    assert [sources.parse_yaml(str(p), p.read_text("utf-8")) for p in files] == fast


@pytest.mark.parametrize(
    "text",
    [
        "plain words only",
        "See http://example.org/x bare",
        "a *b* & c",
        "[a](https://x.org)",
        "<https://x.org>",
    ],
)
def test_explanation_links_without_a_parse_match_the_parse(text: str) -> None:
    found = markdown.links(text)
    tokens = markdown.parser(permissive=True).parse(text)
    opened = [c for t in tokens for c in t.children or [] if c.type == "link_open"]
    assert len(found) == len(opened)


def test_anchors_are_still_refused_when_written() -> None:
    doc, errors = sources.parse_yaml("x.yaml", "a: &x 1\nb: *x\n")
    assert doc is None and "anchors and aliases" in errors[0].message
