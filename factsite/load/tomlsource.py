"""site.toml's text: where each key and value is written, and its syntax errors in an editor's words.

tomllib reads TOML but reports no positions, and its syntax errors are terse
("Escaped character is not a Unicode scalar value"). `positions` follows the
structure of a text tomllib has read (tables, arrays of tables, dotted and
quoted keys, inline tables, arrays) and records, for each key path, the line
and column of its key and of its value, and the source of each value written
on one line, so that a message can point at the value and quote it as written.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from typing import Any

from ..errors import ContentError
from ..text import characters
from .sources import MAX_DEPTH, Key, Position

Positions = tuple[dict[Key, Position], dict[Key, Position], dict[Key, str]]  # values, keys, texts

_WS = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")  # between the items of an array, and between statements
_SPACE = re.compile(r"[ \t]*(?:#[^\n]*)?")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_QUOTED_KEY = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"{3,5}|\'\'\'(?:[^\']|\'(?!\'\'))*\'{3,5}|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'',
    re.S,
)
_SCALAR = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}[^\s,\]}#]*|[^\s,\]}#]+")  # a date-time: a space


def positions(text: str) -> Positions:
    """(value positions, key positions, value sources) by key path, for `Document`; best effort.

    A table header is the position of its table; a dotted key's parts are each
    recorded at their own column.
    """
    scanner = _Scanner(text)
    with contextlib.suppress(IndexError, AttributeError, tomllib.TOMLDecodeError):  # a form not followed
        scanner.document()
    return scanner.values, scanner.keys, scanner.texts


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.values: dict[Key, Position] = {}
        self.keys: dict[Key, Position] = {}
        self.texts: dict[Key, str] = {}
        self.arrays: dict[Key, int] = {}  # each array of tables: the index of its last entry

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def skip(self, pattern: re.Pattern[str]) -> None:
        self.at = pattern.match(self.text, self.at).end()  # type: ignore[union-attr]

    def document(self) -> None:
        prefix: Key = ()
        while True:
            self.skip(_WS)
            if self.at >= len(self.text):
                return
            if self.text[self.at] == "[":
                prefix = self.header()
            else:
                self.pair(prefix)
            self.skip(_SPACE)

    def header(self) -> Key:
        start, double = self.at, self.text.startswith("[[", self.at)
        self.at += 2 if double else 1
        parts = self.key_parts()
        self.skip(_SPACE)
        self.at += 2 if double else 1
        path = self.resolve([name for name, _ in parts[:-1]] if double else [name for name, _ in parts])
        if double:
            path = (*path, parts[-1][0])
            self.values.setdefault(path, self.position(start))  # the array: at its first entry
            self.keys.setdefault(path, self.position(parts[-1][1]))
            self.arrays[path] = self.arrays.get(path, -1) + 1
            path = (*path, self.arrays[path])
        self.values[path] = self.position(start)
        self.keys[path] = self.position(parts[-1][1])
        return path

    def resolve(self, names: list[str]) -> Key:
        """A header's path: a name that is an array of tables stands for its last entry."""
        path: Key = ()
        for name in names:
            path = (*path, name)
            if path in self.arrays:
                path = (*path, self.arrays[path])
        return path

    def key_parts(self) -> list[tuple[str, int]]:
        parts = []
        while True:
            self.skip(_SPACE)
            start = self.at
            quoted = _QUOTED_KEY.match(self.text, start)
            found = quoted or _BARE_KEY.match(self.text, start)
            assert found is not None
            self.at = found.end()
            parts.append((tomllib.loads(f"k = {found.group()}")["k"] if quoted else found.group(), start))
            self.skip(_SPACE)
            if self.text[self.at] != ".":
                return parts
            self.at += 1

    def pair(self, prefix: Key) -> None:
        path = prefix
        for name, start in self.key_parts():
            path = (*path, name)
            self.keys.setdefault(path, self.position(start))
            self.values.setdefault(path, self.position(start))
        self.at += 1  # the "="
        self.skip(_SPACE)
        self.value(path)

    def value(self, path: Key) -> None:
        start = self.at
        self.values[path] = self.position(start)
        opener = self.text[start]
        if opener == "{":
            self.items(path, "}", lambda i: self.pair(path))
        elif opener == "[":
            self.items(path, "]", lambda i: self.value((*path, i)))
        else:
            found = _STRING.match(self.text, start) or _SCALAR.match(self.text, start)
            assert found is not None
            self.at = found.end()
            if "\n" not in found.group():
                self.texts[path] = found.group()

    def items(self, path: Key, closer: str, item: Any) -> None:
        """The items of an inline table or an array, up to `closer`."""
        self.at += 1
        count = 0
        while True:
            self.skip(_WS)
            if self.text[self.at] == closer:
                self.at += 1
                return
            item(count)
            count += 1
            self.skip(_WS)
            if self.text[self.at] == ",":
                self.at += 1


