"""The repeated parts of list pages, each rendered once and remembered (memo.py).

The list of all claims shows 10,000 items on a big site, a topic page 5,000, the
home page 1,000 article cards; rendering them item by item in Jinja is most of
what a one-claim edit costs. Each item is a small template of its own
(`_claim_item.html`, `_article_card.html`, `_coverage_row.html`,
`_coverage_section.html`) rendered with the page's variables, and remembered by
the object it shows and everything else it reads: the folder of the page (links
are relative) and the few values named in each key below. A page's template
joins the items with `pieces.claim_items(...)` and the like.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from .coverage import ArticleCoverage
from .memo import Memo
from .model import Article, Claim, Site

Context = jinja2.runtime.Context

# The template each helper renders: deps.py counts them among the templates of the pages that call it.
TEMPLATES = {
    "claim_items": "_claim_item.html",
    "article_cards": "_article_card.html",
    "coverage_rows": "_coverage_row.html",
    "coverage_sections": "_coverage_section.html",
}


class Pieces:
    """Helpers for the templates, as `pieces`: each returns the joined items of one list."""

    def __init__(self, env: jinja2.Environment, site: Site, memo: Memo) -> None:
        self.env, self.site, self.memo = env, site, memo

    @jinja2.pass_context
    def claim_items(self, context: Context, claims: Iterable[Claim], show_article: bool) -> Markup:
        """The <li> of each claim; with `show_article`, each also names its article."""
        items = [
            Item(c, {"c": c, "show_article": show_article}, (show_article, self._title(c, show_article)))
            for c in claims
        ]
        return self._join(context, TEMPLATES["claim_items"], items)

    @jinja2.pass_context
    def article_cards(self, context: Context, articles: Iterable[Article]) -> Markup:
        """The card of each article, with the counts of its claims by rating."""
        counts = context["article_counts"]
        items = [Item(a, {"a": a, "counts": counts[a.slug]}, tuple(counts[a.slug].items())) for a in articles]
        return self._join(context, TEMPLATES["article_cards"], items)

    @jinja2.pass_context
    def coverage_rows(self, context: Context, found: Iterable[ArticleCoverage]) -> Markup:
        return self._join(context, TEMPLATES["coverage_rows"], [Item(c, {"c": c}) for c in found])

    @jinja2.pass_context
    def coverage_sections(self, context: Context, found: Iterable[ArticleCoverage]) -> Markup:
        return self._join(context, TEMPLATES["coverage_sections"], [Item(c, {"c": c}) for c in found])

    def _title(self, claim: Claim, show_article: bool) -> str | None:
        return self.site.article(claim.article).title if show_article else None

    def _join(self, context: Context, template: str, items: list[Item]) -> Markup:
        """`template` rendered for each item, remembered by its object, its key and the page's folder."""
        folder = posixpath.dirname(context["page_path"])
        parts = [
            self.memo.get(
                item.obj,
                (template, folder, item.key),
                functools.partial(self._render, context, template, item.values),
            )
            for item in items
        ]
        return Markup("".join(parts))

    def _render(self, context: Context, template: str, values: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context.get_all(), **values)


@dataclass(frozen=True)
class Item:
    """One item of a list: the object it shows, the template's variables, and what else it reads."""

    obj: object
    values: dict[str, Any]
    key: Hashable = None
