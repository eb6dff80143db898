"""Markdown for content: raw HTML disabled, only http(s) links allowed.

One configured parser serves both loading (finding links to check, splitting
articles into blocks) and rendering (explanations and pages).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import urls

ALLOWED_SCHEMES = ("http://", "https://")


@cache
def parser(permissive: bool = False) -> MarkdownIt:
    """The Markdown parser; `permissive` keeps every link, so that loading can report bad ones."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.validateLink = (lambda url: True) if permissive else is_allowed_link  # type: ignore[method-assign,assignment]
    if not permissive:  # links are written in RFC 3986 form, as every other URL (urls.py)
        md.normalizeLink = urls.normalise  # type: ignore[method-assign]
    md.disable("image")  # content may not pull images from elsewhere into our pages
    md.enable("table")
    return md


def to_html(source: str) -> str:
    """Render Markdown to HTML; raw HTML in the source comes out as escaped text."""
    html: str = parser().render(source)
    return html


@dataclass(frozen=True)
class Link:
    href: str
    line: int  # 0-based line within the Markdown source


def links(source: str) -> list[Link]:
    """Every link target in the source, with the line of the block it sits in."""
    found = []
    for token in parser(permissive=True).parse(source):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(Link(str(child.attrGet("href") or ""), token.map[0] if token.map else 0))
    return found


def is_allowed_link(href: str) -> bool:
    return href.lower().startswith(ALLOWED_SCHEMES) and len(href) > len("https://")


@dataclass(frozen=True)
class TextBlock:
    kind: str
    text: str
    line: int  # 0-based line within the source


def text_blocks(source: str) -> list[TextBlock]:
    """Paragraphs and headings as plain text: inline markup is reduced to its words.

    Articles are quoted word for word, so their text is kept as text; this is
    what passages are anchored in and what the article page shows.
    """
    tokens = parser().parse(source)
    blocks = []
    for opening, inline in itertools.pairwise(tokens):
        if opening.type in ("paragraph_open", "heading_open") and inline.type == "inline":
            kind = "p" if opening.type == "paragraph_open" else opening.tag
            line = opening.map[0] if opening.map else 0
            blocks.append(TextBlock(kind, _plain(inline.children or []), line))
    return blocks


def _plain(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