# --- syntax errors ------------------------------------------------------------------------------------

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]|\.',
    re.S,
)
SYNTAX_HINT = 'write each setting as key = value, with text in double quotes: title = "Fact checks"'


def deep_line(text: str) -> tuple[int, int] | None:
    """Where arrays and inline tables nest, or a key has dots, more than MAX_DEPTH levels deep.

    tomllib reads nested arrays by recursion and fails with RecursionError on
    deep ones, so this looks first. Strings and comments are skipped.
    """
    depth = dots = previous = 0
    for token in _TOKENS.finditer(text):
        value = token.group()
        if text.find("\n", previous, token.start()) >= 0:
            dots = 0  # dots count within one line: a dotted key
        previous = token.start()
        depth += (value in ("[", "{")) - (value in ("]", "}"))
        dots += value == "."
        if depth > MAX_DEPTH or dots > MAX_DEPTH:
            return characters.position(text, token.start())
    return None


def syntax_error(shown: str, text: str, exc: tomllib.TOMLDecodeError) -> ContentError:
    """tomllib's error at its line and column, with what is wrong and a hint that fits its kind."""
    reason = str(exc).split(" (at")[0]
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    line, col = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    escape, at = _escape_before(text, line, col)
    if escape and reason == "Escaped character is not a Unicode scalar value":
        return ContentError(shown, line, at, *characters.escape_problem(escape))
    if escape and reason in ("Unescaped '\\' in a string", "Invalid hex value"):
        return ContentError(shown, line, at, *_bad_escape(escape, reason))
    if reason == "Illegal character '\\n'":
        return ContentError(shown, line, col, "the quote mark that opens this text is not closed", CLOSE_HINT)
    if reason == "Expected newline or end of document after a statement":
        return ContentError(shown, line, col, "more text after this setting's value", ONE_PER_LINE)
    return ContentError(shown, line, col, f"invalid TOML: {reason}", SYNTAX_HINT)


def _escape_before(text: str, line: int, col: int) -> tuple[str, int]:
    """The last escape (a backslash and what follows it) before `col` of `line`, and its column."""
    lines = text.split("\n")
    written = lines[line - 1] if line <= len(lines) else ""
    start = written.rfind("\\", 0, col)
    if start < 0:
        return "", col
    found = re.match(r"\\(?:u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|.?)", written[start:])
    return (found.group() if found else "\\"), start + 1


CLOSE_HINT = 'end the text with a matching " on its line; for text over several lines, use """ … """'
ONE_PER_LINE = 'one setting per line, key = value, and text in double quotes: title = "Fact checks"'


def _bad_escape(escape: str, reason: str) -> tuple[str, str]:
    if reason == "Invalid hex value":
        digits = {"u": 4, "U": 8}.get(escape[1:2], 4)
        return (
            f"the escape {escape} is incomplete: \\{escape[1:2]} takes {digits} hex digits (0-9, a-f)",
            "write the character itself, or complete the escape, e.g. \\u00e9 for é",
        )
    return (
        f"{escape} is not an escape that TOML knows",
        "in double quotes a backslash starts an escape: write \\\\ for a backslash, "
        "or use single quotes, inside which a backslash is an ordinary character",
    )
