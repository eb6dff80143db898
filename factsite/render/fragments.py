"""Deep links into the original article: URL text fragments.

A text fragment (https://wicg.github.io/scroll-to-text-fragment/) makes a
browser scroll to and highlight a passage: `#:~:text=prefix-,start,end,-suffix`.
Each part is percent-encoded; `-`, `,` and `&` must be, since they are the
directive's own syntax, and anything outside the spec's explicit characters is.
"""

from __future__ import annotations

from ..model import Block, Passage
from ..text import weblinks

# The characters the spec lets stand unencoded in a text directive (TextDirectiveExplicitChar).
EXPLICIT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!$'()*+./:;=?@_~")
CONTEXT_WORDS = 3  # words of prefix and suffix around the quote
SHORT_QUOTE_WORDS = 10  # longer quotes are given as start,end rather than whole
EDGE_WORDS = 5  # words of a long quote's start and end


def encode(text: str) -> str:
    """Percent-encode one part of a text directive (UTF-8, uppercase hex)."""
    return text.translate(_ENCODED)


class _Encoded(dict[int, str]):
    """Each character's form in a text directive, by code point (a `str.translate` table), each
    worked out once: itself when explicit, else its UTF-8 bytes percent-encoded."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = char if char in EXPLICIT else "".join(f"%{b:02X}" for b in char.encode())
        return self[code]


_ENCODED = _Encoded()


def text_directive(start: str, end: str = "", prefix: str = "", suffix: str = "") -> str:
    """`text=[prefix-,]start[,end][,-suffix]`, each part encoded."""
    parts = [f"{encode(prefix)}-"] if prefix else []
    parts.append(encode(start))
    if end:
        parts.append(encode(end))
    if suffix:
        parts.append(f"-{encode(suffix)}")
    return "text=" + ",".join(parts)


def passage_directive(block: Block, passage: Passage) -> str:
    """The text directive for a passage, with a few words of context each side.

    A long quote is given by its first and last words only, so that a small
    difference in the middle of the original's copy does not break the link.
    """
    text = block.text
    words = text[passage.anchor.start : passage.anchor.end].split()
    prefix = " ".join(text[: passage.anchor.start].split()[-CONTEXT_WORDS:])
    suffix = " ".join(text[passage.anchor.end :].split()[:CONTEXT_WORDS])
    if len(words) > SHORT_QUOTE_WORDS:
        return text_directive(" ".join(words[:EDGE_WORDS]), " ".join(words[-EDGE_WORDS:]), prefix, suffix)
    return text_directive(" ".join(words), "", prefix, suffix)


def fragment_url(url: str, directive: str) -> str:
    """The URL, in RFC 3986 form, with the directive as its fragment directive, replacing any fragment."""
    return f"{weblinks.normalise(url.split('#', 1)[0])}#:~:{directive}"
