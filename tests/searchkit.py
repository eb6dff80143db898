"""Search a built site's index in the browser, as static/search.js does, to compare two indexes.

`search` loads the shards listed in pagefind/shards.json and searches them as the
search page does (static/search-shards.js): every result of a query, best first,
its id and score, and the count of results per rating.
A result's id names its fragment file, a digest of the page's indexed content:
the same page has the same id in any index.
Used by tests/test_search_shards.py and benchmarks/search_ranking.py.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from factsite.model import SearchSettings
from factsite.search import pagefind

LOAD_AND_SEARCH = """
async ({term, ratings}) => {
  const shards = await import(new URL("static/search-shards.js", location.href).href);
  window.engine = window.engine || await shards.load(new URL("pagefind/shards.json", location.href));
  const filters = ratings.length ? { status: { any: ratings } } : {};
  const found = await shards.search(window.engine, term, { filters });
  return {results: found.results.map((r) => [r.id, r.score]), counts: found.filters.status || {}};
}
"""


@dataclass(frozen=True)
class Found:
    results: list[tuple[str, float]]  # (id, Pagefind's score), best first
    counts: dict[str, int]  # results by rating


def search(page: Page, site_url: str, term: str, ratings: tuple[str, ...] = ()) -> Found:
    """Every result of `term` (among claims rated one of `ratings`, if any) in the site at `site_url`.
    Loads the index on the page's first search."""
    if not page.url.startswith(site_url):
        page.goto(site_url + "index.html")  # not the search page, whose script loads the index itself
    found = page.evaluate(LOAD_AND_SEARCH, {"term": term, "ratings": list(ratings)})
    results = [(str(url), float(score)) for url, score in found["results"]]
    return Found(results, {str(k): int(v) for k, v in found["counts"].items()})


def unsharded_copy(site: Path, copy: Path, language: str) -> Path:
    """A copy of the built `site` whose search index is one shard, as an unsharded Pagefind index."""
    shutil.copytree(site, copy, copy_function=shutil.copy2, ignore=shutil.ignore_patterns("pagefind"))
    pagefind.index_search(copy, SearchSettings(language, 1))
    return copy
