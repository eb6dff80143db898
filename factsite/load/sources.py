"""Read YAML and front matter safely, keeping the line, column and source text of every value.

PyYAML's safe composer gives nodes with marks; we build plain Python values from
them and remember where each one came from and how it was written, so that a
schema error deep inside a claim can still point at its line and quote the value
as the file has it. Anchors, aliases and tags are refused before any node is
built (that is what makes a "billion laughs" file fail at once), and so is
nesting deeper than `MAX_DEPTH`. Unquoted values stay `Plain` text until the
schema types them by their field (see `scalars`): YAML 1.1 never retypes them.
Characters that HTML and XML do not allow are refused where they are written.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import ContentError, printable
from ..text import characters
from .scalars import Plain, shared
from .yamlerrors import QUOTING, explain

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Key = tuple[str | int, ...]
Position = tuple[int, int]
MAX_DEPTH = 50  # levels of lists and mappings; a claim needs five
MAX_REPORTED = 10  # forbidden characters reported per file
_SHOWN = 60  # characters of a value quoted in a message


def field_name(key: Key) -> str:
    """A value's place in the file, as messages name it: 'checks[0].items[2]'."""
    parts = [f"[{k}]" if isinstance(k, int) else f".{printable(k)}" for k in key]
    return "".join(parts).lstrip(".") or "the file"


