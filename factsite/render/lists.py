"""The pages of the lists that grow with the archive, each split over numbered pages (paging.py).

Every claim (article by article), a rating's claims, a topic's, a claimant's,
every article and every claimant: `Config.page_size` items a page, the first
page at the list's own address. plan_site (pages.py) asks for them here.

What a page of a list shows depends on the whole list: a claim added to page 1
moves one from each page to the next, and may add a page. So each page declares
the whole list in `shows` (build/deps.py): a builder that compares inputs
renders every page of a list whose claims changed. A builder that keeps the
last plan keeps a page's spec while its own items, the page count and the
menu stay the same: each page comes as a `Planned`, which pages.py (the one
planner that asks reuse.py) turns into its spec.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import urls
from ..model import Article, Claim, Claimant, Config, Site, Status, Topic
from . import groups, paging, scorecards
from .spec import PageSpec, Shows

T = TypeVar("T")
Context = Callable[[paging.Pager, tuple[Any, ...]], dict[str, Any]]  # a page's variables from its items


@dataclass(frozen=True)
class Planned:
    """A page of a list: `make()` gives its spec, which a planner may keep from the last build while
    `key` stays the same (reuse.py's `last`, with `owner` and `name`)."""

    owner: object
    name: str
    key: object
    make: Callable[[], PageSpec]


# What else a page (its pager and its items) shows of its items, such as an article's claims.
Reads = Callable[[paging.Pager, tuple[Any, ...]], object]


def _nothing(pager: paging.Pager, items: tuple[Any, ...]) -> None:
    return None


def paged(
    owner: object, first: str, template: str, items: Sequence[T], size: int
) -> Callable[..., list[Planned]]:
    """A function that plans the pages of `items` at `first`: given how a page's variables are made,
    what every page shows, what else every page's spec is kept by (such as the menu), and `lede`,
    what the first page alone shows of the whole list (its total, `_first_only`). So a page before
    an edited item is kept: an edit renders the pages from its item on, not all of a long list."""
    pages = paging.split(items, size)

    def plan(
        context: Context, shows: Shows, key: object, reads: Reads = _nothing, lede: object = None
    ) -> list[Planned]:
        planned = []
        for pager, mine in zip(paging.pagers(first, len(pages)), pages, strict=True):
            path = urls.output(pager.here)
            make = functools.partial(PageSpec, path, template, functools.partial(context, pager, mine), shows)
            kept_by = (mine, reads(pager, mine), pager.count, key, lede if pager.number == 1 else None)
            planned.append(Planned(owner, f"{template} {pager.number}", kept_by, make))
        return planned

    return plan


def _first_only(pager: paging.Pager, total: int) -> dict[str, Any]:
    """The list's total, which only its first page shows (`lede` of `paged`); later pages say
    "Page n of m." (templates/_macros.html page_status)."""
    return {"total": total} if pager.number == 1 else {}


def _claims_context(
    extra: dict[str, Any], total: int, pager: paging.Pager, claims: tuple[Claim, ...]
) -> dict[str, Any]:
    return {**extra, **_first_only(pager, total), "claims": claims, "pager": pager}


def status_pages(site: Site, status: Status, runs: list[tuple[Claim, ...]]) -> list[Planned]:
    """A rating's claims, article by article."""
    claims = groups.joined(runs)
    plan = paged(status, urls.status(status.id), "status.html", claims, site.config.page_size)
    context = functools.partial(_claims_context, {"status": status}, len(claims))
    return plan(context, tuple(runs), site.pages, lede=len(claims))


def topic_pages(site: Site, topic: Topic, runs: list[tuple[Claim, ...]]) -> list[Planned]:
    """A topic's claims, article by article."""
    claims = groups.joined(runs)
    plan = paged(topic, urls.topic(topic.slug), "topic.html", claims, site.config.page_size)
    context = functools.partial(_claims_context, {"topic": topic}, len(claims))
    return plan(context, tuple(runs), site.pages, lede=len(claims))


def claims_pages(site: Site) -> list[Planned]:
    """Every claim, article by article: a page's claims under their articles' headings."""
    plan = paged(site.config, urls.CLAIMS, "claims.html", site.claims, site.config.page_size)
    runs = tuple(site.claims_of(a.slug) for a in site.articles)
    return plan(functools.partial(_sections_context, site), runs, site.pages, lede=len(site.claims))


def _sections_context(site: Site, pager: paging.Pager, claims: tuple[Claim, ...]) -> dict[str, Any]:
    """A page of every claim: (article, its claims on this page, whether it began on an earlier page)."""
    sections: list[tuple[Article, tuple[Claim, ...], bool]] = []
    for slug, run in _by_article(claims):
        sections.append((site.article(slug), run, run[0] is not site.claims_of(slug)[0]))
    return {"sections": sections, "pager": pager, **_first_only(pager, len(site.claims))}


def _by_article(claims: tuple[Claim, ...]) -> list[tuple[str, tuple[Claim, ...]]]:
    """Claims in reading order, in runs of one article each: [(its slug, its claims)]."""
    runs: list[tuple[str, list[Claim]]] = []
    for claim in claims:
        if not runs or runs[-1][0] != claim.article:
            runs.append((claim.article, []))
        runs[-1][1].append(claim)
    return [(slug, tuple(run)) for slug, run in runs]


def article_pages(site: Site, count: scorecards.Count | None = None) -> list[Planned]:
    """Every article, newest first, as cards with their claims' counts (the home page shows the newest);
    `count` counts runs of claims by rating (scorecards.run_counts)."""
    plan = paged(site.config, urls.ARTICLES, "articles.html", site.articles, site.config.page_size)
    runs = tuple(site.claims_of(a.slug) for a in site.articles)
    each = count or scorecards.each_count(site.config)
    reads = functools.partial(_counts_of_each, site, each)  # each card counts its article's claims by rating
    context = functools.partial(_articles_context, len(site.articles))
    return plan(context, (*site.articles, *runs), site.pages, reads, len(site.articles))


def _counts_of_each(
    site: Site, count: scorecards.Count, pager: paging.Pager, articles: tuple[Article, ...]
) -> tuple[object, ...]:
    return tuple(count([site.claims_of(a.slug) for a in articles]))


def _articles_context(total: int, pager: paging.Pager, articles: tuple[Article, ...]) -> dict[str, Any]:
    return {"articles": articles, "pager": pager, **_first_only(pager, total)}


def claimant_index_pages(
    site: Site, found: list[groups.Groups], count: scorecards.Count | None = None
) -> list[Planned]:
    """Every claimant that some claim names, in sections by kind (scorecards.py), with its counts;
    `count` counts runs of claims by rating (scorecards.run_counts)."""
    claims_of = groups.by_claimant(found)
    shown = scorecards.published(site.claimants, claims_of)
    ordered = [c for kind in scorecards.KIND_HEADINGS for c in shown if c.kind == kind]
    plan = paged(site.config, urls.CLAIMANTS, "claimants.html", ordered, site.config.page_size)
    context = functools.partial(_index_context, site, claims_of, count, len(shown))
    reads = functools.partial(_claims_by, claims_of)  # each card counts its claimant's claims
    return plan(context, None, site.pages, reads, len(shown))  # it shows every claim, so every claim file


def _claims_by(
    runs: scorecards.Runs, pager: paging.Pager, claimants: tuple[Claimant, ...]
) -> tuple[object, ...]:
    return tuple(tuple(runs[c.key]) for c in claimants)


def _index_context(
    site: Site,
    runs: scorecards.Runs,
    count: scorecards.Count | None,
    total: int,
    pager: paging.Pager,
    claimants: tuple[Claimant, ...],
) -> dict[str, Any]:
    found = scorecards.index_context(site.config, list(claimants), runs, site.article, count)
    return {**found, **_first_only(pager, total), "pager": pager}


def claimant_pages(
    site: Site,
    found: list[groups.Groups],
    count: scorecards.Count | None = None,
    splits: scorecards.Splits | None = None,
) -> list[Planned]:
    """A page of each claimant that some claim names (scorecards.published), over as many pages as
    its claims need; `count` counts runs of claims by rating (scorecards.run_counts), `splits` splits
    them by rating (scorecards.Split)."""
    claims_of = groups.by_claimant(found)
    specs = []
    for claimant in scorecards.published(site.claimants, claims_of):
        specs += _claimant_pages(site.config, site, claimant, claims_of[claimant.key], (count, splits))
    return specs


def _claimant_pages(
    config: Config,
    site: Site,
    claimant: Claimant,
    runs: list[tuple[Claim, ...]],
    reused: tuple[scorecards.Count | None, scorecards.Splits | None],
) -> list[Planned]:
    count, splits = reused
    articles = tuple(site.article(run[0].article) for run in runs)  # the publication's page shows them
    ordered = scorecards.in_page_order(config, claimant, runs, splits)
    first = scorecards.claimant_path(claimant)
    plan = paged(claimant, first, "claimant.html", ordered, config.page_size)
    make = functools.partial(_claimant_whole, config, claimant, runs, articles, first, reused)
    whole = paging.Once(make)
    context = functools.partial(_claimant_context, whole)
    shown = functools.partial(_claimant_shown, site, whole)
    if claimant.kind == "publication":
        each = count or scorecards.each_count(config)
        runs_of = functools.partial(_runs_of, runs, articles, each, config.page_size)
        shown = functools.partial(_publication_shown, paging.Once(runs_of))
    return plan(context, (claimant, *runs), site.pages, shown)


def _runs_of(
    runs: list[tuple[Claim, ...]], articles: tuple[Article, ...], count: scorecards.Count, size: int
) -> dict[str, Any]:
    """What every page of the publication shows of its whole list, without a look at each claim: its
    total, its articles' count and publishers, and by page number the articles whose runs of claims
    the page lists (one article a run, `size` claims a page), each with its run's counts (`count`)."""
    pages: dict[int, list[tuple[Article, dict[str, int]]]] = {}
    start = 0
    for article, run, counts in zip(articles, runs, count(runs), strict=True):
        for number in range(start // size + 1, (start + len(run) - 1) // size + 2):
            pages.setdefault(number, []).append((article, counts))
        start += len(run)
    found = {"total": start, "articles": len(articles), "publishers": scorecards.publishers(articles)}
    return {**found, "pages": {number: tuple(shown) for number, shown in pages.items()}}


def _publication_shown(
    whole: paging.Once[dict[str, Any]], pager: paging.Pager, mine: tuple[Claim, ...]
) -> object:
    """What a page of the publication's list shows besides its own claims, as `_claimant_shown`: the
    total, how many articles, their publishers, and each of its articles with the counts of all the
    claims it makes in its own voice (scorecards.page_of). Made from the runs' lengths and counts,
    not from the claimant's whole context nor the page's claims: an edit plans 100 pages of 10,000
    claims in a look-up a page."""
    found = whole.value
    return found["total"], found["articles"], found["publishers"], found["pages"].get(pager.number, ())


def _claimant_shown(
    site: Site, whole: paging.Once[dict[str, Any]], pager: paging.Pager, mine: tuple[Claim, ...]
) -> object:
    """What a page of a claimant shows besides its own claims (templates/claimant.html): the figures
    of the whole list that its kind of page shows, and the articles of its claims. A page whose claims
    and these stay the same is kept, so that an edit renders the pages it changes, not all 100 pages
    of a publication with 10,000 claims."""
    found = whole.value
    page = scorecards.page_of(found, mine)
    articles = {claim.article: site.article(claim.article) for claim in mine}
    shared = (len(found["claims"]), tuple(articles.values()))
    if found["claimant"].kind == "publication":
        return (*shared, len(found["by_article"]), found["publishers"], page["page_articles"])
    by_status = {status: len(found["by_status"][status]) for status in page["page_status"]}
    return (*shared, found["counts"], found["verdicts"], found["reported"], found["starts"], by_status)


def _claimant_whole(
    config: Config,
    claimant: Claimant,
    runs: list[tuple[Claim, ...]],
    articles: tuple[Article, ...],
    first: str,
    reused: tuple[scorecards.Count | None, scorecards.Splits | None],
) -> dict[str, Any]:
    """What every page of a claimant shows of all its claims: scorecards.claimant_context, and
    `starts`, the page on which each section (a rating's, or an article's) begins."""
    found = scorecards.claimant_context(config, claimant, runs, articles, *reused)
    if claimant.kind == "publication":
        sections = [(run[0].article, len(run)) for run in runs]
    else:
        sections = [(s.id, found["counts"].get(s.id, 0)) for s in config.statuses]
    return {**found, "starts": scorecards.section_pages(sections, first, config.page_size)}


def _claimant_context(
    whole: paging.Once[dict[str, Any]], pager: paging.Pager, mine: tuple[Claim, ...]
) -> dict[str, Any]:
    return {**whole.value, **scorecards.page_of(whole.value, mine), "pager": pager}
