"""Load and validate everything under `content/` into an immutable `Site`: the one loader.

`check`, `coverage`, `new`, `build` and `serve` all load through `load_site`.
It gathers every problem of every file before giving up, so that one run
reports them all. Each file's result goes through the seam of results.py,
which `build` and `serve` use to keep the results of unchanged files.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
from collections.abc import Mapping
from pathlib import Path

from ..errors import ContentError, ContentErrors, printable
from ..model import Article, Claim, Claimant, Config, Page, Site
from ..text import markdown, paragraphs, textnorm, weblinks
from . import claimants as claimant_files
from . import entries
from .claimfiles import Context, UnreadArticles, load_claims
from .config import read_config
from .loader import Loader
from .results import (
    NO_RESULTS,
    FileResults,
    file_result,
    listed,
    read_checked,
    remembered,
    token,
    with_digest,
)
from .schema import validate
from .sources import Document, FrontMatter, parse_yaml, split_front_matter


def load_site(root: Path, results: FileResults = NO_RESULTS) -> Site:
    """Read and check the whole site; raise `ContentErrors` listing every problem, in file order.

    Every command loads through here. `results` may give back the result of a
    file whose bytes (and what it is checked against) are unchanged (results.py);
    the checks across files run every time.
    """
    loader = Loader(root)
    (config, terms), toml = site_config(loader, results)
    articles, article_digests = _load_articles(loader, results)
    pages = _load_pages(loader, results)
    claimants, claimant_digests = _load_claimants(loader, results)
    base = token(toml, str(loader.articles_readable()), "/".join(sorted(loader.article_files())))
    unread = isinstance(claimants, claimant_files.Unread)
    every_claimant = token(str(unread), *_pairs(claimant_digests))
    known = _known(loader, articles)
    context = Context(terms, known, claimants, article_digests, claimant_digests, base, every_claimant)
    claims = load_claims(loader, results, context)
    claimant_files.declared_errors(loader, claimants)
    if loader.errors or config is None:
        raise ContentErrors(loader.errors)
    return assemble_grouped(config, articles, claims, pages, claimants)


def _pairs(digests: Mapping[str, bytes]) -> list[str | bytes]:
    return [part for key in sorted(digests) for part in (key, digests[key])]


def _known(loader: Loader, articles: list[Article]) -> Mapping[str, Article | None]:
    """The articles a claim may name: every article file's slug, None for one that did not load."""
    if not loader.articles_readable():
        return UnreadArticles()  # the folder's own error says why; its articles' names are unknown
    return {**dict.fromkeys(loader.article_files()), **{a.slug: a for a in articles}}


Configs = tuple[Config | None, Config | None]
Claimants = dict[str, Claimant | None]


def site_config(loader: Loader, results: FileResults = NO_RESULTS) -> tuple[Configs, bytes | None]:
    """site.toml's config, and what claims are checked against (see `config.read_config`); and the
    digest of its bytes, None if it was not read.

    With errors in site.toml, the content is still checked; if its ratings and
    topics cannot be read, claims are checked without them, and an error says so.
    """
    path = loader.root / "site.toml"
    if found := entries.problem(path, Path(os.path.realpath(loader.root))):
        loader.error(path, *found)  # a pipe would hang the read; `check_root` refuses it before a command
        return (None, None), None
    if not path.is_file():
        return _read_config(loader, path, None), None

    def step(digest: bytes, data: bytes | None) -> tuple[Configs, bytes]:
        def make(sub: Loader) -> Configs:
            return _read_config(sub, path, read_checked(path, digest, data))

        return remembered(loader, results, ("site.toml", digest), make), digest

    return with_digest(results, path, "site.toml", step)


def _read_config(loader: Loader, path: Path, data: bytes | None) -> Configs:
    config, terms, errors = read_config(path, loader.shown(path), data)
    loader.errors += errors
    if terms is None and path.is_file():  # a missing site.toml is one error: the wrong folder
        loader.error(
            path,
            "claims were checked without their statuses and topics: site.toml's errors leave "
            "its ratings and topics unknown",
            "fix site.toml, then run the check again to check them too",
        )
    return config, terms


def assemble_grouped(
    config: Config,
    articles: list[Article],
    claims: Mapping[str, tuple[Claim, ...]],
    pages: list[Page],
    claimants: Mapping[str, Claimant | None],
) -> Site:
    """The site from its loaded parts, in reading order: articles newest first, claims grouped by article
    and by position (claimfiles.in_reading_order)."""
    articles = sorted(articles, key=lambda a: (-(a.published or dt.date.min).toordinal(), a.title, a.slug))
    in_order = tuple(itertools.chain.from_iterable(claims.get(a.slug, ()) for a in articles))
    by_name = sorted((c for c in claimants.values() if c), key=lambda c: (c.name.casefold(), c.key))
    grouped = {s: c for s, c in claims.items() if c}
    return Site(config, tuple(articles), in_order, tuple(pages), tuple(by_name), grouped)


def article_slugs(root: Path) -> list[str]:
    """The slugs of the articles under content/articles/, sorted."""
    folder = root / "content" / "articles"
    return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []


def load_article(root: Path, slug: str) -> Article:
    """Read and check one article alone; raise `ContentErrors` listing its problems."""
    loader = Loader(root)
    path = loader.content / "articles" / f"{slug}.md"
    readable = loader.folder_ok(path.parent) and loader.entry_ok(path)
    article = load_article_file(loader, path) if readable else None
    if loader.errors or article is None:
        raise ContentErrors(loader.errors)
    return article


