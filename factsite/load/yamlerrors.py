"""YAML syntax errors in an editor's words, at the character at fault, with the fix that fits.

PyYAML and libyaml describe a problem in parser terms ("found character that
cannot start any token", "did not find expected key"), sometimes at the line
where a scanner started rather than where the mistake is. `explain` looks at
the character at fault and the kind of problem and says what it is and how to
fix it: a tab is "a tab: indent with spaces", an unclosed quote points at the
quote mark that opens it, a second ': ' suggests the value in double quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from ..errors import ContentError
from ..text import characters

QUOTING = (
    "put the value in double quotes when it contains ': ' or ' #', or starts with a quote mark, "
    "[, {, *, &, !, %, @ or `"
)


class Problem:
    """One YAML error: its texts, marks and the source lines, with helpers to look around."""

    def __init__(self, exc: yaml.MarkedYAMLError, text: str) -> None:
        self.problem = exc.problem or ""
        self.context = exc.context or ""
        self.mark: Any = exc.problem_mark or exc.context_mark
        self.opened: Any = exc.context_mark
        self.lines = characters.LINE_BREAK.split(text)
        self.text = text

    def char(self, mark: Any = None) -> str:
        mark = mark or self.mark
        line = self.lines[mark.line] if mark and mark.line < len(self.lines) else ""
        return line[mark.column] if mark and mark.column < len(line) else "\n"

    def line(self) -> str:
        return self.lines[self.mark.line] if self.mark and self.mark.line < len(self.lines) else ""

    def before(self) -> str:
        """The text of the problem's line before its column, without trailing spaces."""
        return self.line()[: self.mark.column].rstrip()

    def at_end(self) -> bool:
        """Whether nothing but blanks follows the problem: the file ended too early."""
        return bool(self.mark) and not self.text[self.mark.index :].strip()

    def last_opener(self) -> Any:
        """The mark of the last [ or { before the problem: the one left open when the file ends."""
        index = max(self.text.rfind("[", 0, self.mark.index), self.text.rfind("{", 0, self.mark.index))
        if index < 0:
            return self.opened
        line, col = characters.position(self.text, index)
        return yaml.Mark("", index, line - 1, col - 1, None, 0)

    def later_line(self) -> bool:
        return bool(self.opened and self.mark and self.mark.line > self.opened.line)


Explained = tuple[str, str, Any]  # message, hint, the mark to report at
Rule = Callable[[Problem], Explained | None]


def explain(path: str, text: str, exc: yaml.MarkedYAMLError, line_offset: int) -> ContentError:
    """The error as `path:line:col: invalid YAML: …` with a hint that fits its kind."""
    found = Problem(exc, text)
    message, hint, mark = next(
        (result for rule in RULES if (result := rule(found))),
        (
            found.problem or "the YAML cannot be read here",
            f"check the quoting and indentation: {QUOTING}",
            None,
        ),
    )
    mark = mark or found.mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return ContentError(path, line + line_offset, col, f"invalid YAML: {message}", hint)


def _tab(p: Problem) -> Explained | None:
    if p.char() == "\t" or "tab" in p.problem:
        return "a tab, where YAML allows only spaces", "indent with spaces, not tabs", None
    return None


def _unclosed_quote(p: Problem) -> Explained | None:
    if "quoted scalar" not in p.context or "end of stream" not in p.problem:
        return None
    quote = p.char(p.opened)
    inside = '\\"' if quote == '"' else "''"
    return (
        f"the quote mark {quote} that opens this value is never closed",
        f"end the value with a matching {quote}; to put {quote} inside it, write {inside}",
        p.opened,
    )


def _escape(p: Problem) -> Explained | None:
    if "quoted scalar" not in p.context:
        return None
    line = p.line()
    start = max(line.rfind("\\", 0, p.mark.column + 1), 0)
    written = re.match(r"\\(?:x[0-9A-Fa-f]{0,2}|u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|.?)", line[start:])
    escape = written.group() if written else "\\"
    at = yaml.Mark("", p.mark.index - (p.mark.column - start), p.mark.line, start, None, 0)  # its backslash
    if "hex" in p.problem:
        digits = {"x": 2, "u": 4, "U": 8}.get(escape[1:2], 2)
        return (
            f"the escape {escape} is incomplete: \\{escape[1:2]} takes {digits} hex digits (0-9, a-f)",
            "write the character itself, or complete the escape, e.g. \\u00e9 for é",
            at,
        )
    if "Unicode" in p.problem or "surrogate" in p.problem:
        return (*characters.escape_problem(escape), at)
    return (
        f"{escape} is not an escape that YAML knows",
        "in double quotes a backslash starts an escape: write \\\\ for a backslash, "
        "or use single quotes, inside which a backslash is an ordinary character",
        at,
    )


