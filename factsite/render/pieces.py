"""The repeated parts of list pages, each rendered once and remembered (memo.py).

The list of all claims shows 10,000 items on a big site, a topic page 5,000, the
home page 1,000 article cards; rendering them item by item in Jinja is most of
what a one-claim edit costs. Each item is a small template of its own
(`_claim_item.html`, `_claims_section.html`, `_article_card.html`,
`_coverage_row.html`) rendered with the page's
variables, and remembered by the object it shows and everything else it reads:
the folder of the page (links are relative) and the few values named in each
key below. A page's template joins the items with `pieces.claim_items(...)` and
the like.

Long lists are also remembered in runs of `RUN` items, each kept while it holds
the very same objects, so that joining 10,000 items after a one-claim edit
looks up a hundred runs rather than every item.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from ..build.memo import Memo
from ..check.coverage import ArticleCoverage
from ..model import Article, Claim, Site

Context = jinja2.runtime.Context
T = TypeVar("T")
RUN = 100

# The template each helper renders: deps.py counts them among the templates of the pages that call it.
TEMPLATES = {
    "claim_items": "_claim_item.html",
    "claims_sections": "_claims_section.html",
    "article_cards": "_article_card.html",
    "coverage_rows": "_coverage_row.html",
}


class Pieces:
    """Helpers for the templates, as `pieces`: each returns the joined items of one list."""

    def __init__(self, env: jinja2.Environment, site: Site, memo: Memo) -> None:
        self.env, self.site, self.memo = env, site, memo

    @jinja2.pass_context
    def claim_items(
        self, context: Context, claims: Sequence[Claim], show_article: bool, show_status: bool = True
    ) -> Markup:
        """The <li> of each claim; with `show_article`, each also names its article, and with
        `show_status`, its rating (not where the list sits under its rating's heading).

        A claim object is loaded again when its article changes (loadcache.py),
        so the same claim also means the same article title.
        """
        args = (show_article, show_status)
        return self._runs(context, "claim_items", claims, args, self._claim_item)

    def _claim_item(self, claim: Claim, show_article: bool, show_status: bool) -> Item:
        shown = {"c": claim, "show_article": show_article, "show_status": show_status}
        return Item(claim, shown, (show_article, show_status))

    @jinja2.pass_context
    def claims_sections(self, context: Context, articles: Sequence[Article]) -> Markup:
        """Each article's section of the list of all claims: its title and its claims."""
        return self._runs(context, "claims_sections", articles, (), self._claims_section, self._claims_of)

    def _claims_of(self, article: Article) -> tuple[Claim, ...]:
        return self.site.claims_of(article.slug)

    def _claims_section(self, article: Article) -> Item:
        claims = self.site.claims_of(article.slug)
        return Item(article, {"a": article, "claims": claims}, latest=claims)

    @jinja2.pass_context
    def article_cards(self, context: Context, articles: Sequence[Article]) -> Markup:
        """The card of each article, with the counts of its claims by rating."""
        counts: dict[str, dict[str, int]] = context["article_counts"]
        card = functools.partial(_article_card, counts)
        return self._runs(context, "article_cards", articles, (), card, functools.partial(_counts_of, counts))

    @jinja2.pass_context
    def coverage_rows(self, context: Context, found: Sequence[ArticleCoverage]) -> Markup:
        return Markup(self._join(context, TEMPLATES["coverage_rows"], [Item(c, {"c": c}) for c in found]))

    def _runs(
        self,
        context: Context,
        helper: str,
        objects: Sequence[T],
        args: tuple[Hashable, ...],
        item: Callable[..., Item],
        reads: Callable[[T], object] | None = None,
    ) -> Markup:
        """`_join` in runs of `RUN` objects, each kept while it holds the same objects.

        An item that shows more than its object names the rest with `reads`
        (an article's section shows its claims): a run is also kept only while
        that stays the same.
        """
        template = TEMPLATES[helper]
        name = f"{template} {posixpath.dirname(context['page_path'])} {args}"
        parts = []
        for start in range(0, len(objects), RUN):
            run = tuple(objects[start : start + RUN])
            key = run if reads is None else (run, tuple(map(reads, run)))
            make = functools.partial(self._run, context, template, run, args, item)
            parts.append(self.memo.last(run[0], name, key, make))
        return Markup("".join(parts))

    def _run(
        self,
        context: Context,
        template: str,
        run: tuple[T, ...],
        args: tuple[Hashable, ...],
        item: Callable[..., Item],
    ) -> str:
        return self._join(context, template, [item(o, *args) for o in run])

    def _join(self, context: Context, template: str, items: list[Item]) -> str:
        """`template` rendered for each item, remembered by its object, its key and the page's folder.

        Items are joined as plain strings: each was rendered, so escaped, by Jinja.
        """
        folder = posixpath.dirname(context["page_path"])
        parts = []
        for item in items:
            make = functools.partial(self._render, context, template, item.values)
            if item.latest is None:
                parts.append(self.memo.get(item.obj, (template, folder, item.key), make))
            else:
                parts.append(self.memo.last(item.obj, f"{template} {folder}", item.latest, make))
        return "".join(parts)

    def _render(self, context: Context, template: str, values: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context.get_all(), **values)


def _article_card(counts: dict[str, dict[str, int]], article: Article) -> Item:
    return Item(article, {"a": article, "counts": counts[article.slug]}, tuple(counts[article.slug].items()))


def _counts_of(counts: dict[str, dict[str, int]], article: Article) -> dict[str, int]:
    return counts[article.slug]


@dataclass(frozen=True)
class Item:
    """One item of a list: the object it shows, the template's variables, and what else it reads."""

    obj: object
    values: dict[str, Any]
    key: Hashable = None
    latest: object = (
        None  # instead of `key`: kept only while equal to this (Memo.last), such as a tuple of claims
    )
