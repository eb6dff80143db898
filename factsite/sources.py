"""Read YAML and front matter safely, keeping the line and column of every value.

PyYAML's safe composer gives nodes with marks; we build plain Python values from
them and remember where each one came from, so that a schema error deep inside a
claim can still point at its line. Anchors and aliases are refused before any
node is built: that is what makes a "billion laughs" file fail at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import ContentError

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

Key = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """Parsed YAML data with the position of each value and each mapping key."""

    path: str
    data: Any
    values: dict[Key, Position] = field(default_factory=dict)
    keys: dict[Key, Position] = field(default_factory=dict)

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


def decode(path: str, raw: bytes) -> tuple[str | None, list[ContentError]]:
    """UTF-8 text of a file, or an error at the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            ContentError(
                path, line, col, "the file is not valid UTF-8 text", "save the file with UTF-8 encoding"
            )
        ]
    return text.removeprefix("\ufeff"), []


def parse_yaml(path: str, text: str, line_offset: int = 0) -> tuple[Document | None, list[ContentError]]:
    """Parse one YAML document; `line_offset` shifts positions (for front matter)."""

    def err(mark: Any, message: str, hint: str = "") -> ContentError:
        return ContentError(path, mark.line + 1 + line_offset, mark.column + 1, message, hint)

    if not text.strip():
        return None, [
            ContentError(
                path, 1 + line_offset, 1, "the file is empty", "fill in the fields, or delete the file"
            )
        ]
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None, [
                    err(
                        event.start_mark,
                        "YAML anchors and aliases (& and *) are not allowed",
                        "write the value out in full",
                    )
                ]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        context = exc.context or ""
        unclosed = exc.context_mark is not None and ("scanning a" in context or "flow" in context)
        mark = exc.context_mark if unclosed else (exc.problem_mark or exc.context_mark)
        problem = f"{exc.problem} {exc.context}" if unclosed else (exc.problem or "invalid YAML")
        hint = "check quoting: a value containing ': ' or starting with a quote mark must be quoted in full"
        if mark is None:
            return None, [ContentError(path, 1 + line_offset, 1, f"invalid YAML: {problem}", hint)]
        return None, [err(mark, f"invalid YAML: {problem}", hint)]
    except yaml.YAMLError as exc:
        return None, [ContentError(path, 1 + line_offset, 1, f"invalid YAML: {exc}")]
    if node is None:
        return None, [ContentError(path, 1 + line_offset, 1, "the file holds no YAML document")]
    doc = Document(path, None)
    repeated: list[ContentError] = []
    data = _build(node, (), doc, line_offset, text.split("\n"), repeated)
    return (None, repeated) if repeated else (Document(path, data, doc.values, doc.keys), [])


_SCALARS = yaml.constructor.SafeConstructor()


def _build(
    node: yaml.Node, key: Key, doc: Document, offset: int, lines: list[str], repeated: list[ContentError]
) -> Any:
    doc.values[key] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and node.value:
        below = node.start_mark.line + 1  # a block scalar's text starts below its indicator
        indent = len(lines[below]) - len(lines[below].lstrip(" ")) if below < len(lines) else 0
        doc.values[key] = (below + 1 + offset, indent + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for knode, vnode in node.value:
            name = str(_SCALARS.construct_object(knode)) if isinstance(knode, yaml.ScalarNode) else "?"
            position = (knode.start_mark.line + 1 + offset, knode.start_mark.column + 1)
            if name in result:
                repeated.append(
                    ContentError(
                        doc.path, *position, f"the field '{name}' appears twice", "keep one of the two"
                    )
                )
            doc.keys[(*key, name)] = position
            result[name] = _build(vnode, (*key, name), doc, offset, lines, repeated)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*key, i), doc, offset, lines, repeated) for i, item in enumerate(node.value)]
    try:
        value = _SCALARS.construct_object(node)
    except (ValueError, yaml.YAMLError):  # e.g. a date like 2019-02-30: reported by the schema
        return node.value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file cut in two: YAML front matter and the body after it."""

    yaml_text: str
    body: str
    body_line: int  # the 1-based line on which the body starts


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[ContentError]]:
    """Split `---` front matter from a Markdown body (front matter starts on line 2)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
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
        if line.rstrip() == "---":
            return FrontMatter("".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2), []
    return None, [
        ContentError(path, 1, 1, "the front matter is not closed", "end the front matter with a line '---'")
    ]
