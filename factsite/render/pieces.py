"""The repeated parts of list pages and data files, each made once and reused (reuse.py).

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

`Parts` does the same for what site-wide pages and files gather article by
article: the groups of claims by rating and topic, the counts, the newest
checks, the coverage, and each article's share of the feeds, downloads and
sitemap. The feature modules make each part with a plain function of the model;
`Parts` only reuses it, `CHUNK` articles (or runs of claims) at a time: after an
edit, the parts of 1,000 articles cost 32 look-ups and the edited article's.
This module and pages.py are the only callers of `Reuse`.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from ..check import coverage
from ..check.coverage import ArticleCoverage, CoverageFigures
from ..model import Article, Claim, Site
from . import downloads, feeds, groups, notices, scorecards, sitemap
from .closure import PIECES, is_theme_own
from .groups import Groups, Newest, Run
from .reader import Each
from .reuse import NO_REUSE, Reuse, Same

Context = jinja2.runtime.Context
T = TypeVar("T")
RUN = 100
CHUNK = 32  # runs of claims, or articles, whose parts are kept together (`Parts.each_count`, `_by_article`)


class Pieces:
    """Helpers for the templates, as `pieces`: each returns the joined items of one list."""

    def __init__(self, env: jinja2.Environment, site: Site, reuse: Reuse) -> None:
        self.env, self.site, self.reuse = env, site, reuse

    @jinja2.pass_context
    def claim_items(
        self, context: Context, claims: Sequence[Claim], show_article: bool, show_status: bool = True
    ) -> Markup:
        """The <li> of each claim; with `show_article`, each also names its article, and with
        `show_status`, its rating (not where the list sits under its rating's heading).

        A claim object is loaded again when its article changes (loadcache.py),
        so the same claim object (`Reuse` compares claims by identity, not by
        their fields) also means the same article title.
        """
        args = (show_article, show_status)
        template = PIECES["claim_items"]
        joined = functools.partial(self._claim_items, context, template, show_article, show_status)
        return self._runs(context, template, claims, args, joined)

    def _claim_items(
        self,
        context: Context,
        template: str,
        show_article: bool,
        show_status: bool,
        claims: tuple[Claim, ...],
    ) -> str:
        """The items of a run of claims, each kept by its claim and what the run shows of all: an item
        found again costs one lookup (a page of a list shifted by an edit finds all but one)."""
        key = (template, posixpath.dirname(context["page_path"]), (show_article, show_status))
        shown = {"show_article": show_article, "show_status": show_status}
        render, reuse = functools.partial(self._render_claim, context, template, shown), self._reuse(template)
        return "".join([reuse.get(c, key, functools.partial(render, c)) for c in claims])

    def _render_claim(self, context: Context, template: str, shown: dict[str, Any], claim: Claim) -> str:
        return self._render(context, template, {"c": claim, **shown})

    @jinja2.pass_context
    def claims_sections(
        self, context: Context, sections: Sequence[tuple[Article, tuple[Claim, ...], bool]]
    ) -> Markup:
        """Each article's section of a page of every claim: its title and its claims on the page,
        given as (article, those claims, whether its first claims are on an earlier page)."""
        shown = {a.slug: (claims, continued) for a, claims, continued in sections}
        item = functools.partial(_claims_section, shown)
        articles = [a for a, _, _ in sections]
        return self._items(context, "claims_sections", articles, item, lambda a: shown[a.slug])

    @jinja2.pass_context
    def article_cards(self, context: Context, articles: Sequence[Article]) -> Markup:
        """The card of each article, with the counts of its claims by rating."""
        counts: Mapping[str, dict[str, int]] = context["article_counts"]
        card = functools.partial(_article_card, counts)
        return self._items(context, "article_cards", articles, card, functools.partial(_counts_of, counts))

    @jinja2.pass_context
    def masthead(self, context: Context) -> Markup:
        """The page's masthead (`_masthead.html`: the site's name, the search form and the menu)."""
        return self._frame(context, PIECES["masthead"])

    @jinja2.pass_context
    def footer(self, context: Context) -> Markup:
        """The page's footer (`_footer.html`)."""
        return self._frame(context, PIECES["footer"])

    def _frame(self, context: Context, template: str) -> Markup:
        """A part of the frame every page has (base.html), kept for the page's path (`frame_path`)
        while the menu (`site.pages`) stays the same: the theme's reads the configuration, the menu
        and the page's path, and nothing else of the site. An edit that shifts 50 pages of a rating's
        list renders their frames once, not on every edit, and a build renders one for all the claim
        pages of an article. Equal texts are kept as one (most pages' footers are).

        A site's own `_masthead.html` or `_footer.html` is rendered for every page (`_reuse`)."""
        make = functools.partial(self._shared_text, context, template)
        name = f"{template} {frame_path(context['page_path'])}"
        return Markup(self._reuse(template).last(self.site.config, name, self.site.pages, make))

    def _reuse(self, template: str) -> Reuse:
        """The reuse for pieces made with `template`: none when it, or a template it uses, is a site's
        own (theme.py), which may show anything of the site (an article's title, a count of claims)
        past what a part is kept by."""
        return self.reuse if is_theme_own(self.env, template) else NO_REUSE

    def _shared_text(self, context: Context, template: str) -> str:
        text = self._render(context, template, {})
        return self._reuse(template).get(self.site.config, (template, text), lambda: text)

    @jinja2.pass_context
    def coverage_rows(self, context: Context, found: Sequence[CoverageFigures]) -> Markup:
        return Markup(self._join(context, PIECES["coverage_rows"], [Item(c, {"c": c}) for c in found]))

    def _items(
        self,
        context: Context,
        helper: str,
        objects: Sequence[T],
        item: Callable[[T], Item],
        reads: Callable[[T], object],
    ) -> Markup:
        """`_runs` of the `Item` of each object (`_join`)."""
        template = PIECES[helper]
        joined = functools.partial(self._run, context, template, item)
        return self._runs(context, template, objects, (), joined, reads)

    def _runs(
        self,
        context: Context,
        template: str,
        objects: Sequence[T],
        args: tuple[Hashable, ...],
        joined: Callable[[tuple[T, ...]], str],
        reads: Callable[[T], object] | None = None,
    ) -> Markup:
        """`joined(run)` for runs of `RUN` objects, each kept while it holds the same objects.

        An item that shows more than its object names the rest with `reads`
        (an article's section shows its claims): a run is also kept only while
        that stays the same.
        """
        name = f"{template} {posixpath.dirname(context['page_path'])} {args}"
        parts = []
        for start in range(0, len(objects), RUN):
            run = tuple(objects[start : start + RUN])
            key = run if reads is None else (run, tuple(map(reads, run)))
            parts.append(self._reuse(template).last(run[0], name, key, functools.partial(joined, run)))
        return Markup("".join(parts))

    def _run(self, context: Context, template: str, item: Callable[[T], Item], run: tuple[T, ...]) -> str:
        return self._join(context, template, [item(o) for o in run])

    def _join(self, context: Context, template: str, items: list[Item]) -> str:
        """`template` rendered for each item, remembered by its object, its key and the page's folder.

        Items are joined as plain strings: each was rendered, so escaped, by Jinja.
        """
        folder, reuse = posixpath.dirname(context["page_path"]), self._reuse(template)
        parts = []
        for item in items:
            make = functools.partial(self._render, context, template, item.values)
            if item.latest is None:
                parts.append(reuse.get(item.obj, (template, folder, item.key), make))
            else:
                parts.append(reuse.last(item.obj, f"{template} {folder}", item.latest, make))
        return "".join(parts)

    def _render(self, context: Context, template: str, values: dict[str, Any]) -> str:
        """`template` rendered with the page's variables (`context`) and `values`, as
        `Template.render(context.get_all(), **values)` renders it, with one copy of the variables
        instead of four: `context` already holds the environment's globals, as every context of a
        page does (`_render` in pages.py). Made without naming the globals again, so that the
        template's `{% import %}` without context takes the module made once (Jinja makes it again
        for a context whose globals its template lacks, and all templates here have the same ones).
        Tens of thousands of list items are rendered so in a big site's build."""
        found = self.env.get_template(template)
        names = {**context.parent, **context.vars, **values}
        made = jinja2.runtime.new_context(self.env, found.name, found.blocks, names, shared=True)
        try:
            return self.env.concat(found.root_render_func(made))
        except Exception:
            self.env.handle_exception()


