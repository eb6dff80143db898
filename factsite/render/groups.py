"""Each article's claims by rating, topic and claimant, and the newest checks.

Site-wide lists (a rating's page, a topic's page, a claimant's page, the
counts, the newest checks) are joined from per-article groups, so that a
builder that reuses each article's groups while its claims stay the same
(pieces.py) groups again only the edited claim's article, not every claim.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..model import Claim, Config, Site

T = TypeVar("T")

NEWEST = 50  # the most that any list of the newest checks shows (the claims feed)
RUN = 100

# ((last changed, key), claim): keys are unique, so claims themselves are never compared
Newest = tuple[tuple[dt.date, str], Claim]


@dataclass(frozen=True)
class Groups:
    """One article's claims by rating, topic and claimant's key, each in reading order, and its newest."""

    by_status: dict[str, tuple[Claim, ...]]
    by_topic: dict[str, tuple[Claim, ...]]
    newest: tuple[Newest, ...]
    by_claimant: dict[str, tuple[Claim, ...]]


def groups(site: Site) -> list[Groups]:
    """The groups of every article, in the site's order."""
    return [article_groups(site.claims_of(a.slug)) for a in site.articles]


def article_groups(claims: tuple[Claim, ...]) -> Groups:
    """One article's groups, from its claims in reading order."""
    by_status: dict[str, list[Claim]] = {}
    by_topic: dict[str, list[Claim]] = {}
    by_claimant: dict[str, list[Claim]] = {}
    for claim in claims:
        by_status.setdefault(claim.status, []).append(claim)
        by_claimant.setdefault(claim.claimant.key, []).append(claim)
        for topic in claim.topics:
            by_topic.setdefault(topic, []).append(claim)
    newest = heapq.nlargest(NEWEST, (((c.last_changed, c.key), c) for c in claims))
    return Groups(
        {s: tuple(c) for s, c in by_status.items()},
        {t: tuple(c) for t, c in by_topic.items()},
        tuple(newest),
        {k: tuple(c) for k, c in by_claimant.items()},
    )


def with_status(found: Iterable[Groups], status: str) -> list[tuple[Claim, ...]]:
    """The claims with a status, article by article (empty where an article has none)."""
    return [g.by_status.get(status, ()) for g in found]


def with_topic(found: Iterable[Groups], topic: str) -> list[tuple[Claim, ...]]:
    """The claims on a topic, article by article (empty where an article has none)."""
    return [g.by_topic.get(topic, ()) for g in found]


def by_claimant(found: Iterable[Groups]) -> dict[str, list[tuple[Claim, ...]]]:
    """Each claimant's claims by key, article by article (only articles with some), in one pass:
    a site may have thousands of claimants, and asking each of every article would not scale."""
    runs: dict[str, list[tuple[Claim, ...]]] = {}
    for group in found:
        for key, claims in group.by_claimant.items():
            runs.setdefault(key, []).append(claims)
    return runs


def counts(config: Config, claims: Iterable[Claim]) -> dict[str, int]:
    """The claims by rating: {status id: count}, in site.toml's order, statuses without claims left out."""
    found = Counter(c.status for c in claims)
    return {s.id: found[s.id] for s in config.statuses if found[s.id]}


def joined(runs: Iterable[tuple[Claim, ...]]) -> tuple[Claim, ...]:
    return tuple(itertools.chain.from_iterable(runs))


Run = tuple[tuple[Newest, ...], ...]  # the newest claims of each of `RUN` articles


def newest(
    found: Sequence[Groups], n: int, top: Callable[[int, Run], list[Newest]] | None = None
) -> tuple[Claim, ...]:
    """The `n` (at most `NEWEST`) most recently changed claims of the groups `found`, newest first
    (ties by key, last first).

    They are picked from runs of `RUN` articles: `top(i, run)` gives the `i`th run's `NEWEST`
    newest (`newest_of_run`, or, in pieces.py, the same result reused while the run stays the same).
    """
    if n > NEWEST:
        raise ValueError(f"only the {NEWEST} newest claims are kept for each article, not {n}")
    top = top or (lambda _, run: newest_of_run(run))
    tops = [top(i, run) for i, run in enumerate(newest_runs(found))]
    return tuple(c for _, c in heapq.nlargest(n, itertools.chain.from_iterable(tops)))


def newest_runs(found: Sequence[Groups]) -> list[Run]:
    """The articles' newest claims in runs of `RUN` articles."""
    each = [g.newest for g in found]
    return [tuple(each[i : i + RUN]) for i in range(0, len(each), RUN)]


def newest_of_run(run: Iterable[tuple[Newest, ...]]) -> list[Newest]:
    return heapq.nlargest(NEWEST, itertools.chain.from_iterable(run))


class Asked(Mapping[str, T]):
    """A mapping from `keys` whose values are made by `make(key)` when first asked: the counts of
    1,000 articles' claims that every page may show (pages.py), of which an edit's pages show a few."""

    def __init__(self, keys: Sequence[str], make: Callable[[str], T]) -> None:
        self._keys, self._make, self._made = keys, make, dict[str, T]()

    def __getitem__(self, key: str) -> T:
        if key not in self._made:
            if key not in self._known:
                raise KeyError(key)
            self._made[key] = self._make(key)
        return self._made[key]

    @functools.cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
