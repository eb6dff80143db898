"""Markdown for explanations and pages: raw HTML disabled, only http(s) links allowed.

One configuration serves rendering and, in a permissive variant that keeps
every link, loading: there each link's target is found at its own line and
column, so that a bad link is reported where it is written. Articles are not
Markdown (see paragraphs.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline, autolink, link
from markdown_it.token import Token

from . import urls

ALLOWED_SCHEMES = ("http://", "https://")
InlineRule = Callable[[StateInline, bool], bool]


@cache
def parser(permissive: bool = False) -> MarkdownIt:
    """The Markdown parser; `permissive` keeps every link and notes where each is written."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable("image")  # content may not pull images from elsewhere into our pages
    md.enable("table")
    if permissive:
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        md.options["inline_definitions"] = True  # reference definitions become tokens, with their lines
        md.inline.ruler.at("link", _noting_target(link, _link_target))
        md.inline.ruler.at("autolink", _noting_target(autolink, lambda state, start: start + 1))
    else:
        md.validateLink = is_allowed_link  # type: ignore[method-assign,assignment]
        md.normalizeLink = urls.normalise  # type: ignore[method-assign]  # RFC 3986 form, as every URL
    return md


def to_html(source: str) -> str:
    """Render Markdown to HTML; raw HTML in the source comes out as escaped text."""
    html: str = parser().render(source)
    return html


@dataclass(frozen=True)
class Link:
    """A link target written in Markdown source, and where: 0-based line and column in the source."""

    href: str
    line: int
    col: int


def links(source: str) -> list[Link]:
    """Every link target of the source, in order, at the line and column where it is written.

    Inline links (`[text](target)`), autolinks (`<target>`) and reference
    definitions (`[label]: target`) are found; a reference link (`[text][label]`)
    has its target at its definition, so it is found there. Line breaks may be
    `\\n`, `\\r\\n` or `\\r`; lines are counted as markdown-it counts them.
    """
    text = re.sub(r"\r\n?", "\n", source).replace("\0", "\ufffd")  # as markdown-it normalises it
    lines = text.split("\n")
    found = []
    tokens = parser(permissive=True).parse(text)
    cells = _cell_starts(tokens, lines)
    for token in tokens:
        if token.type == "definition" and token.map:
            found.append(_definition(token, lines))
        for child in token.children or []:
            if child.type == "link_open" and child.meta.get("target", 0) >= 0:
                found.append(_inline(token, child, lines, cells.get(id(token))))
    return sorted(found, key=lambda found_link: (found_link.line, found_link.col))


def is_allowed_link(href: str) -> bool:
    return href.lower().startswith(ALLOWED_SCHEMES) and len(href) > len("https://")


def _noting_target(rule: InlineRule, target: Callable[[StateInline, int], int]) -> InlineRule:
    """`rule`, noting on each link it makes where its target starts in the inline source
    (meta "target"; -1 for a reference link, whose target is at its definition)."""

    def noted(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        opened = [t for t in state.tokens[count:] if t.type == "link_open"]
        if opened and not silent:
            opened[0].meta["target"] = target(state, start)
        return True

    return noted


def _link_target(state: StateInline, start: int) -> int:
    """Where the target of `[text](target)` starts; -1 for a reference link `[text][label]`."""
    label_end = parseLinkLabel(state, start, True)
    src = state.src
    if label_end < 0 or label_end + 1 >= len(src) or src[label_end + 1] != "(":
        return -1
    pos = label_end + 2
    while pos < len(src) and src[pos] in " \t\n":
        pos += 1
    return pos + 1 if src.startswith("<", pos) else pos


def _inline(block: Token, opening: Token, lines: list[str], cell_start: int | None) -> Link:
    """The link's target at its own line and column.

    The nth line of a block's inline text is the block's nth source line, less
    any indentation or container markers cut from its start, so the line's text
    is found at the end of the source line (a table cell's, at `cell_start`).
    """
    href = str(opening.attrGet("href") or "")
    content, pos = block.content, int(opening.meta.get("target", 0))
    line = (block.map[0] if block.map else 0) + content.count("\n", 0, pos)
    start = content.rfind("\n", 0, pos) + 1
    end = content.find("\n", pos)
    segment = content[start : end if end >= 0 else len(content)]
    source = lines[line] if line < len(lines) else ""
    base = source.rfind(segment) if cell_start is None else cell_start
    if base >= 0:
        return Link(href, line, base + pos - start)
    rest = source.rfind(segment[pos - start :])  # the line's start was rewritten (a tab in an indent)
    return Link(href, line, rest if rest >= 0 else len(source) - len(source.lstrip()))


def _cell_starts(tokens: list[Token], lines: list[str]) -> dict[int, int]:
    """Where each table cell's text starts on its line (by the id of its inline token); each is
    looked for after the cell before it, so that equal cells of a row are told apart."""
    starts: dict[int, int] = {}
    after: dict[int, int] = {}  # per line: where the last cell found ends
    for before, token in itertools.pairwise(tokens):
        if before.type in ("th_open", "td_open") and token.map:
            line = token.map[0]
            col = lines[line].find(token.content, after.get(line, 0)) if line < len(lines) else -1
            if col >= 0:
                starts[id(token)] = col
                after[line] = col + len(token.content)
    return starts


DEFINITION = re.compile(r"\[(?:\\.|[^\\\]])*\]:[ \t]*(?:\n[ \t]*)?<?")


def _definition(token: Token, lines: list[str]) -> Link:
    """A reference definition's target, found after its `[label]:`."""
    assert token.map is not None
    first = token.map[0]
    source = "\n".join(lines[first : token.map[1]])
    found = DEFINITION.search(source)
    pos = found.end() if found else 0
    line = first + source.count("\n", 0, pos)
    return Link(str(token.meta.get("url", "")), line, pos - (source.rfind("\n", 0, pos) + 1))
