"""An article's body as plain text: paragraphs separated by blank lines, word for word.

Articles are quoted exactly, so their bodies are not Markdown: no character
the editor wrote is taken as markup, except one whole-line form for subheadings.

- A blank line (nothing but spaces and tabs) ends a paragraph.
- Spaces and tabs at the start and end of a line are layout, and a line break
  inside a paragraph reads as one space. This is how a browser shows the text,
  and passages are matched the same way (a run of whitespace is one space).
- A paragraph of one line that starts with two to six `#` and a space (not a
  tab) is a subheading (h2 to h6); the rest of the line is its text, which
  must hold something a reader can see (not only no-break spaces or invisible
  characters), or the line is text. The page's only first-level heading is the
  article's title, so a line starting `# ` is text.
- Every other character is text, shown as written: `2019.`, `1)`, `-`, `*`,
  `>`, `<b>`, `&amp;`, a backslash, a paragraph indented with a tab.
- Characters that HTML and XML do not allow (control characters other than
  tab and line breaks, and Unicode noncharacters) are refused at their line.
"""

from __future__ import annotations

import re

from ..model import Block
from . import characters, textnorm

LAYOUT = " \t"  # whitespace at a line's edges: layout, not text
LINE_BREAK = characters.LINE_BREAK
HEADING = re.compile(r"(#{2,6}) ")  # a space, as README says: `##<tab>` is text
HEADINGS = {level: f"h{level}" for level in range(2, 7)}  # each kind one string, not one per heading


def blocks(body: str, first_line: int) -> tuple[Block, ...]:
    """The body's paragraphs and subheadings, in order; `first_line` is the body's line in the file.

    See the module's docstring for the rules. Each block's `line` is the file's
    line on which it starts, and its `breaks` say where its later lines start.
    """
    found: list[Block] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate([*LINE_BREAK.split(body), ""], start=first_line):
        if line.strip(LAYOUT):
            current.append((number, line))
        elif current:
            found.append(_block(len(found), current))
            current = []
    return tuple(found)


def _block(index: int, lines: list[tuple[int, str]]) -> Block:
    first, raw = lines[0]
    heading = HEADING.match(raw)
    if len(lines) == 1 and heading and textnorm.normalise(raw[heading.end() :]).text:
        return Block(index, HEADINGS[len(heading.group(1))], raw[heading.end() :].strip(LAYOUT), first)
    text, breaks = "", []
    for _, line in lines:
        if text:
            text += " "
            breaks.append(len(text))
        text += line.strip(LAYOUT)
    return Block(index, "p", text, first, tuple(breaks))
