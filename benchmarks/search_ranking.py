"""Compare the sharded search index with an unsharded one: same results, same order?

Takes a built site (with its sharded index), makes a copy indexed as one shard,
serves both, and runs each query, with and without a rating filter, in headless
Chromium through Pagefind's own JavaScript (tests/searchkit.py). Prints, per
query: the number of results of each, whether the sets are equal, whether the
order is the same, and how far the first 30 (what the search page shows) moved.
It prints numbers and asserts nothing.

    .venv/bin/python benchmarks/search_ranking.py SITE_FOLDER [TERM ...]
"""

from __future__ import annotations

import argparse
import http.server
import itertools
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO)]

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browserkit import ARGS, CHROMIUM  # noqa: E402
from tests.readerkit import serve  # noqa: E402
from tests.searchkit import search, unsharded_copy  # noqa: E402

TERMS = ("bridge", "budget", "cases", "office", "counted", "type 3", "2005", "verdict", "generated article")
RATINGS = ((), ("Inaccurate",), ("Accurate", "Unverified"))
SHOWN = 30  # static/search.js shows the first 30


def compare(sharded: list[tuple[str, float]], whole: list[tuple[str, float]]) -> str:
    """One line: counts, same set, same order, same order but for ties, how far scores moved."""
    a, b = [u for u, _ in sharded], [u for u, _ in whole]
    score_a, score_b = dict(sharded), dict(whole)
    change = max((abs(score_a[u] - score_b[u]) / max(score_b[u], 1e-9) for u in a if u in score_b), default=0)
    tie_rank = {score: rank for rank, score in enumerate(sorted(set(score_b.values()), reverse=True))}
    ranks = [tie_rank.get(score_b.get(u, -1.0), -1) for u in a]
    but_ties = set(a) == set(b) and all(x <= y for x, y in itertools.pairwise(ranks))
    top_a, top_b = a[:SHOWN], b[:SHOWN]
    return (
        f"{len(a):5} {len(b):5}  set {'same' if set(a) == set(b) else 'DIFFERS'}  "
        f"order {'same' if a == b else 'same but ties' if but_ties else 'DIFFERS'}  "
        f"scores moved up to {change:.1%}  first {SHOWN} {'same' if top_a == top_b else 'differ'}"
    )


def main() -> None:
    http.server.ThreadingHTTPServer.request_queue_size = 128  # the shards are fetched at once
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("site", type=Path)
    args.add_argument("terms", nargs="*", default=TERMS)
    args.add_argument("--language", default="en")
    options = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        whole = unsharded_copy(options.site, Path(tmp) / "whole", options.language)
        with serve(options.site) as one, serve(whole) as two, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            left, right = browser.new_page(), browser.new_page()
            for term in options.terms:
                for ratings in RATINGS:
                    ours, theirs = search(left, one, term, ratings), search(right, two, term, ratings)
                    found = compare(ours.results, theirs.results)
                    print(f"{term!r:22} {'+'.join(ratings) or 'any rating':22} {found}")
            browser.close()


if __name__ == "__main__":
    main()
