"""Load content incrementally: re-read only what changed, then redo the cross-file checks.

`content.load_site` stays the reference. This module calls the same per-file and
per-folder functions, remembers each one's result and errors, and calls them
again only when what they read has changed: the file itself, a folder's list of
entries, `site.toml`, or the articles a claim is anchored in. The tests check
that it gives the same site and the same errors as `load_site` after any edits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, ContentErrors
from ..load.claimants import declared_errors, load_claimant_file, unread_or
from ..load.content import (
    assemble_grouped,
    claim_folder_ok,
    in_reading_order,
    load_article_file,
    load_claim_file,
    load_page_file,
    load_site,
    no_articles,
    site_config,
)
from ..load.loader import Loader
from ..model import Article, Claim, Claimant, Config, Page, Site
from .scan import Tree

CLAIMS = "content/claims"
ARTICLES = "content/articles"
CLAIMANTS = "content/claimants"
Claimants = dict[str, Claimant | None]  # as content.load_claimants gives them


@dataclass(frozen=True)
class Entry:
    """One remembered result, the errors it reported, and what it was computed from."""

    value: Any
    errors: tuple[ContentError, ...]
    stamp: Any


@dataclass(frozen=True)
class Loaded:
    """What a load without errors found: the next one, if only claim files changed, starts from it."""

    claim_folders: tuple[str, ...] | None
    article_files: tuple[str, ...] | None
    claimant_files: tuple[str, ...] | None
    config: Config
    articles: dict[str, Article]
    pages: list[Page]
    claims: dict[str, tuple[Claim, ...]]
    claimants: Claimants

    def same_but_claims(self, tree: Tree, changed: set[str]) -> bool:
        """Whether only files inside existing claim folders changed: the rest need not be looked at."""
        return (
            bool(changed)
            and all(
                p.startswith(f"{CLAIMS}/") and p.count("/") == 3 and p.split("/")[2] in self.claims
                for p in changed
            )
            and tree.folders.get(CLAIMS) == self.claim_folders
            and tree.folders.get(ARTICLES) == self.article_files
            and tree.folders.get(CLAIMANTS) == self.claimant_files
        )


class ContentCache:
    """Loaded content of one site, kept between builds."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.memo: dict[tuple[str, str], Entry] = {}
        self.generation = 0  # counts changes to the loaded articles and claimants
        self.articles: dict[str, Article] = {}
        self.claimants: Claimants = {}
        self.last: Loaded | None = None  # the last load, when it found no errors

    def load(self, tree: Tree, changed: set[str]) -> Site:
        """The site after `changed` paths changed; raises `ContentErrors` like `load_site`."""
        if tree.links:
            self.memo.clear()
            return load_site(self.root)
        for path in changed:  # a file that was a pipe (same name, same listing) is listed again too
            self.memo.pop(("file", path), None)
            self.memo.pop(("folder", path.rpartition("/")[0]), None)
            self.memo.pop(("claims of", path.rpartition("/")[0]), None)
        loader = Loader(self.root)
        last, self.last = self.last, None
        if last is not None and last.same_but_claims(tree, changed):
            config, articles, pages, known = last.config, last.articles, last.pages, last.claimants
            claims = dict(last.claims)
            for name in {p.split("/")[2] for p in changed}:
                claims[name] = self._folder_claims(loader, tree, f"{CLAIMS}/{name}", config, articles)
        else:
            config, terms = self._remember(loader, ("file", "site.toml"), None, site_config)
            articles = self._articles(loader, tree)
            pages = [p for p in self._files(loader, tree, "content/pages", ".md", load_page_file) if p]
            known = self._claimants(loader, tree)
            claims = self._claims(loader, tree, terms, articles)
        declared_errors(loader, known)
        if loader.errors or config is None:
            raise ContentErrors(loader.errors)
        folders = tree.folders.get(CLAIMS), tree.folders.get(ARTICLES), tree.folders.get(CLAIMANTS)
        self.last = Loaded(*folders, config, articles, pages, claims, known)
        return assemble_grouped(config, list(articles.values()), claims, pages, known)

    def _remember(
        self, loader: Loader, key: tuple[str, str], stamp: Any, make: Callable[[Loader], Any]
    ) -> Any:
        entry = self.memo.get(key)
        if entry is not None and entry.stamp == stamp:
            loader.errors += entry.errors
            return entry.value
        start = len(loader.errors)
        value = make(loader)
        self.memo[key] = Entry(value, tuple(loader.errors[start:]), stamp)
        return value

    def _files(
        self, loader: Loader, tree: Tree, folder: str, suffix: str, load: Callable[[Loader, Path], Any]
    ) -> list[Any]:
        paths: list[Path] = self._remember(
            loader,
            ("folder", folder),
            _listing(tree, folder),
            lambda lo: lo.files(self.root / folder, suffix),
        )
        return [
            self._remember(loader, ("file", self._shown(p)), None, functools.partial(_call, load, p))
            for p in paths
        ]

    def _shown(self, path: Path) -> str:
        """The path as `display_path` gives it; files listed from self.root lie inside it."""
        return str(path)[len(str(self.root)) + 1 :]

    def _articles(self, loader: Loader, tree: Tree) -> dict[str, Article]:
        start = len(loader.errors)
        loaded = [a for a in self._files(loader, tree, "content/articles", ".md", load_article_file) if a]
        articles = {a.slug: a for a in loaded}
        if not articles and len(loader.errors) == start and not self.memo[("file", "site.toml")].errors:
            no_articles(loader)
        if articles.keys() != self.articles.keys() or any(
            a is not self.articles[s] for s, a in articles.items()
        ):
            self.generation += 1
        self.articles = articles
        return articles

    def _claimants(self, loader: Loader, tree: Tree) -> Claimants:
        """Every claimant by key, as `content.load_claimants` gives them; a change moves the generation on."""
        paths: list[Path] = self._remember(
            loader,
            ("folder", CLAIMANTS),
            _listing(tree, CLAIMANTS),
            lambda lo: lo.files(self.root / CLAIMANTS, ".yaml"),
        )
        known = {
            p.stem: self._remember(
                loader, ("file", self._shown(p)), None, functools.partial(_call, load_claimant_file, p)
            )
            for p in paths
        }
        known = unread_or(loader, known)
        if known.keys() != self.claimants.keys() or any(c is not self.claimants[k] for k, c in known.items()):
            self.generation += 1
        self.claimants = known
        return known

    def _claims(
        self, loader: Loader, tree: Tree, config: Config | None, articles: dict[str, Article]
    ) -> dict[str, tuple[Claim, ...]]:
        claims: dict[str, tuple[Claim, ...]] = {}
        if not self._remember(loader, ("folder ok", CLAIMS), _listing(tree, CLAIMS), _claims_folder_ok):
            return claims
        names = set(tree.folders.get("content/articles", ()))
        for name in (entry.removesuffix("/") for entry in tree.folders.get(CLAIMS, ())):
            folder = f"{CLAIMS}/{name}"
            ok_stamp = (folder in tree.folders, name in articles, f"{name}.md" in names)
            stamp = ok_stamp if all(ok_stamp) else (ok_stamp, self.generation)
            check = functools.partial(_folder_ok, self.root, folder, articles)
            if self._remember(loader, ("claims folder", name), stamp, check):
                claims[name] = self._folder_claims(loader, tree, folder, config, articles)
        return claims

    def _folder_claims(
        self, loader: Loader, tree: Tree, folder: str, config: Config | None, articles: dict[str, Article]
    ) -> tuple[Claim, ...]:
        """The claims of one article's folder in reading order, kept while none of them needs reloading."""
        key = ("claims of", folder)
        entry = self.memo.get(key)
        listing = tree.folders.get(folder)
        if entry is not None and self._still_valid(entry, (config, listing), articles):
            loader.errors += entry.errors
            return entry.value  # type: ignore[no-any-return]
        start = len(loader.errors)
        claims = self._load_folder(loader, tree, folder, config, articles)
        errors = tuple(loader.errors[start:])
        used = {id(u): u for c in claims for u in _uses(c, articles)}
        self.memo[key] = Entry(
            claims, errors, ((config, listing), self.generation if errors else tuple(used.values()))
        )
        return claims

    def _load_folder(
        self, loader: Loader, tree: Tree, folder: str, config: Config | None, articles: dict[str, Article]
    ) -> tuple[Claim, ...]:
        paths: list[Path] = self._remember(
            loader,
            ("folder", folder),
            _listing(tree, folder),
            lambda lo: lo.files(self.root / folder, ".yaml"),
        )
        claims = []
        for path in paths:
            key = ("file", self._shown(path))
            entry = self.memo.get(key)
            if entry is None or not self._still_valid(entry, config, articles):
                start = len(loader.errors)
                claim = load_claim_file(loader, path, config, articles, self.claimants)
                stamp = (config, _uses(claim, articles) if claim else self.generation)
                entry = Entry(claim, tuple(loader.errors[start:]), stamp)
                self.memo[key] = entry
            else:
                loader.errors += entry.errors
            if entry.value is not None:
                claims.append(entry.value)
        return in_reading_order(claims)

    def _still_valid(self, entry: Entry, config: object, articles: dict[str, Article]) -> bool:
        """Whether an entry's claims were loaded with this configuration (and listing), these articles
        and these claimants; an entry with errors, while no article or claimant has changed since."""
        used_config, used = entry.stamp
        if used_config is not config and used_config != config:
            return False
        if isinstance(used, int):
            return used == self.generation
        return all(
            (articles.get(u.slug) if isinstance(u, Article) else self.claimants.get(u.key)) is u for u in used
        )


def _listing(tree: Tree, folder: str) -> tuple[tuple[str, ...] | None, ...]:
    """A folder's entries and its parent's: a folder that became a pipe (no entries either way) shows."""
    return tree.folders.get(folder), tree.folders.get(folder.rpartition("/")[0])


def _claims_folder_ok(loader: Loader) -> bool:
    return loader.folder_ok(loader.content / "claims")


def _call(load: Callable[[Loader, Path], Any], path: Path, loader: Loader) -> Any:
    return load(loader, path)


def _folder_ok(root: Path, folder: str, articles: dict[str, Article], loader: Loader) -> bool:
    return claim_folder_ok(loader, root / folder, articles)


def _uses(claim: Claim, articles: dict[str, Article]) -> tuple[Article | Claimant, ...]:
    """What a claim was checked against: its article, those its evidence quotes, and its claimant.

    A claim is loaded again when one of them changes, so that the same claim
    object also means the same article titles and the same claimant (memo.py).
    """
    slugs = sorted({claim.article, *(e.article for e in claim.evidence if e.article)})
    return (*(articles[s] for s in slugs), claim.claimant)
