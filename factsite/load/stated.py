"""Whose words a computed check holds its result against: the article's, a cited source's, or the desk's.

A claim page shows "The article says" only for words the article uses. A check
may name its words' origin with `stated_by`; without it, the words are the
article's when the article's text uses them (matched as passages are, with
whitespace, quotes, dashes and here also case forgiven, as whole words); else a
source's when a cited outside source's quote, or a quotation in its note or in
the check's note, has them ("on Tuesday, Nov. 26"); and otherwise the desk's own
figure, such as a span it worked out ("94 days").
`stated_by: article` for words the article does not use is an error.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from ..errors import ContentError, printable
from ..model import Article, CheckResult
from ..text import passages
from .sources import Document

ORIGINS = ("article", "source", "desk")


QUOTATION = re.compile(r'"([^"]+)"|“([^”]+)”')


def uses_words(texts: Iterable[str], words: str) -> bool:
    """Whether one of `texts` contains `words` as whole words, case and typography aside."""
    want = passages.normalise(words).text.casefold()
    if not want:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(want)}(?!\w)")
    return any(pattern.search(passages.normalise(text).text.casefold()) for text in texts)


def sources_words(evidence: list[dict[str, Any]], note: str | None) -> list[str]:
    """What cited outside sources say, as the claim quotes them: their `quote`s, and quotations
    in their notes and in the check's note."""
    outside = [item for item in evidence if "article" not in item]
    quoted = [item["quote"] for item in outside if "quote" in item]
    for text in [*(item.get("note", "") for item in outside), note or ""]:
        quoted += [a or b for a, b in QUOTATION.findall(text)]
    return quoted


def origin(given: str | None, words: str, article: Article, sources: list[str]) -> str:
    """Whose `words` are: as `given`, or else the article's, a source's, or the desk's (see above)."""
    if not words:
        return ""
    if given:
        return given
    if uses_words((b.text for b in article.blocks), words):
        return "article"
    return "source" if uses_words(sources, words) else "desk"


def with_origins(
    doc: Document, checks: tuple[CheckResult, ...], article: Article
) -> tuple[tuple[CheckResult, ...], list[ContentError]]:
    """`checks` with `stated_by` decided; an error where a check says the article uses words it does not."""
    index = {doc.at(("checks", i)): i for i in range(len(doc.data.get("checks", [])))}
    found, errors = [], []
    for check in checks:
        i = index[(check.line, check.col)]
        given = doc.data["checks"][i].get("stated_by")
        sources = sources_words(doc.data["evidence"], check.note)
        if given == "article" and origin(None, check.stated, article, sources) != "article":
            words = doc.written(("checks", i, "stated"), check.stated)
            message = f"stated_by: the article '{printable(article.slug)}' does not use the words {words}"
            hint = "copy the words from the article, or say whose they are: stated_by: source, or desk"
            errors.append(doc.error(("checks", i, "stated_by"), message, hint))
        found.append(dataclasses.replace(check, stated_by=origin(given, check.stated, article, sources)))
    return tuple(found), errors
