"""Load and validate everything under `content/` into an immutable `Site`.

This and loader.py are the only modules that read content files. It gathers
every problem of every file before giving up, so that one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..errors import ContentError, ContentErrors, printable
from ..model import Article, Claim, Claimant, Config, Page, Site
from ..text import markdown, paragraphs, textnorm, weblinks
from . import claimants as claimant_files
from . import entries
from .claims import load_claim
from .config import read_config
from .loader import Loader
from .messages import closest
from .schema import validate
from .sources import Document, FrontMatter, parse_yaml, split_front_matter


def load_site(root: Path) -> Site:
    """Read and check the whole site; raise `ContentErrors` listing every problem."""
    loader = Loader(root)
    config, terms = site_config(loader)
    articles = _load_articles(loader)
    pages = _load_pages(loader)
    claimants = claimant_files.load_claimants(loader)
    claims = _load_claims(loader, terms, {a.slug: a for a in articles}, claimants)
    claimant_files.declared_errors(loader, claimants)
    if loader.errors or config is None:
        raise ContentErrors(loader.errors)
    return assemble(config, articles, claims, pages, claimants)


def site_config(loader: Loader) -> tuple[Config | None, Config | None]:
    """site.toml's config, and what claims are checked against (see `config.read_config`).

    With errors in site.toml, the content is still checked; if its ratings and
    topics cannot be read, claims are checked without them, and an error says so.
    """
    path = loader.root / "site.toml"
    if found := entries.problem(path, Path(os.path.realpath(loader.root))):
        loader.error(path, *found)  # a pipe would hang the read; `check_root` refuses it before a command
        return None, None
    config, terms, errors = read_config(path, loader.shown(path))
    loader.errors += errors
    if terms is None and path.is_file():  # a missing site.toml is one error: the wrong folder
        loader.error(
            path,
            "claims were checked without their statuses and topics: site.toml's errors leave "
            "its ratings and topics unknown",
            "fix site.toml, then run the check again to check them too",
        )
    return config, terms


def assemble(
    config: Config,
    articles: list[Article],
    claims: list[Claim],
    pages: list[Page],
    claimants: Mapping[str, Claimant | None],
) -> Site:
    """The site from its loaded parts, in reading order: articles newest first, claims by position."""
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(claim.article, []).append(claim)
    in_order = {a: in_reading_order(c) for a, c in grouped.items()}
    return assemble_grouped(config, articles, in_order, pages, claimants)


def in_reading_order(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """One article's claims by where their passages start."""
    return tuple(sorted(claims, key=lambda c: (c.passage.anchor.block, c.passage.anchor.start, c.id)))


def assemble_grouped(
    config: Config,
    articles: list[Article],
    claims: Mapping[str, tuple[Claim, ...]],
    pages: list[Page],
    claimants: Mapping[str, Claimant | None],
) -> Site:
    """`assemble` for claims already grouped by article and in reading order (loadcache.py keeps them so)."""
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


def _load_articles(loader: Loader) -> list[Article]:
    articles = []
    for path in loader.files(loader.content / "articles", ".md"):
        loader.check_slug(path, path.stem, "nypd-detainers-2019")
        if article := load_article_file(loader, path):
            articles.append(article)
    if not articles and not loader.errors:
        no_articles(loader)
    return articles


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


def _load_pages(loader: Loader) -> list[Page]:
    pages = []
    for path in loader.files(loader.content / "pages", ".md"):
        if page := load_page_file(loader, path):
            pages.append(page)
    return pages


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


def _load_claims(
    loader: Loader,
    config: Config | None,
    articles: Mapping[str, Article],
    claimants: Mapping[str, Claimant | None],
) -> list[Claim]:
    claims = []
    folder = loader.content / "claims"
    for sub in sorted(folder.iterdir()) if loader.folder_ok(folder) else []:
        if not claim_folder_ok(loader, sub, articles):
            continue
        for path in loader.files(sub, ".yaml"):
            if claim := load_claim_file(loader, path, config, articles, claimants):
                claims.append(claim)
    return claims


def claim_folder_ok(loader: Loader, sub: Path, articles: Mapping[str, Article]) -> bool:
    """Whether the claims in `sub` should be loaded; reports a folder that is misplaced."""
    if sub.name.startswith(".") or not loader.entry_ok(sub):
        return False
    if not sub.is_dir():
        loader.error(
            sub,
            "claim files belong in a folder named after their article",
            "move it to content/claims/<article-slug>/",
        )
        return False
    if sub.name not in loader.article_files() and loader.articles_readable():
        loader.error(
            sub,
            f"there is no article '{printable(sub.name)}' for this claim folder",
            _suggest(sub.name, sorted(loader.article_files()), "rename the folder to"),
        )
        return False
    return True  # an article with errors, or an unreadable folder of articles, is reported on its own


def load_claim_file(
    loader: Loader,
    path: Path,
    config: Config | None,
    articles: Mapping[str, Article],
    claimants: Mapping[str, Claimant | None],
) -> Claim | None:
    """One claim file of content/claims/<article>/, checked against the config, articles and claimants.

    Without a config (site.toml has errors) its status and topics are not checked;
    articles that exist but could not be read are not anchored in.
    """
    loader.check_slug(path, path.stem, "majority-from-mexico (the file name is the claim's id)")
    text = loader.read(path)
    if text is None:
        return None
    known: Mapping[str, Article | None] = KnownArticles(articles, loader.article_files())
    if not loader.articles_readable():
        known = UnreadArticles()  # the folder's own error says why; its articles' names are unknown
    shown, slug = loader.shown(path), path.parent.name
    claim, errors = load_claim(shown, text, path.stem, slug, config, known, claimants)
    loader.errors += errors
    return claim


class KnownArticles(Mapping[str, Article | None]):
    """The articles a claim may name: each loaded one, and None for a file that did not load.

    A view, not a copy: made for every claim file, it costs nothing however many articles there are.
    """

    def __init__(self, loaded: Mapping[str, Article], files: set[str]) -> None:
        self.loaded, self.files = loaded, files

    def __getitem__(self, slug: str) -> Article | None:
        if slug in self.loaded:
            return self.loaded[slug]
        if slug in self.files:
            return None
        raise KeyError(slug)

    def __iter__(self) -> Iterator[str]:
        return iter(self.files | self.loaded.keys())

    def __len__(self) -> int:
        return len(self.files | self.loaded.keys())


class UnreadArticles(dict[str, Article | None]):
    """The articles a claim may name when content/articles/ cannot be read: any, none to anchor in."""

    def __contains__(self, key: object) -> bool:
        return True


def _suggest(name: str, known: list[str], action: str) -> str:
    close = closest(name, known)
    if close:
        return f"{action} '{printable(close)}'?"
    return f"{action} one of: {', '.join(printable(k) for k in known)}" if known else ""