def frame_path(page_path: str) -> str:
    """The path the theme's masthead and footer are kept by for the page at `page_path` (an output
    file): its own, but for the folders past the second, which the frame does not read, so that
    'claims/an-article/a-claim/index.html' is kept as 'claims/an-article/*/index.html' with all the
    article's claim pages.

    Each of the frame's links goes to a top-level page or to a file one folder down
    ('articles/index.html', 'feeds/claims.xml'): the relative link from a page depends on its
    depth and its first two folders only. So does which menu entry is the current page's (the
    folder of a list and its later pages, 'claims/page/2/'). The theme's `_masthead.html` and
    `_footer.html` say so; a site's own are never kept (`Pieces._reuse`)."""
    parts = page_path.split("/")
    if len(parts) <= 3:
        return page_path
    return "/".join([*parts[:2], *["*"] * (len(parts) - 3), parts[-1]])


def _claims_section(shown: dict[str, tuple[tuple[Claim, ...], bool]], article: Article) -> Item:
    claims, continued = shown[article.slug]
    return Item(article, {"a": article, "claims": claims, "continued": continued}, latest=shown[article.slug])


def _article_card(counts: Mapping[str, dict[str, int]], article: Article) -> Item:
    return Item(article, {"a": article, "counts": counts[article.slug]}, tuple(counts[article.slug].items()))