def _flow(p: Problem) -> Explained | None:
    if "flow" not in p.context:
        return None
    if ("stream" in p.problem or p.at_end()) and (not p.opened or p.char(p.opened) not in "[{"):
        p.opened = p.last_opener()
    opener = p.char(p.opened) if p.opened else "["
    closer = "]" if opener == "[" else "}"
    kind = "list" if opener == "[" else "mapping"
    if p.later_line() or p.at_end():
        return (
            f"the {kind} opened with {opener} here is not closed on its line",
            f"close it with {closer}; or, if the value is text that starts with {opener}, "
            "put it all in double quotes",
            p.opened,
        )
    return (
        f"{p.char()!r} where a ',' or '{closer}' should follow an item",
        "separate the items with ', '; put an item that contains ': ', ',' "
        f"or {opener}{closer} in double quotes",
        None,
    )


def _simple_key(p: Problem) -> Explained | None:
    if "could not find expected ':'" not in p.problem:
        return None
    return (
        "this line is neither a field (name: value) nor indented under one",
        "indent the lines that continue a value, or put the value in double quotes, "
        "or write a new field as 'name: value'",
        p.opened,
    )


def _colon(p: Problem) -> Explained | None:
    if "mapping values are not allowed" not in p.problem:
        return None
    field = re.match(r"(\s*(?:- )?[^\s:#\"'][^:#]*?):[ \t]+(.+?)\s*$", p.line())
    if field and field.end(1) < p.mark.column:
        value = field.group(2).replace("\\", "\\\\").replace('"', '\\"')
        return (
            "a second ': ' in this line, which YAML reads as the start of another field",
            f'put the whole value in double quotes: {field.group(1).strip()}: "{value}"',
            None,
        )
    return (
        "': ' in a line that is indented under a value, which YAML reads as a field",
        "indent the line like the fields around it, or put the value it continues in double quotes",
        None,
    )


def _after_value(p: Problem) -> Explained | None:
    if "block" not in p.context or "expected" not in p.problem:
        return None
    if p.char() == "-":
        return (
            "a list item '- …' where a field was expected",
            "put list items under their field, each on its own line: 'topics:' then '  - budget'",
            None,
        )
    end = p.before()[-1:]
    if end and end in "\"']}" and p.mark.column > len(p.line()) - len(p.line().lstrip()):
        opener = end if end in "\"'" else "[ or {"
        return (
            f"more text after the closing {end}",
            f"a value that starts with {opener} must end there: put the whole value "
            'in double quotes, and write a " inside it as \\"',
            None,
        )
    return (
        "this line is indented differently from the fields around it",
        "give the fields of one level the same indentation, with spaces; "
        "the lines of a | text need at least the indentation of its first line",
        None,
    )


def _cannot_start(p: Problem) -> Explained | None:
    starts = ("cannot start any token", "directive", "anchor", "alias", "tag")
    if not any(word in p.problem or word in p.context for word in starts):
        return None
    char = p.char() if "token" in p.problem else p.char(p.opened)
    return (
        f"a value cannot start with {char!r} unless it is in quotes",
        f'put the value in double quotes: "{char}…"',
        None if "token" in p.problem else p.opened,
    )


def _block_header(p: Problem) -> Explained | None:
    if "block scalar" not in p.context:
        return None
    return (
        "after | or > the text must start on the next line",
        "write the text on the lines below, indented by two spaces; or put the value in double quotes",
        None,
    )


def _documents(p: Problem) -> Explained | None:
    if "document" not in p.problem and "document" not in p.context:
        return None
    return (
        "a second YAML document starts here",
        "a file holds one document: remove the '---' or '...' line above the fields",
        None,
    )


RULES: tuple[Rule, ...] = (
    _tab,
    _unclosed_quote,
    _escape,
    _flow,
    _simple_key,
    _colon,
    _block_header,
    _after_value,
    _cannot_start,
    _documents,
)
