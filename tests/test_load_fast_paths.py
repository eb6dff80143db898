"""Loading's shortcuts skip work only where the full path would find nothing: they change no result."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.errors import display_path
from factsite.load import claimfiles, sources
from factsite.text import characters, markdown
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
    sources._parsed.cache_clear()  # parse again, not from memory
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


def test_forbidden_characters_are_found_as_the_whole_class_finds_them() -> None:
    edges = [0, 8, 9, 0xB, 0x1F, 0x20, 0x7E, 0x7F, 0x9F, 0xA0, 0xD7FF, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0]
    edges += [0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x1FFFD, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF]
    text = "".join(f"a{chr(code)}é" for code in edges) + "\ud800x\udfff"
    found = [m.span() for m in characters.forbidden(text)]
    assert found == [m.span() for m in characters.FORBIDDEN.finditer(text)]
    assert len(found) == 16


@pytest.mark.parametrize("value", ['"\\x01"', '"\\uFFFE"', '"\\U0001FFFF"'])
def test_a_forbidden_character_written_as_an_escape_is_still_refused(value: str) -> None:
    doc, errors = sources.parse_yaml("x.yaml", f"a: ok\nb: {value}\n")
    assert doc is None and "which HTML and XML do not allow" in errors[0].message


def test_a_claim_file_is_parsed_once_for_what_it_names_and_for_its_claim() -> None:
    path = SAMPLE / "content" / "claims"
    file = sorted(path.rglob("*.yaml"))[0]
    sources._parsed.cache_clear()
    claimfiles.uses_of(str(file), file.read_bytes(), file.parent.name)
    sources.parse_yaml(str(file), file.read_text("utf-8"))
    assert sources._parsed.cache_info().hits == 1


def path_relative_to(path: Path, root: Path) -> str:
    """display_path as it was written with pathlib."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return path.as_posix()


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/a/b/c", "/a/b"),
        ("/a/b", "/a/b"),
        ("/a/bc", "/a/b"),
        ("/a/b/c", "/a/b/"),
        ("x/y", "."),
        ("/x", "/"),
        ("a/../b", "."),
        ("/a//b/./c", "/a"),
        ("//a/b", "//a"),
        ("//a/b", "/a"),
        ("rel", "/elsewhere"),
        ("..", "."),
        ("/a/b c/d é", "/a/b c"),
    ],
)
def test_a_path_is_shown_as_pathlib_would_show_it(path: str, root: str) -> None:
    assert display_path(Path(path), Path(root)) == path_relative_to(Path(path), Path(root))