def _counts_of(counts: Mapping[str, dict[str, int]], article: Article) -> dict[str, int]:
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


class Parts:
    """Per-article parts of the site-wide pages and data files, each reused while what it shows stays
    the same: an article's claims (kept as objects while their files are unchanged, build/loadcache.py)."""

    def __init__(self, site: Site, reuse: Reuse) -> None:
        self.site, self.reuse = site, reuse

    def groups(self) -> list[Groups]:
        """Every article's groups (groups.py); made once for each `Site`."""
        make = functools.partial(self._every, "groups", _article_groups)
        return self.reuse.last(self.site.config, "groups", Same(self.site), make)

    def newest(self, n: int) -> tuple[Claim, ...]:
        return groups.newest(self.groups(), n, self._newest_of_run)

    def _newest_of_run(self, i: int, run: Run) -> list[Newest]:
        config = self.site.config
        return self.reuse.last(
            config, f"newest of run {i}", run, functools.partial(groups.newest_of_run, run)
        )

    def counts(self, article: Article) -> dict[str, int]:
        """The article's claims by rating: {status id: count}, statuses without claims left out."""
        claims = self.site.claims_of(article.slug)
        return self.reuse.last(
            article, "counts", claims, functools.partial(groups.counts, self.site.config, claims)
        )

    def run_counts(self, run: tuple[Claim, ...]) -> dict[str, int]:
        """The claims of a run (of one article) by rating, as `counts`; kept while the run holds the
        very same claims. Runs that start with the same claim and are as long share a place: one
        evicts the other, which costs a count, never a wrong one."""
        if not run:
            return {}
        make = functools.partial(groups.counts, self.site.config, run)
        return self.reuse.last(run[0], f"run counts {len(run)}", run, make)

    def each_count(self, label: str, runs: Sequence[tuple[Claim, ...]]) -> list[dict[str, int]]:
        """Each run's counts (`run_counts`), looked up `CHUNK` runs at a time, a chunk kept while it
        holds the very same runs: 1,000 runs after an edit cost 32 look-ups and the changed run's
        count, not 1,000 look-ups. `label` names the list (the articles', the claimants'), so that
        chunks of two lists that begin with the same claim do not take each other's place."""
        return self._each_run(f"{label} counts", runs, self.run_counts)

    def each_split(self, label: str, runs: Sequence[tuple[Claim, ...]]) -> list[scorecards.Split]:
        """Each run's claims by rating (scorecards.split), kept and looked up as `each_count`'s."""
        return self._each_run(f"{label} splits", runs, self._split)

    def _split(self, run: tuple[Claim, ...]) -> scorecards.Split:
        make = functools.partial(scorecards.split, run)
        return make() if not run else self.reuse.last(run[0], f"run split {len(run)}", run, make)

    def _each_run(self, name: str, runs: Sequence[tuple[Claim, ...]], one: Callable[[Any], T]) -> list[T]:
        found: list[T] = []
        for start in range(0, len(runs), CHUNK):
            chunk = tuple(runs[start : start + CHUNK])
            first = next((run[0] for run in chunk if run), self.site.config)
            make = functools.partial(_each, one, chunk)
            found += self.reuse.last(first, f"{name} from {start}", chunk, make)
        return found

    def article_coverage(self, article: Article) -> ArticleCoverage:
        """One article's coverage, kept while its claims stay the same, and made again only when
        their passages move (its sentences are kept while the article is the same)."""
        return self._coverage(article, self.site.claims_of(article.slug))

    def coverage_figures(self, article: Article) -> CoverageFigures:
        """The figures of the article's coverage (its row of the summary), kept as its coverage is:
        the same object while the coverage is the same one."""
        claims = self.site.claims_of(article.slug)
        return self.reuse.last(article, "coverage figures", claims, lambda: self._figures(article, claims))

    def _figures(self, article: Article, claims: tuple[Claim, ...]) -> CoverageFigures:
        found = self._coverage(article, claims)
        return self.reuse.last(article, "figures of coverage", Same(found), found.figures)

    def known_figures(self, figures: CoverageFigures) -> None:
        """Remember the figures of an article's coverage made elsewhere, as `coverage_figures` makes
        them: in a worker process (build/pool.py), from the same article and claims, so that the
        summary needs no coverage made here."""
        article = self.site.article(figures.article.slug)
        claims = self.site.claims_of(article.slug)
        self.reuse.last(article, "coverage figures", claims, lambda: figures)

    def _coverage(self, article: Article, claims: tuple[Claim, ...]) -> ArticleCoverage:
        make = functools.partial(self._coverage_by_passages, article, claims)
        return self.reuse.last(article, "coverage of claims", claims, make)

    def _coverage_by_passages(self, article: Article, claims: tuple[Claim, ...]) -> ArticleCoverage:
        passages = tuple((c.id, c.passage.anchor) for c in claims)
        found = self.reuse.get(article, "candidates", functools.partial(coverage.candidates, article))
        make = functools.partial(coverage.article_coverage, article, claims, found)
        return self.reuse.last(article, "coverage", passages, make)

    def passages(self) -> tuple[tuple[object, ...], ...]:
        """Where each article's claims' passages lie, in the articles' order: for each, (claim id,
        anchor) of its claims in reading order."""
        return tuple(self._every("passages", _passages))

    def log_shown(self) -> list[notices.Shown]:
        """What the corrections log shows of each article's claims (notices.article_shown)."""
        return self._every("log", notices.article_shown)

    def each(self) -> Each:
        """The per-article makers of the data files (reader.py), reusing their results."""
        return Each(
            self.newest,
            self._by_article("feed entry", feeds.article_entry),
            self._by_article("json", downloads.article_json),
            self._by_article("csv", downloads.article_csv),
            self._by_article("dates", sitemap.article_dates),
            self._sitemap_urls,
        )

    def _by_article(self, name: str, make: Callable[[Site, Article], T]) -> Callable[[Site, Article], T]:
        """`make(site, article)`, kept while the article's claims stay the same; looked up `CHUNK`
        articles at a time, a chunk kept while its articles and their claims stay the same, so that a
        data file of 1,000 articles' parts costs 32 look-ups after an edit, and the edited article's."""
        chunks: dict[int, list[T]] = {}  # this build's, by the position of their first article

        def reused(site: Site, article: Article) -> T:
            i = self._positions.get(article.slug) if site is self.site else None
            if i is None or site.articles[i] is not article:
                return self._part(name, make, site, article)
            start = i - i % CHUNK
            if start not in chunks:
                chunks[start] = self._chunk_of_parts(name, make, site.articles[start : start + CHUNK])
            return chunks[start][i - start]

        return reused

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {article.slug: i for i, article in enumerate(self.site.articles)}

    def _chunk_of_parts(
        self, name: str, make: Callable[[Site, Article], T], articles: tuple[Article, ...]
    ) -> list[T]:
        claims = tuple(self.site.claims_of(a.slug) for a in articles)
        parts = functools.partial(self._parts, name, make, articles)
        return self.reuse.last(articles[0], f"{name} of a chunk", (articles, claims), parts)

    def _every(self, name: str, make: Callable[[Site, Article], T]) -> list[T]:
        """`make(site, article)` for every article in order, as `_by_article` keeps them."""
        articles, found = self.site.articles, []
        for start in range(0, len(articles), CHUNK):
            found += self._chunk_of_parts(name, make, articles[start : start + CHUNK])
        return found

    def _parts(self, name: str, make: Callable[[Site, Article], T], articles: tuple[Article, ...]) -> list[T]:
        return [self._part(name, make, self.site, article) for article in articles]

    def _part(self, name: str, make: Callable[[Site, Article], T], site: Site, article: Article) -> T:
        claims = site.claims_of(article.slug)
        return self.reuse.last(article, name, claims, functools.partial(make, site, article))

    def _sitemap_urls(self, i: int, paths: tuple[str, ...], dates: tuple[dt.date | None, ...]) -> str:
        make = functools.partial(sitemap.run_urls, self.site, paths, dates)
        return self.reuse.last(self.site.config, f"sitemap {i}", (paths, dates), make)


def _article_groups(site: Site, article: Article) -> Groups:
    return groups.article_groups(site.claims_of(article.slug))


def _passages(site: Site, article: Article) -> tuple[object, ...]:
    return tuple((c.id, c.passage.anchor) for c in site.claims_of(article.slug))


def _each(one: Callable[[Any], T], runs: tuple[Any, ...]) -> list[T]:
    return list(map(one, runs))
