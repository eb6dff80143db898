"""Where every page lives: its site path, its output file, and the link to it from another page.

The one place that spells the site's URL scheme. A *site path* names a page
as readers see it, relative to the site's root: `claims/an-article/a-claim/`
(a folder page) or `feeds/claims.xml` (a file). Its *output file* is where it
is written inside the output folder: a folder page's `index.html`. Links
between pages are relative and name `index.html`, so the site works under any
subpath of its host and when opened from disk.

Everything else (rendering, feeds, sitemap, structured data, downloads, the
templates through the `urls` global) asks this module; a test scans the rest of
the code for the folder names below.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

INDEX = "index.html"  # a folder page's file
HOME = ""
ARTICLES = "articles/"  # every article, newest first (the home page shows the newest few)
CLAIMS = "claims/"  # every claim
STATUSES = "status/"  # the ratings, with a page for each
TOPICS = "topics/"
CLAIMANTS = "claimants/"
COVERAGE = "coverage/"
SEARCH = "search/"
NOT_FOUND = "404.html"
FEED_CLAIMS = "feeds/claims.xml"  # Atom
FEED_ARTICLES = "feeds/articles.xml"
CORRECTIONS = "corrections/"  # every correction and withdrawal (render/notices.py)
FEED_CORRECTIONS = "feeds/corrections.xml"
DOWNLOAD_JSON = "downloads/claims.json"  # schema.org DataFeed of ClaimReviews
DOWNLOAD_CSV = "downloads/claims.csv"
SITEMAP = "sitemap.xml"  # every page; past sitemap.PART pages, the index of the sitemap_part files
ROBOTS = "robots.txt"
STATIC = "static/"  # the theme's and the site's static files, copied as they are
PAGEFIND = "pagefind/"  # the search index and its script (search/pagefind.py)


def article(slug: str) -> str:
    """An article's page, e.g. 'articles/some-article/'."""
    return f"{ARTICLES}{slug}/"


def claim(article_slug: str, claim_id: str) -> str:
    """A claim's page, e.g. 'claims/some-article/some-claim/': under its article's slug."""
    return f"{CLAIMS}{article_slug}/{claim_id}/"


def status(status_id: str) -> str:
    """The page of the claims with one rating, e.g. 'status/false/'."""
    return f"{STATUSES}{status_id}/"


def topic(slug: str) -> str:
    """The page of the claims on one topic, e.g. 'topics/health/'."""
    return f"{TOPICS}{slug}/"


def claimant(key: str) -> str:
    """A claimant's page, e.g. 'claimants/thomas-decker/'."""
    return f"{CLAIMANTS}{key}/"


def page(slug: str) -> str:
    """A menu page of content/pages/, e.g. 'methodology/': at the site's top level."""
    return f"{slug}/"


def coverage(article_slug: str) -> str:
    """The editors' coverage report of one article (the summary is COVERAGE)."""
    return f"{COVERAGE}{article_slug}/"


PAGED = "page"  # the folder of a list's later pages: 'topics/health/page/2/', as Hugo and Zola do


def paged(first: str, number: int) -> str:
    """Page `number` (from 1) of the list whose first page is the folder page `first`: the first page
    keeps its own address, later ones are under PAGED.

    >>> paged('topics/health/', 1), paged('topics/health/', 2), paged('', 3)
    ('topics/health/', 'topics/health/page/2/', 'page/3/')

    Raises ValueError for a number below 1 or a `first` that is not a folder page.
    """
    if number < 1 or not (first == "" or first.endswith("/")):
        raise ValueError(f"no page {number} of {first!r}: pages count from 1, of a folder page")
    return first if number == 1 else f"{first}{PAGED}/{number}/"


def in_list(first: str, output_file: str) -> bool:
    """Whether the page written at `output_file` is one of the pages of the list at `first`."""
    return output_file == output(first) or output_file.startswith(f"{first}{PAGED}/")


def sitemap_part(number: int) -> str:
    """The `number`th (from 1) file of a big site's sitemap, e.g. 'sitemaps/2.xml', listed by SITEMAP."""
    return f"sitemaps/{number}.xml"


def static(name: str) -> str:
    """A static file, e.g. 'static/style.css'."""
    return f"{STATIC}{name}"


def pagefind(name: str) -> str:
    """A file of the search index, e.g. 'pagefind/pagefind.js'."""
    return f"{PAGEFIND}{name}"


def output(path: str) -> str:
    """The output file of a site path: a folder page ('' or ending in /) is its index.html.

    >>> output('claims/'), output(''), output('feeds/claims.xml')
    ('claims/index.html', 'index.html', 'feeds/claims.xml')
    """
    return path + INDEX if path == "" or path.endswith("/") else path


def public(path: str) -> str:
    """The site path readers see for an output file or site path: index.html dropped ('claims/')."""
    return path.removesuffix(INDEX)


def is_folder_page(output_file: str) -> bool:
    """Whether an output file is a folder page ('…/index.html' or the home page)."""
    return output_file == INDEX or output_file.endswith("/" + INDEX)


def href(target: str, from_file: str) -> str:
    """The relative link from the page written at `from_file` (an output file) to `target`, a site
    path with an optional '#fragment': 'articles/x/#p-3' from 'claims/x/y/index.html' is
    '../../../articles/x/index.html#p-3'."""
    return _link(target, from_file.rpartition("/")[0] or ".")  # its folder: a site path is normalised


def links_from(from_file: str) -> Callable[[str], str]:
    """`href` from the page written at `from_file`, as a function of the target alone: the `href`
    of a page's templates (render/pages.py), its folder worked out once."""
    here = from_file.rpartition("/")[0] or "."

    def link(target: str) -> str:
        return _link(target, here)

    return link


@functools.lru_cache(maxsize=1 << 12, typed=True)  # typed: a template's `a ~ '#' ~ b` gives Markup
def _link(target: str, here: str) -> str:
    """`href` from the folder `here` ('.' for the root). The last few thousand links are remembered:
    a page links to the same places again (its menu, its article), and pages rendered one after the
    other share folders. A longer memory found no more (1,000 articles x 10 claims: the same hits
    with 2,048 entries as with 131,072), and held about 20 MB in each process, most of it links
    asked for once."""
    target, hash_, fragment = target.partition("#")
    return _relpath(output(target), here) + hash_ + fragment


def _relpath(target: str, here: str) -> str:
    """`posixpath.relpath(target, here)` for two site paths (relative, normalised; '.' is the root),
    without asking the OS for the working folder as relpath does on every call: a big site makes
    hundreds of thousands of links."""
    to, start = target.split("/"), [] if here == "." else here.split("/")
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."
