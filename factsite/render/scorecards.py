"""What claimant pages show: each claimant's claims by rating, and the counts per rating (the scorecard).

Pure functions of the model, called when a page is rendered (render.py plans
the pages). The claims come grouped per article (groups.py), so that after an
edit only the edited article's groups are made again.

Only claimants that some claim names are published (`published`): a declared
claimant with no claims gets no page and no place in the index, and `check`
warns about it (claimants.unused). Three kinds of page:

- a claimant with verdicts: a scorecard of counts per rating, then the claims
  grouped by rating;
- a claimant whose claims have no verdict (only ratings without a `rating` in
  site.toml, such as unverified and opinion): no scorecard, since there is no
  track record to draw, only the claims grouped by rating;
- the publication itself (kind `publication`): its claims come from several
  articles, each a separate publication, so they are shown article by article,
  each with its own counts, never summed into one track record.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import urls
from ..model import Article, Claim, Claimant, Config
from . import groups

KIND_HEADINGS = {
    "person": "People",
    "organization": "Organisations",
    "publication": "The articles themselves",
}
Runs = Mapping[str, list[tuple[Claim, ...]]]  # each claimant's claims by key, article by article


def claimant_path(claimant: Claimant) -> str:
    """The site path of a claimant's page, e.g. 'claimants/thomas-decker/'."""
    return urls.claimant(claimant.key)


def published(claimants: Iterable[Claimant], runs: Runs) -> list[Claimant]:
    """The claimants that some claim names, in the given order: only they get a page."""
    return [c for c in claimants if runs.get(c.key)]


