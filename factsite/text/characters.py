"""The characters that content may hold: those that both HTML and XML allow.

XML 1.0 allows tab, line feed, carriage return and everything from U+0020 up,
except surrogates and U+FFFE and U+FFFF. HTML further forbids the C1 controls
(U+007F to U+009F) and the noncharacters (U+FDD0 to U+FDEF, and the last two
code points of every plane). A character outside both is refused where it is
written, so that no feed, page or download ever carries one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import yaml

_PLANE_ENDS = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(0x11))
FORBIDDEN = re.compile(
    f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef{_PLANE_ENDS}]"
)
# FORBIDDEN's characters, or any beyond U+FFFF: one range scans about ten times faster than
# FORBIDDEN's 32 single code points past U+FFFF, and `forbidden` keeps only the plane ends of those
_CANDIDATES = re.compile(
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff\\U00010000-\\U0010ffff]"
)
# The line breaks of every file (YAML 1.2's, and how articles' paragraphs are split): nothing else
# ends a line. U+0085 is refused as a C1 control; U+2028 and U+2029 are refused in YAML (see yaml_breaks).
LINE_BREAK = re.compile(r"\r\n|\r|\n")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line with its line break
YAML_11_BREAKS = re.compile("[\u2028\u2029]")
HINT = (
    "delete it: web pages and feeds cannot hold it (it often comes from copying text "
    "out of a PDF or a word processor)"
)


def forbidden(text: str) -> Iterator[re.Match[str]]:
    """Each character of `text` that HTML or XML does not allow: FORBIDDEN's matches, found faster."""
    return (found for found in _CANDIDATES.finditer(text) if _plane_end_or_bmp(ord(found.group())))


def _plane_end_or_bmp(code: int) -> bool:
    """Whether a code point `_CANDIDATES` matched is forbidden: any below U+10000, past it a plane's end."""
    return code < 0x10000 or code & 0xFFFE == 0xFFFE


def describe(char: str) -> str:
    """A character in an editor's words: 'U+0001, a control character'."""
    code = ord(char)
    point = f"U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"{point}, half of a UTF-16 surrogate pair, which is not a character on its own"
    if code <= 0x9F:
        kind = "the control character VT (vertical tab)" if char == "\v" else "a control character"
        if char == "\f":
            kind = "the control character FF (form feed)"
        return f"{point}, {kind}"
    name = unicodedata.name(char, "")
    return f"{point}, a noncharacter{f' ({name})' if name else ''}"


def escape_problem(escape: str) -> tuple[str, str]:
    """Why an escape (`\\U00110000`, `\\ud800`) stands for no character: the message and a hint."""
    digits = escape[2:]
    code = int(digits, 16) if re.fullmatch("[0-9A-Fa-f]+", digits) else None
    if code is not None and code > 0x10FFFF:
        return (
            f"the escape {escape} is beyond U+10FFFF, the last code point of Unicode",
            "write the character itself, or an escape of a code point from \\u0000 to \\U0010FFFF",
        )
    if code is not None and 0xD800 <= code <= 0xDFFF:
        return (
            f"the escape {escape} is half of a UTF-16 surrogate pair, not a character",
            "write the character itself; one beyond U+FFFF takes one \\U escape of 8 hex digits, "
            "e.g. \\U0001F600, not two \\u halves",
        )
    return f"the escape {escape} does not stand for a character", "write the character itself"


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `index` in `text`, lines ending at LINE_BREAK."""
    line, start = 1, 0
    for found in LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def yaml_breaks(text: str) -> Iterator[re.Match[str]]:
    """Each U+2028 or U+2029 in `text`: a line break to PyYAML (YAML 1.1), a character to YAML 1.2."""
    return YAML_11_BREAKS.finditer(text)


_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abtnvfre \"/\\N_LP\t])")


def forbidden_escapes(source: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each escape in a double-quoted scalar's source that writes a character `forbidden` finds,
    with that character, in order."""
    for found in _ESCAPE.finditer(source):
        try:
            decoded = yaml.safe_load(f'"{found.group()}"')
        except yaml.YAMLError:
            continue
        if isinstance(decoded, str) and any(forbidden(decoded)):
            yield found, decoded
