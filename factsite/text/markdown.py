"""Markdown for explanations and pages: raw HTML disabled, only http(s) links allowed.

One configuration serves rendering and, in a permissive variant that keeps
every link, loading: there each link's target is found at its own line and
column, so that a bad link is reported where it is written. Articles are not
Markdown (see paragraphs.py).

A link is checked as written, by the rule every url field follows
(`weblinks.problem`): markdown-it's own normalisation, which percent-encodes a
backslash and punycodes a host before any check could see them, is left out
of loading, and at rendering a link that rule refuses is no link. An
autolink shows its address as written: markdown-it's default display decodes
%-escapes and punycode, which can make characters HTML forbids (U+0080).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel
from markdown_it.rules_inline import StateInline, autolink, link
from markdown_it.token import Token

from . import weblinks

ALLOWED_SCHEMES = ("http://", "https://")
InlineRule = Callable[[StateInline, bool], bool]
Span = tuple[int, int]  # where a link's target starts and ends in the inline source


@cache
def parser(permissive: bool = False) -> MarkdownIt:
    """The Markdown parser; `permissive` keeps every link and notes where each is written."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable("image")  # content may not pull images from elsewhere into our pages
    md.enable("table")
    md.normalizeLinkText = _as_written  # type: ignore[method-assign,assignment]
    if permissive:
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        md.normalizeLink = _as_written  # type: ignore[method-assign]
        md.options["inline_definitions"] = True  # reference definitions become tokens, with their lines
        md.inline.ruler.at("link", _noting_target(link, _link_target))
        md.inline.ruler.at(
            "autolink", _noting_target(autolink, lambda state, start: (start + 1, state.pos - 1))
        )
    else:
        md.validateLink = is_allowed_link  # type: ignore[method-assign,assignment]
        md.normalizeLink = _published  # type: ignore[method-assign]
    return md


def _as_written(url: str) -> str:
    return url


@lru_cache(maxsize=1 << 12)  # sources are cited again and again across an archive's claims
def _published(url: str) -> str:
    """The link in RFC 3986 form, as every URL is published; "" (no link) when `weblinks.problem` refuses."""
    return "" if weblinks.problem(url) else weblinks.normalise(url)


def to_html(source: str) -> str:
    """Render Markdown to HTML; raw HTML in the source comes out as escaped text."""
    html: str = parser().render(source)
    return html


@dataclass(frozen=True)
class Link:
    """A link target in Markdown source, and where: 0-based line and column in the source.

    `href` is the target with Markdown's backslash escapes and entities resolved
    (the address to check); `written` is its text in the source, for messages.
    """

    href: str
    written: str
    line: int
    col: int


def links(source: str) -> list[Link]:
    """Every link target of the source, in order, at the line and column where it is written.

    Inline links (`[text](target)`), autolinks (`<target>`) and reference
    definitions (`[label]: target`) are found; a reference link (`[text][label]`)
    has its target at its definition, so it is found there. Line breaks may be
    `\\n`, `\\r\\n` or `\\r`; lines are counted as markdown-it counts them.

    Every such link starts with `[` or `<` (links are not made from bare addresses): a source
    without either has none, and is not parsed.
    """
    if "[" not in source and "<" not in source:
        return []
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


def _noting_target(rule: InlineRule, target: Callable[[StateInline, int], Span | None]) -> InlineRule:
    """`rule`, noting on each link it makes where its target starts in the inline source
    (meta "target"; -1 for a reference link, whose target is at its definition) and its text
    there (meta "written")."""

    def noted(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        opened = [t for t in state.tokens[count:] if t.type == "link_open"]
        if opened and not silent:
            span = target(state, start)
            opened[0].meta["target"] = span[0] if span else -1
            opened[0].meta["written"] = state.src[span[0] : span[1]] if span else ""
        return True

    return noted


def _link_target(state: StateInline, start: int) -> Span | None:
    """Where the target of `[text](target)` starts and ends; None for a reference link `[text][label]`."""
    label_end = parseLinkLabel(state, start, True)
    src = state.src
    if label_end < 0 or label_end + 1 >= len(src) or src[label_end + 1] != "(":
        return None
    pos = label_end + 2
    while pos < len(src) and src[pos] in " \t\n":
        pos += 1
    return _destination(src, pos)


def _destination(src: str, pos: int) -> Span:
    """The span of the link destination at `pos` (CommonMark), without the `<>` that may enclose it."""
    end = parseLinkDestination(src, pos, len(src)).pos
    return (pos + 1, max(pos + 1, end - 1)) if src.startswith("<", pos) else (pos, end)


def _inline(block: Token, opening: Token, lines: list[str], cell_start: int | None) -> Link:
    """The link's target at its own line and column.

    The nth line of a block's inline text is the block's nth source line, less
    any indentation or container markers cut from its start, so the line's text
    is found at the end of the source line (a table cell's, at `cell_start`).
    """
    href, written = str(opening.attrGet("href") or ""), str(opening.meta.get("written", ""))
    content, pos = block.content, int(opening.meta.get("target", 0))
    line = (block.map[0] if block.map else 0) + content.count("\n", 0, pos)
    start = content.rfind("\n", 0, pos) + 1
    end = content.find("\n", pos)
    segment = content[start : end if end >= 0 else len(content)]
    source = lines[line] if line < len(lines) else ""
    base = source.rfind(segment) if cell_start is None else cell_start
    if base >= 0:
        return Link(href, written, line, base + pos - start)
    rest = source.rfind(segment[pos - start :])  # the line's start was rewritten (a tab in an indent)
    return Link(href, written, line, rest if rest >= 0 else len(source) - len(source.lstrip()))


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


DEFINITION = re.compile(r"\[(?:\\.|[^\\\]])*\]:[ \t]*(?:\n[ \t]*)?")


def _definition(token: Token, lines: list[str]) -> Link:
    """A reference definition's target, found after its `[label]:`."""
    assert token.map is not None
    first = token.map[0]
    source = "\n".join(lines[first : token.map[1]])
    found = DEFINITION.search(source)
    pos, end = _destination(source, found.end() if found else 0)
    line = first + source.count("\n", 0, pos)
    href = str(token.meta.get("url", ""))
    return Link(href, source[pos:end], line, pos - (source.rfind("\n", 0, pos) + 1))