@dataclass(frozen=True)
class Document:
    """Parsed data with the position of each value and mapping key, and each scalar's source text."""

    path: str
    data: Any
    values: dict[Key, Position] = field(default_factory=dict)
    keys: dict[Key, Position] = field(default_factory=dict)
    texts: dict[Key, str] = field(default_factory=dict)

    def at(self, key: Key) -> Position:
        """The position of the value at `key`, or of its nearest located parent."""
        while key not in self.values and key:
            key = key[:-1]
        return self.values.get(key, (1, 1))

    def key_at(self, key: Key) -> Position:
        return self.keys.get(key) or self.at(key)

    def error(self, key: Key, message: str, hint: str = "", *, on_key: bool = False) -> ContentError:
        line, col = self.key_at(key) if on_key else self.at(key)
        return ContentError(self.path, line, col, message, hint)

    def written(self, key: Key, value: Any = None) -> str:
        """The value at `key` as the file writes it, for messages: 'text', "text", or a block's first line.

        Values without a recorded source (a TOML array's items) are shown with
        any unprintable character escaped, as are invisible characters written raw.
        """
        text = self.texts.get(key)
        if text is None:
            return "'" + printable(str(value)) + "'"
        if text.startswith(("|", ">")):
            text = next((line.strip() for line in text.split("\n")[1:] if line.strip()), "")
            return f"'{_shorten(printable(text))}'"
        if text.startswith(('"', "'")):
            return _shorten(printable(" ".join(text.split())))
        return f"'{_shorten(printable(' '.join(text.split())))}'"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def decode(path: str, raw: bytes) -> tuple[str | None, list[ContentError]]:
    """UTF-8 text of a file, or an error at the first byte that is not UTF-8.

    Characters that HTML and XML do not allow are errors at their line and
    column; the text comes back without them (they are invisible in most
    editors), so that reading goes on and reports the file's other problems in
    the same run.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, col = characters.position(before, len(before))
        return None, [
            ContentError(
                path, line, col, "the file is not valid UTF-8 text", "save the file with UTF-8 encoding"
            )
        ]
    text = text.removeprefix("\ufeff")
    errors = [
        ContentError(
            path,
            *characters.position(text, found.start()),
            f"this character is {characters.describe(found.group())}, which HTML and XML do not allow",
            characters.HINT,
        )
        for found in itertools.islice(characters.forbidden(text), MAX_REPORTED)
    ]
    return (characters.FORBIDDEN.sub("", text) if errors else text), errors


def parse_yaml(path: str, text: str, line_offset: int = 0) -> tuple[Document | None, list[ContentError]]:
    """Parse one YAML document; `line_offset` shifts positions (for front matter).

    The last files' parses are remembered by path and text: a folder of claim files is read for
    what its files name (claimfiles.uses_of), then loaded, from one parse each. No caller changes
    a `Document` (schema.validate types a copy)."""
    doc, errors = _parsed(path, text, line_offset)
    return doc, list(errors)


@functools.lru_cache(maxsize=64)  # more than the claims of most articles
def _parsed(path: str, text: str, line_offset: int) -> tuple[Document | None, tuple[ContentError, ...]]:
    doc, errors = _parse(path, text, line_offset)
    return doc, tuple(errors)


def _parse(path: str, text: str, line_offset: int) -> tuple[Document | None, list[ContentError]]:
    if not text.strip():
        what = "the front matter is" if line_offset else "the file is"
        hint = "write the fields between the two '---' lines" if line_offset else "fill in the fields"
        return None, [ContentError(path, 1 + line_offset, 1, f"{what} empty", f"{hint}, or delete the file")]
    separators = _yaml_11_breaks(path, text, line_offset)
    if separators:
        return None, separators
    node, error = _compose(path, text, line_offset)
    if error is not None:
        return None, [error]
    if node is None:
        hint = "write the fields, one 'name: value' per line; comments and '---' alone hold none"
        return None, [ContentError(path, 1 + line_offset, 1, "the file holds no YAML document", hint)]
    builder = _Builder(Document(path, None), text, line_offset)
    data = builder.build(node, ())
    doc = Document(path, data, builder.doc.values, builder.doc.keys, builder.doc.texts)
    return (None, builder.errors) if builder.errors else (doc, [])


def _yaml_11_breaks(path: str, text: str, offset: int) -> list[ContentError]:
    """An error at each U+2028 and U+2029, which PyYAML would count as a line break and no editor does."""
    errors = []
    for found in itertools.islice(characters.yaml_breaks(text), MAX_REPORTED):
        line, col = characters.position(text, found.start())
        name = unicodedata.name(found.group())
        errors.append(
            ContentError(
                path,
                line + offset,
                col,
                f"this character is U+{ord(found.group()):04X} {name}, which YAML may read as a line break",
                f"delete it, or write it as the escape \\u{ord(found.group()):04x} inside double quotes",
            )
        )
    return errors


def _compose(path: str, text: str, offset: int) -> tuple[yaml.Node | None, ContentError | None]:
    """The document's node, or the error that stops it being read."""
    try:
        refused = _refused(path, text, offset) if _may_be_refused(text) else None
        return (None, refused) if refused else (yaml.compose(text, Loader=_Loader), None)
    except yaml.MarkedYAMLError as exc:
        return None, explain(path, text, exc, offset)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, where decode did not look
        line, col = characters.position(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"this character is {characters.describe(char)}, which YAML does not allow"
        return None, ContentError(path, line + offset, col, message, characters.HINT)
    except yaml.YAMLError as exc:
        return None, ContentError(path, 1 + offset, 1, f"invalid YAML: {exc}", QUOTING)


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


_INDENT = re.compile(r"^[ \t]*", re.MULTILINE)


def _may_be_refused(text: str) -> bool:
    """Whether `text` may hold what `_refused` looks for; False saves reading its events twice.

    An anchor, alias or tag starts with `&`, `*` or `!`. Each level of nesting below the top
    takes a `[`, `{`, `-` or `?`, or more indentation than its parent's, so their count plus
    the deepest indentation bounds the depth from above.
    """
    if "&" in text or "*" in text or "!" in text:
        return True
    marks = sum(text.count(c) for c in "[{-?")
    return 1 + marks + max(map(len, _INDENT.findall(text))) > MAX_DEPTH


def _refused(path: str, text: str, offset: int) -> ContentError | None:
    """The first anchor, alias, tag or level of nesting too many, read from the event stream."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        depth += isinstance(event, _OPENING) - isinstance(event, _CLOSING)
        problem = None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problem = (
                "YAML anchors and aliases (& and *) are not allowed",
                "put a value that starts with & or * in double quotes; otherwise write the value out in full",
            )
        elif getattr(event, "tag", None):
            problem = (
                "YAML tags (! and !!) are not allowed",
                "put a value that starts with ! in double quotes",
            )
        elif depth > MAX_DEPTH:
            problem = (
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                "a file needs only a few levels: check the indentation and the brackets [ ] and { }",
            )
        if problem:
            mark: Any = event.start_mark
            return ContentError(path, mark.line + 1 + offset, mark.column + 1, *problem)
    return None


class _Builder:
    """Builds values from nodes, recording positions and source texts, and collecting errors."""

    def __init__(self, doc: Document, text: str, offset: int) -> None:
        self.doc, self.text, self.offset = doc, text, offset
        self.lines = characters.LINE_BREAK.split(text)
        self.errors: list[ContentError] = []
        # a value holds only the characters of its source, and of its escapes: with no escape (no
        # backslash) and no forbidden character in the text, no value can hold one
        self.clean = "\\" not in text and next(characters.forbidden(text), None) is None

    def position(self, mark: Any) -> Position:
        return mark.line + 1 + self.offset, mark.column + 1

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.doc.values[key] = self.position(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the third and last kind of node
        return self.scalar(node, key)

    def mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for knode, vnode in node.value:
            name = str(knode.value) if isinstance(knode, yaml.ScalarNode) else "?"
            position = self.position(knode.start_mark)
            if isinstance(knode, yaml.ScalarNode):
                self.check_characters(knode, (*key, name), position)
            if name in result:
                self.errors.append(
                    ContentError(
                        self.doc.path,
                        *position,
                        f"the field '{printable(name)}' appears twice",
                        "keep one of the two",
                    )
                )
            self.doc.keys[(*key, name)] = position
            result[name] = self.build(vnode, (*key, name))
        return result

    def scalar(self, node: yaml.ScalarNode, key: Key) -> Any:
        self.doc.texts[key] = self.text[node.start_mark.index : node.end_mark.index]
        if node.style in ("|", ">") and node.value:
            below = node.start_mark.line + 1  # a block scalar's text starts below its indicator
            indent = (
                len(self.lines[below]) - len(self.lines[below].lstrip(" ")) if below < len(self.lines) else 0
            )
            self.doc.values[key] = (below + 1 + self.offset, indent + 1)
        self.check_characters(node, key, self.doc.values[key])
        return shared(node.value) if node.style else Plain(node.value)  # Plain: typed by schema.py

    def check_characters(self, node: yaml.ScalarNode, key: Key, at: Position) -> None:
        """Refuse each character HTML or XML does not allow, so that one run shows them all: each
        escape that writes one, where it is written, then each other such character once, at the value."""
        if self.clean:
            return
        chars = dict.fromkeys(found.group() for found in characters.forbidden(node.value))
        if not chars:
            return
        source = self.text[node.start_mark.index : node.end_mark.index]
        for escape, char in characters.forbidden_escapes(source) if node.style == '"' else ():
            line, col = characters.position(self.text, node.start_mark.index + escape.start())
            self._refuse((line + self.offset, col), key, f"the escape {escape.group()}", char, "remove it")
            chars.pop(char, None)
        for char in chars:
            self._refuse(at, key, "a character", char, characters.HINT)

    def _refuse(self, at: Position, key: Key, written: str, char: str, hint: str) -> None:
        described = characters.describe(char)
        message = f"{field_name(key)}: {written} that is {described}, which HTML and XML do not allow"
        self.errors.append(ContentError(self.doc.path, *at, message, hint))


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file cut in two: YAML front matter and the body after it."""

    yaml_text: str
    body: str
    body_line: int  # the 1-based line on which the body starts


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[ContentError]]:
    """Split `---` front matter from a Markdown body (front matter starts on line 2).

    Lines end at `\\r\\n`, `\\r` or `\\n` only (YAML 1.2's line breaks), as everywhere
    else in a file: a U+2028 LINE SEPARATOR is a character of its line.
    """
    lines = characters.LINE.findall(text)
    if not lines or lines[0].rstrip(" \t\r\n") != "---":
        return None, [
            ContentError(
                path,
                1,
                1,
                "the file has no front matter",
                "start the file with a line '---', the fields, and another '---'",
            )
        ]
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip(" \t\r\n") == "---":
            return FrontMatter("".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2), []
    return None, [
        ContentError(path, 1, 1, "the front matter is not closed", "end the front matter with a line '---'")
    ]
