"""How long a quote that is not in its article takes to report, and coverage of a long paragraph.

Quotes of 10 KB, 100 KB and 1 MB made of an article's own words in a shuffled
order (so not in it) are checked against that article with `newclaim.locate`,
which does what `check` does for a claim's passage: find it, then explain why
it is not there (the closest text, the word that differs); each again with the
article's second paragraph as long as the quote (paragraphs shorter than a
third of the quote are rightly passed over at once), and with that paragraph
as the quote but for one misspelt word. Then coverage is
computed for an article whose first, and then second, paragraph is 100 KB
long. Prints seconds, best of N runs; asserts nothing.

    .venv/bin/python benchmarks/passages.py [--runs N] [--article SLUG] [--sizes 10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factsite.check import coverage  # noqa: E402
from factsite.cli.new import Selector, locate  # noqa: E402
from factsite.errors import UsageError  # noqa: E402
from factsite.load.content import load_article  # noqa: E402
from factsite.model import Article, Block  # noqa: E402
from factsite.text import passages  # noqa: E402


def best(runs: int, work: Callable[[], object]) -> float:
    """The shortest of `runs` runs, each from cold: normalised text is not kept between them."""
    times = []
    for _ in range(runs):
        passages.normalise.cache_clear()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def shuffled(article: Article, size: int, seed: int = 1) -> str:
    """About `size` characters of the article's words in a random order."""
    words = article.text.split()
    rng = random.Random(seed)
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(words)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[:size].strip()


def misspelt(text: str) -> str:
    """The text with the first letter of its middle word doubled."""
    middle = text.index(" ", len(text) // 2) + 1
    return text[:middle] + text[middle] + text[middle:]


def report_missing(article: Article, quote: str) -> str:
    try:
        locate(article, Selector(quote))
    except UsageError as error:
        return str(error)
    return "found"


def long_paragraph(article: Article, size: int, first: bool) -> Article:
    sentences = " ".join(b.text for b in article.blocks)
    text = (sentences + " ") * (size // (len(sentences) + 1) + 1)
    long = Block(0 if first else 1, "p", text[:size].strip(), 5)
    blocks = (long,) if first else (Block(0, "p", article.blocks[0].text, 5), long)
    return Article(article.slug, article.title, None, None, None, None, blocks, article.source_path)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--article", default="nyc-440-released")
    args.add_argument("--sizes", default="10000,100000,1000000")
    options = args.parse_args()
    article = load_article(REPO, options.article)
    print(f"article '{article.slug}': {len(article.text):,} characters in {len(article.blocks)} paragraphs")
    for size in (int(s) for s in options.sizes.split(",")):
        quote = shuffled(article, size)
        seconds = best(options.runs, functools.partial(report_missing, article, quote))
        print(f"quote of {len(quote):>9,} characters, not in the article: {seconds:7.3f} s to report")
        long = long_paragraph(article, size, False)
        seconds = best(options.runs, functools.partial(report_missing, long, quote))
        print(f"  the same, with a paragraph as long as the quote: {seconds:7.3f} s to report")
        typo = misspelt(long.blocks[1].text)
        seconds = best(options.runs, functools.partial(report_missing, long, typo))
        print(f"  that whole paragraph with one word misspelt in its middle: {seconds:7.3f} s to report")
    for first in (True, False):
        where = "first" if first else "second"
        long = long_paragraph(article, 100_000, first)
        seconds = best(options.runs, functools.partial(coverage.article_coverage, long, ()))
        print(f"coverage, 100 KB {where} paragraph: {seconds:7.3f} s")


if __name__ == "__main__":
    main()
