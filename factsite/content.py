"""Load and validate everything under `content/` into an immutable `Site`.

This is the only module that reads content files. It gathers every problem of
every file before giving up, so that one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import claimants as claimant_files
from . import markdown
from .claims import load_claim
from .config import load_config
from .errors import ContentError, ContentErrors, display_path
from .model import Article, Block, Claim, Claimant, Config, Page, Site
from .schema import validate
from .sources import decode, parse_yaml, split_front_matter

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Loader:
    """Collects errors while reading one site; `load_site` is the entry point."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = (root / "content").resolve()
        self.errors: list[ContentError] = []

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def error(self, path: Path, message: str, hint: str = "", line: int = 1, col: int = 1) -> None:
        self.errors.append(ContentError(self.shown(path), line, col, message, hint))

    def files(self, folder: Path, suffix: str) -> list[Path]:
        """The files of a folder with `suffix`, refusing anything that leads out of content/."""
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.iterdir()):
            if not path.resolve().is_relative_to(self.content):
                self.error(path, "this path leads outside content/", "replace the link with the file itself")
            elif path.name.startswith("."):
                continue
            elif path.is_file() and path.suffix == suffix:
                found.append(path)
            elif path.is_file():
                self.error(
                    path,
                    f"unexpected file: expected a '{suffix}' file here",
                    f"rename it to end in '{suffix}', or move it out of {self.shown(folder)}/",
                )
        return found

    def read(self, path: Path) -> str | None:
        text, errors = decode(self.shown(path), path.read_bytes())
        self.errors += errors
        return text

    def check_slug(self, path: Path, slug: str) -> None:
        if not SLUG.match(slug):
            self.error(
                path,
                f"'{slug}' is not a valid name for this file",
                "use lowercase letters, digits and single hyphens, e.g. nypd-detainers-2019",
            )


def load_site(root: Path) -> Site:
    """Read and check the whole site; raise `ContentErrors` listing every problem."""
    loader = Loader(root)
    config, errors = load_config(root / "site.toml", loader.shown(root / "site.toml"))
    loader.errors += errors
    articles = _load_articles(loader)
    pages = _load_pages(loader)
    claimants = claimant_files.load_claimants(loader)
    claims = _load_claims(loader, config, {a.slug: a for a in articles}, claimants) if config else []
    if loader.errors or config is None:
        raise ContentErrors(loader.errors)
    return assemble(config, articles, claims, pages, claimants)


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
    article = load_article_file(loader, loader.content / "articles" / f"{slug}.md")
    if loader.errors or article is None:
        raise ContentErrors(loader.errors)
    return article


def _load_articles(loader: Loader) -> list[Article]:
    articles = []
    for path in loader.files(loader.content / "articles", ".md"):
        loader.check_slug(path, path.stem)
        if article := load_article_file(loader, path):
            articles.append(article)
    if not articles and not loader.errors:
        no_articles(loader)
    return articles


def no_articles(loader: Loader) -> None:
    loader.error(
        loader.content / "articles",
        "there are no articles",
        "add content/articles/<slug>.md with front matter and the article's text",
    )


def load_article_file(loader: Loader, path: Path) -> Article | None:
    shown = loader.shown(path)
    text = loader.read(path)
    if text is None:
        return None
    front, errors = split_front_matter(shown, text)
    loader.errors += errors
    if front is None:
        return None
    doc, errors = parse_yaml(shown, front.yaml_text, line_offset=1)
    loader.errors += errors
    if doc is None:
        return None
    errors = validate(doc, "article")
    if isinstance(doc.data, dict) and (url := doc.data.get("url")) and not markdown.is_allowed_link(str(url)):
        errors.append(
            doc.error(
                ("url",),
                f"url: '{url}' is not an http(s) link",
                "give the article's address starting with https://",
            )
        )
    blocks = tuple(
        Block(i, tb.kind, tb.text, front.body_line + tb.line)
        for i, tb in enumerate(markdown.text_blocks(front.body))
    )
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
    loader.errors += errors
    if errors:
        return None
    data = doc.data
    return Article(
        slug=path.stem,
        title=data["title"],
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
    loader.check_slug(path, path.stem)
    shown = loader.shown(path)
    text = loader.read(path)
    front, errors = split_front_matter(shown, text) if text is not None else (None, [])
    loader.errors += errors
    if front is None:
        return None
    doc, errors = parse_yaml(shown, front.yaml_text, line_offset=1)
    errors += validate(doc, "page") if doc else []
    for link in markdown.links(front.body):
        if not markdown.is_allowed_link(link.href):
            errors.append(
                ContentError(
                    shown,
                    front.body_line + link.line,
                    1,
                    f"link '{link.href}' is not an http(s) link",
                    "link to a full https:// address",
                )
            )
    loader.errors += errors
    if doc is None or errors:
        return None
    return Page(path.stem, doc.data["title"], doc.data.get("description"), front.body, shown)


def _load_claims(
    loader: Loader,
    config: Config,
    articles: Mapping[str, Article],
    claimants: Mapping[str, Claimant | None],
) -> list[Claim]:
    claims = []
    folder = loader.content / "claims"
    for sub in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not claim_folder_ok(loader, sub, articles):
            continue
        for path in loader.files(sub, ".yaml"):
            if claim := load_claim_file(loader, path, config, articles, claimants):
                claims.append(claim)
    return claims


def claim_folder_ok(loader: Loader, sub: Path, articles: Mapping[str, Article]) -> bool:
    """Whether the claims in `sub` should be loaded; reports a folder that is misplaced."""
    if sub.name.startswith("."):
        return False
    if not sub.is_dir():
        loader.error(
            sub,
            "claim files belong in a folder named after their article",
            "move it to content/claims/<article-slug>/",
        )
        return False
    if sub.name not in articles:
        if not (loader.content / "articles" / f"{sub.name}.md").exists():
            loader.error(
                sub,
                f"there is no article '{sub.name}' for this claim folder",
                _suggest(sub.name, sorted(articles), "rename the folder to"),
            )
        return False
    return True


def load_claim_file(
    loader: Loader,
    path: Path,
    config: Config,
    articles: Mapping[str, Article],
    claimants: Mapping[str, Claimant | None],
) -> Claim | None:
    """One claim file of content/claims/<article>/, checked against the config, articles and claimants."""
    loader.check_slug(path, path.stem)
    text = loader.read(path)
    if text is None:
        return None
    shown, slug = loader.shown(path), path.parent.name
    claim, errors = load_claim(shown, text, path.stem, slug, config, articles, claimants)
    loader.errors += errors
    return claim


def _suggest(name: str, known: list[str], action: str) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"{action} '{close[0]}'?"
    return f"{action} one of: {', '.join(known)}" if known else ""