@dataclass(frozen=True)
class ArticleRun:
    """A claimant's claims in one article, in reading order, with their counts per rating."""

    article: Article
    claims: tuple[Claim, ...]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """How many claims the claimant makes in the article (`claims` may be one page's share)."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Row:
    """One claimant in the index: its claims' counts per rating, how many have a verdict, its articles."""

    claimant: Claimant
    counts: dict[str, int]
    verdicts: int
    articles: tuple[Article, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def publishers(self) -> tuple[list[str], int]:
        return publishers(self.articles)


def counts(config: Config, claims: Iterable[Claim]) -> dict[str, int]:
    """Claims per rating, in the scale's order, leaving out ratings with none: {"accurate": 3, ...}."""
    found: dict[str, int] = {}
    for claim in claims:  # a plain loop: Counter costs more on the runs of ten that most calls count
        found[claim.status] = found.get(claim.status, 0) + 1
    return {s.id: found[s.id] for s in config.statuses if s.id in found}


Count = Callable[[Sequence[tuple[Claim, ...]]], list[dict[str, int]]]  # each run's counts, as `counts`


def each_count(config: Config) -> Count:
    """The `Count` that counts every run afresh (pieces.py gives one that reuses the counts of
    runs of runs that stay the same)."""
    return lambda runs: [counts(config, run) for run in runs]


def run_counts(
    config: Config, runs: Sequence[tuple[Claim, ...]], count: Count | None = None
) -> dict[str, int]:
    """The counts per rating of the claims of all `runs` together, summed from each run's counts
    (`count(runs)`, `each_count` by default, or in pieces.py the same counts reused while the runs stay
    the same), so that a claimant of 10,000 claims is counted again only where a run changed."""
    return summed(config, (count or each_count(config))(runs))


def summed(config: Config, each: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Counts per rating added up, in the scale's order, leaving out ratings with none."""
    found: dict[str, int] = {}
    for one in each:
        for status, k in one.items():
            found[status] = found.get(status, 0) + k
    return {s.id: found[s.id] for s in config.statuses if s.id in found}


def verdicts(config: Config, found: Mapping[str, int]) -> int:
    """How many of the counted claims have a verdict: a rating with a `rating` value in site.toml."""
    return sum(found.get(s.id, 0) for s in config.statuses if s.rating is not None)


def publishers(articles: Iterable[Article]) -> tuple[list[str], int]:
    """The publishers the articles name, in order and each once, and how many articles name none."""
    named = [a.publisher for a in articles if a.publisher]
    return list(dict.fromkeys(named)), sum(1 for a in articles if not a.publisher)


@dataclass(frozen=True)
class Split:
    """One run's claims by rating, each in reading order, and how many of them are as reported."""

    by_status: dict[str, tuple[Claim, ...]]
    reported: int


Splits = Callable[[Sequence[tuple[Claim, ...]]], list[Split]]  # each run's `Split`, as `each_split` gives


def split(run: tuple[Claim, ...]) -> Split:
    """A run's `Split`."""
    by_status: dict[str, list[Claim]] = {}
    for claim in run:
        by_status.setdefault(claim.status, []).append(claim)
    return Split({s: tuple(c) for s, c in by_status.items()}, sum(c.as_reported for c in run))


def each_split(runs: Sequence[tuple[Claim, ...]]) -> list[Split]:
    """The `Splits` that splits every run afresh (pieces.py gives one that reuses them)."""
    return list(map(split, runs))


def by_status(config: Config, splits: Iterable[Split]) -> dict[str, tuple[Claim, ...]]:
    """The claims of all the runs `splits` by rating, in the scale's order, each in reading order,
    leaving out ratings with none: joined from each run's, without a look at each claim."""
    splits = list(splits)
    found = {}
    for s in config.statuses:
        mine = tuple(itertools.chain.from_iterable(one.by_status.get(s.id, ()) for one in splits))
        if mine:
            found[s.id] = mine
    return found


def claimant_context(
    config: Config,
    claimant: Claimant,
    runs: list[tuple[Claim, ...]],
    articles: tuple[Article, ...],
    count: Count | None = None,
    splits: Splits | None = None,
) -> dict[str, Any]:
    """A claimant page's variables: its claims grouped by rating in the scale's order, and
    (for the publication itself) by article; `articles` are those of `runs`, in the same order.
    `count` gives the runs' counts (`run_counts`), `splits` their `Split`s: all is joined from
    each run's, so that a claimant of 10,000 claims costs a step a run, not a look at each claim."""
    each = (count or each_count(config))(runs)
    parts = (splits or each_split)(runs)
    by_article = list(map(ArticleRun, articles, runs, each))
    found = summed(config, each)
    return {
        "claimant": claimant,
        "claims": groups.joined(runs),
        "by_status": by_status(config, parts),
        "by_article": by_article,
        "article_runs": {r.article.slug: r for r in by_article},  # by slug, for `page_of`
        "publishers": publishers(articles),
        "counts": found,
        "verdicts": verdicts(config, found),
        "reported": sum(one.reported for one in parts),
    }


def index_context(
    config: Config,
    claimants: list[Claimant],
    runs: Runs,
    article: Callable[[str], Article],
    count: Count | None = None,
) -> dict[str, Any]:
    """The claimants index: every published claimant with its counts, in sections by kind (people first).

    `article(slug)` gives an article by its slug; `count`, a run's counts (`run_counts`).
    """
    rows = []
    for c in claimants:
        mine = runs.get(c.key, [])
        found = run_counts(config, mine, count)
        rows.append(Row(c, found, verdicts(config, found), tuple(article(r[0].article) for r in mine)))
    sections = [
        (kind, heading, [r for r in rows if r.claimant.kind == kind])
        for kind, heading in KIND_HEADINGS.items()
    ]
    return {"sections": [s for s in sections if s[2]], "total": len(claimants)}


def in_page_order(
    config: Config, claimant: Claimant, runs: list[tuple[Claim, ...]], splits: Splits | None = None
) -> tuple[Claim, ...]:
    """A claimant's claims in the order its pages list them: the publication's article by article,
    anyone else's by rating in the scale's order (and in reading order within a rating), joined
    from the runs' `splits`."""
    if claimant.kind == "publication":
        return groups.joined(runs)
    return groups.joined(by_status(config, (splits or each_split)(runs)).values())


def page_of(whole: Mapping[str, Any], mine: tuple[Claim, ...]) -> dict[str, Any]:
    """What one page of a claimant's list shows of `whole` (`claimant_context`): its claims `mine` by
    rating, and by article, each article with the counts of all its claims. Costs a look at each
    claim of the page, not of the whole list."""
    by_status: dict[str, list[Claim]] = {}
    by_article: dict[str, list[Claim]] = {}
    for claim in mine:
        by_status.setdefault(claim.status, []).append(claim)
        by_article.setdefault(claim.article, []).append(claim)
    runs = whole["article_runs"]
    return {
        "page_status": {s: tuple(by_status[s]) for s in whole["by_status"] if s in by_status},
        "page_articles": [
            ArticleRun(runs[a].article, tuple(c), runs[a].counts) for a, c in by_article.items()
        ],
    }


def section_pages(sections: Iterable[tuple[str, int]], first: str, size: int) -> dict[str, str]:
    """The site path of the page on which each section starts: {section key: path}, for sections
    given in page order as (key, how many claims), split `size` claims a page over the list whose
    first page is `first`. A section with no claims starts nowhere; a key seen again keeps its first
    start. Costs a step a section, not a claim: 10,000 claims may have 10 sections."""
    found: dict[str, str] = {}
    start = 0
    for section, n in sections:
        if n and section not in found:
            found[section] = urls.paged(first, start // size + 1)
        start += n
    return found
