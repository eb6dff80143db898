"""Each article's claims by rating, topic and claimant, remembered while the article's claims stay the same.

Site-wide lists (a rating's page, a topic's page, a claimant's page, the
counts, the newest checks) are joined from these groups, so that after a one-claim edit only that
claim's article is grouped again, not every claim of the site (memo.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from ..build.memo import Memo, Same
from ..model import Article, Claim, Site

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


def groups(site: Site, memo: Memo) -> list[Groups]:
    """The groups of every article, in the site's order; made once for each `Site` (only the last is kept)."""
    return memo.last(site.config, "groups", Same(site), functools.partial(_groups, site, memo))


def _groups(site: Site, memo: Memo) -> list[Groups]:
    return [_article_groups(memo, a, site.claims_of(a.slug)) for a in site.articles]


def _article_groups(memo: Memo, article: Article, claims: tuple[Claim, ...]) -> Groups:
    return memo.last(article, "groups", claims, lambda: _group(claims))


def _group(claims: tuple[Claim, ...]) -> Groups:
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


def joined(runs: Iterable[tuple[Claim, ...]]) -> tuple[Claim, ...]:
    return tuple(itertools.chain.from_iterable(runs))


def newest(site: Site, memo: Memo, n: int) -> tuple[Claim, ...]:
    """The `n` (at most `NEWEST`) most recently changed claims, newest first (ties by key, last first).

    Each run of `RUN` articles keeps its own newest while its articles' stay the same.
    """
    if n > NEWEST:
        raise ValueError(f"only the {NEWEST} newest claims are kept for each article, not {n}")
    found = [g.newest for g in groups(site, memo)]
    runs = [tuple(found[i : i + RUN]) for i in range(0, len(found), RUN)]
    tops = [
        memo.last(site.config, f"newest of run {i}", run, functools.partial(_newest, run))
        for i, run in enumerate(runs)
    ]
    return tuple(c for _, c in heapq.nlargest(n, itertools.chain.from_iterable(tops)))


def _newest(run: Iterable[tuple[Newest, ...]]) -> list[Newest]:
    return heapq.nlargest(NEWEST, itertools.chain.from_iterable(run))