def _load_articles(loader: Loader, results: FileResults) -> tuple[list[Article], dict[str, bytes]]:
    """The articles that loaded, and the digest of every article file read, by slug; kept whole
    while no file of content/articles/ changed, when the seam knows (results.py `kept`)."""
    make = functools.partial(_articles_alone, loader, results)
    articles, digests, errors = results.kept("content/articles", _read_by_articles, make)
    loader.errors += errors
    if not articles and not loader.errors:
        no_articles(loader)
    return list(articles), digests


def _read_by_articles(path: str) -> bool:
    """Whether loading the articles may read the file at `path` (as shown): one of content/articles/,
    or one that may become that folder."""
    return path.startswith("content/articles/") or path.count("/") < 2


def _articles_alone(
    loader: Loader, results: FileResults
) -> tuple[tuple[Article, ...], dict[str, bytes], tuple[ContentError, ...]]:
    one, articles, digests = loader.child(), [], {}
    for path, shown in listed(one, results, one.content / "articles", ".md"):
        article, digests[path.stem] = file_result(one, results, path, shown, "article", _article_file)
        if article:
            articles.append(article)
    return tuple(articles), digests, tuple(one.errors)


def _article_file(loader: Loader, path: Path) -> Article | None:
    loader.check_slug(path, path.stem, "nypd-detainers-2019", reserved=True)
    return load_article_file(loader, path)


def no_articles(loader: Loader) -> None:
    """The error of a site without articles; or, when content/ itself cannot be read, that error."""
    if os.path.lexists(loader.root / "content") and not loader.folder_ok(loader.root / "content"):
        return
    loader.error(
        loader.content / "articles",
        "there are no articles",
        "add content/articles/<slug>.md with front matter and the article's text",
    )


def load_article_file(loader: Loader, path: Path) -> Article | None:
    """One article file; with errors in its front matter, still its text, so its claims can be checked.

    An article returned while `loader` holds its errors is a stand-in (empty
    title and dates) for anchoring passages only: the site is not built.
    """
    shown = loader.shown(path)
    text = loader.read(path)
    if text is None:
        return None
    front, errors = split_front_matter(shown, text)
    loader.errors += errors
    if front is None:
        return None
    doc, errors = front_matter(shown, front, "article")
    url = doc.data.get("url") if doc and isinstance(doc.data, dict) else None
    if doc and isinstance(url, str) and (bad := weblinks.problem(url)):
        errors.append(doc.error(("url",), f"url: {doc.written(('url',), url)} {bad.reason}", bad.hint))
    blocks = paragraphs.blocks(front.body, front.body_line)
    if not blocks:
        errors.append(
            ContentError(
                shown,
                front.body_line,
                1,
                "the article has no text",
                "paste the article's text below the front matter",
            )
        )
    if blocks and not any(textnorm.is_word(char) for block in blocks for char in block.text):
        errors.append(
            ContentError(
                shown,
                blocks[0].line,
                1,
                "the article has no words, only marks and symbols",
                "paste the article's text below the front matter: its page is read and searched by its words",
            )
        )
    loader.errors += errors
    if not blocks:
        return None
    data = doc.data if doc and not errors else {}
    return Article(
        slug=path.stem,
        title=data.get("title", ""),
        publisher=data.get("publisher"),
        published=dt.date.fromisoformat(data["published"]) if "published" in data else None,
        url=data.get("url"),
        seed=data.get("seed"),
        blocks=blocks,
        source_path=shown,
    )


def _load_pages(loader: Loader, results: FileResults) -> list[Page]:
    pages = []
    for path, shown in listed(loader, results, loader.content / "pages", ".md"):
        page, _ = file_result(loader, results, path, shown, "page", load_page_file)
        if page:
            pages.append(page)
    return pages


def _load_claimants(loader: Loader, results: FileResults) -> tuple[Claimants, dict[str, bytes]]:
    """Every claimant by key, None for a file whose errors keep it from loading (reported once, there);
    and the digest of each file read, by key."""
    found: Claimants = {}
    digests = {}
    folder = loader.content / claimant_files.FOLDER
    for path, shown in listed(loader, results, folder, ".yaml"):
        load = claimant_files.load_claimant_file
        found[path.stem], digests[path.stem] = file_result(loader, results, path, shown, "claimant", load)
    return claimant_files.unread_or(loader, found), digests


def load_page_file(loader: Loader, path: Path) -> Page | None:
    loader.check_slug(path, path.stem, "methodology")
    shown = loader.shown(path)
    text = loader.read(path)
    front, errors = split_front_matter(shown, text) if text is not None else (None, [])
    loader.errors += errors
    if front is None:
        return None
    doc, errors = front_matter(shown, front, "page")
    for link in markdown.links(front.body):
        if bad := weblinks.problem(link.href):
            errors.append(
                ContentError(
                    shown,
                    front.body_line + link.line,
                    link.col + 1,
                    f"link '{printable(link.written)}' {bad.reason}",
                    bad.hint,
                )
            )
    loader.errors += errors
    if doc is None or errors:
        return None
    return Page(path.stem, doc.data["title"], doc.data.get("description"), front.body, shown)


def front_matter(shown: str, front: FrontMatter, schema: str) -> tuple[Document | None, list[ContentError]]:
    """The front matter read and validated against `schema`; None if it cannot be read at all."""
    doc, errors = parse_yaml(shown, front.yaml_text, line_offset=1)
    if doc is None:
        return None, errors
    return validate(doc, schema)
