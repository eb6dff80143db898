"""A tiny HTML reader for tests: elements with their attributes and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)


class _Reader(HTMLParser):
    VOID: ClassVar[set[str]] = {"meta", "link", "br", "img", "input", "hr", "base", "source", "wbr"}
    # Elements that never separate words: a value isolated in its own direction, as in "(<bdi>Name</bdi>)".
    JOINED: ClassVar[set[str]] = {"bdi"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.JOINED:
            for parent in self.open:
                parent.text += " "
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def elements(html: str | Path) -> list[Element]:
    reader = _Reader()
    reader.feed(html.read_text("utf-8") if isinstance(html, Path) else html)
    return reader.elements


def find_all(html: str | Path, tag: str, **attrs: str) -> list[Element]:
    return [
        e
        for e in elements(html)
        if e.tag == tag and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
    ]


def text_of(html: str | Path) -> str:
    return " ".join(" ".join(e.text.split()) for e in find_all(html, "main"))
