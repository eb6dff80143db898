"""Whose words a computed check holds its result against: the article's, a cited source's, or the desk's.

A claim page shows "The article says" only for words the article uses. A check
may name its words' origin with `stated_by`; without it, the words are the
article's when the article's text uses them (matched as passages are, with
whitespace, quotes, dashes and here also case forgiven, as whole words), and
otherwise the desk's own figure, such as a span it worked out ("94 days").
`stated_by: article` for words the article does not use is an error.
"""

from __future__ import annotations

import dataclasses
import re

from . import passages
from .errors import ContentError
from .model import Article, CheckResult
from .sources import Document

ORIGINS = ("article", "source", "desk")


def uses_words(article: Article, words: str) -> bool:
    """Whether the article's text contains `words` as whole words, case and typography aside."""
    want = passages.normalise(words).text.casefold()
    if not want:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(want)}(?!\w)")
    return any(pattern.search(passages.normalise(b.text).text.casefold()) for b in article.blocks)


def with_origins(
    doc: Document, checks: tuple[CheckResult, ...], article: Article
) -> tuple[tuple[CheckResult, ...], list[ContentError]]:
    """`checks` with `stated_by` decided; an error where a check says the article uses words it does not."""
    index = {doc.at(("checks", i)): i for i in range(len(doc.data.get("checks", [])))}
    found, errors = [], []
    for check in checks:
        given = doc.data["checks"][index[(check.line, check.col)]].get("stated_by")
        used = bool(check.stated) and uses_words(article, check.stated)
        if given == "article" and not used:
            key = ("checks", index[(check.line, check.col)], "stated_by")
            message = f"stated_by: the article '{article.slug}' does not use the words '{check.stated}'"
            hint = "copy the words from the article, or say whose they are: stated_by: source, or desk"
            errors.append(doc.error(key, message, hint))
        origin = (given or ("article" if used else "desk")) if check.stated else ""
        found.append(dataclasses.replace(check, stated_by=origin))
    return tuple(found), errors
