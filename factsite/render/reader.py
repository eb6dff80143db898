"""Reader features wired into rendering: template helpers and the non-HTML files.

`install` adds the helpers to the Jinja environment; `data_files` gives the
feeds, sitemap, robots.txt and downloads, each as a function that makes its
bytes, so that planning them costs nothing until they are rendered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import jinja2

from .. import urls
from ..model import Article, Claim, Site
from . import downloads, feeds, groups, notices, sitemap
from .fragments import fragment_url, passage_directive
from .structured import absolute, claim_review_script


@dataclass(frozen=True)
class Feeds:
    claims: str = urls.FEED_CLAIMS
    articles: str = urls.FEED_ARTICLES


@dataclass(frozen=True)
class Downloads:
    json: str = urls.DOWNLOAD_JSON
    csv: str = urls.DOWNLOAD_CSV


FEEDS = Feeds()
DOWNLOADS = Downloads()
SITEMAP = urls.SITEMAP
ROBOTS = urls.ROBOTS
SEARCH_PAGE = urls.output(urls.SEARCH)


def original_passage_url(site: Site, claim: Claim) -> str | None:
    """A link to the claim's passage in the original article, where its URL is known."""
    article = site.article(claim.article)
    if not article.url:
        return None
    block = article.blocks[claim.passage.anchor.block]
    return fragment_url(article.url, passage_directive(block, claim.passage))


def install(env: jinja2.Environment) -> None:
    env.globals["feeds"] = FEEDS
    env.globals["downloads"] = DOWNLOADS
    env.globals["corrections_log"] = notices.paths()
    env.globals["claim_review_script"] = claim_review_script
    env.globals["original_passage_url"] = original_passage_url


@dataclass(frozen=True)
class Each:
    """How the data files make their per-article parts: afresh, as the feature modules do by default,
    unless given (pieces.Parts gives makers that reuse their results between builds)."""

    newest: Callable[[int], tuple[Claim, ...]] | None = None  # the n newest claims (groups.newest)
    feed_entry: Callable[[Site, Article], feeds.Entry] | None = None
    json_items: downloads.Part | None = None
    csv_rows: downloads.Part | None = None
    dates: sitemap.Dates | None = None
    sitemap_urls: sitemap.RunsText | None = None


def data_files(site: Site, page_paths: Iterable[str], each: Each = Each()) -> dict[str, Callable[[], bytes]]:
    """The non-HTML files by path, each as the function that makes its bytes."""
    paths = tuple(page_paths)
    newest = each.newest or (lambda n: groups.newest(groups.groups(site), n))
    json_url = absolute(site.config, DOWNLOADS.json)
    return {
        FEEDS.claims: lambda: feeds.claims_feed(site, FEEDS.claims, newest(feeds.NEWEST)),
        FEEDS.articles: lambda: feeds.articles_feed(site, FEEDS.articles, each.feed_entry),
        DOWNLOADS.json: lambda: downloads.claims_json(
            site, json_url, next(iter(newest(1)), None), each.json_items
        ),
        DOWNLOADS.csv: lambda: downloads.claims_csv(site, each.csv_rows),
        notices.paths().feed: lambda: notices.corrections_feed(site, notices.paths().feed),
        **_sitemaps(site, paths, each),
        ROBOTS: lambda: sitemap.robots(site, SITEMAP),
    }


def shown_by(
    site: Site, files: Iterable[str], page_paths: Sequence[str], log: object, each: Each = Each()
) -> dict[str, object]:
    """What each of the data files `files` (`data_files`' paths) shows that shows less than every claim,
    as a key a builder may keep its spec by (pages.py): the sitemap files, their pages and their dates;
    the claims feed, its newest claims; the corrections feed, the corrections log (`log`,
    notices.shown). The other files show every claim, and are made again on every build."""
    newest = each.newest or (lambda n: groups.newest(groups.groups(site), n))
    dates = each.dates or sitemap.article_dates
    pages = ("\n".join(page_paths), tuple(dates(site, a) for a in site.articles))
    found: dict[str, object] = {FEEDS.claims: newest(feeds.NEWEST), notices.paths().feed: log, ROBOTS: ()}
    every = (FEEDS.articles, DOWNLOADS.json, DOWNLOADS.csv)
    return {path: found.get(path, pages) for path in files if path not in every}  # the rest: sitemaps


def _sitemaps(site: Site, paths: tuple[str, ...], each: Each) -> dict[str, Callable[[], bytes]]:
    """sitemap.xml, and on a big site its parts, which it then lists (sitemap.py)."""
    parts = sitemap.part_count(paths)
    if not parts:
        return {SITEMAP: lambda: sitemap.sitemap(site, paths, each.dates, each.sitemap_urls)}
    found: dict[str, Callable[[], bytes]] = {SITEMAP: lambda: sitemap.sitemap_index(site, parts)}
    for number in range(1, parts + 1):
        found[urls.sitemap_part(number)] = functools.partial(
            sitemap.sitemap, site, paths, each.dates, each.sitemap_urls, number
        )
    return found
