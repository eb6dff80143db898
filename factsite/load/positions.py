"""Where a character of a YAML string value is written in its file.

A value read from YAML is not a copy of the file's text: a block scalar loses
its indentation, a folded or multi-line scalar turns line breaks into spaces,
a quoted one loses its quotes and escapes. An error about something inside a
value (a link on the third line of an explanation) is still reported where the
editor wrote it: the value's characters are walked through the file's text
from where the value starts, skipping what YAML left out.
"""

from __future__ import annotations

import re

from ..text import characters

# The line breaks of every file (YAML 1.2's; U+0085, U+2028 and U+2029, which YAML 1.1 would add,
# are refused before a file is parsed, see sources.parse_yaml).
YAML_LINE_BREAK = characters.LINE_BREAK
SPACE_OR_BREAK = re.compile(r" |\r\n|[\r\n]")


def in_file(text: str, start: tuple[int, int], value: str, line: int, col: int) -> tuple[int, int]:
    """The 1-based (line, column) in the file `text` of the character at 0-based (`line`, `col`)
    of `value`, a string whose first character is written at the 1-based position `start`.

    `value`'s lines are split at `\\n`, as YAML gives them. Where the file does not
    hold the value's characters in order (an escape such as `\\x41`), `start` is
    the answer.
    """
    offset = sum(len(part) + 1 for part in value.split("\n")[:line]) + col
    pos = _index(text, start)
    found = pos
    for char in value[: offset + 1]:
        found, pos = _find(text, char, pos)
        if found < 0:
            return start
    return _position(text, found)


def _find(text: str, char: str, pos: int) -> tuple[int, int]:
    """Where `char` of the value is next written in `text` from `pos`, and where its writing ends.

    A line break of the value is any line break of the file; a space may also be
    one (folded and multi-line scalars fold line breaks into spaces).
    """
    pattern = {"\n": YAML_LINE_BREAK, " ": SPACE_OR_BREAK}.get(char)
    if pattern is None:
        found = text.find(char, pos)
        return found, found + len(char)
    match = pattern.search(text, pos)
    return (match.start(), match.end()) if match else (-1, -1)


def _index(text: str, position: tuple[int, int]) -> int:
    """The index in `text` of a 1-based (line, column)."""
    line_start = 0
    for _ in range(position[0] - 1):
        found = YAML_LINE_BREAK.search(text, line_start)
        if found is None:
            break
        line_start = found.end()
    return line_start + position[1] - 1


def _position(text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of an index in `text`."""
    breaks = list(YAML_LINE_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1
