"""The claim files of content/claims/<article>/, loaded through the seam of results.py.

A claim is checked against more than its own file: site.toml's ratings and
topics, the article its passage is in, the articles its evidence quotes and
its claimant. Its key holds the digests of each of these, so that a kept claim
is the same object only while all of them are unchanged (build/memo.py relies
on it). Which articles and claimant a file names is read from its own bytes
first, and kept by their digest too.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, printable
from ..model import Article, Claim, Claimant, Config
from .claimants import Unread
from .claims import load_claim
from .loader import Loader
from .messages import closest
from .results import FileResults, file_result, listed, read_checked, remembered, with_digest
from .sources import decode, parse_yaml

Uses = tuple[tuple[str, ...], str | None]  # the articles a claim file names, and its claimant's key


@dataclass(frozen=True)
class Context:
    """What every claim is checked against, and the digests that stand for it in keys."""

    config: Config | None
    known: Mapping[str, Article | None]  # every article file's slug; None for one that did not load
    claimants: Mapping[str, Claimant | None]
    article_digests: Mapping[str, bytes]  # by slug, of the article files read
    claimant_digests: Mapping[str, bytes]  # by key, of the claimant files read
    base: bytes  # site.toml's digest, the names of the article files and whether they could be listed
    all_claimants: bytes  # every claimant file's key and digest, and whether the folder could be listed

    def depends(self, uses: Uses) -> tuple[bytes | None, ...]:
        """The digests of what a claim naming `uses` is checked against, beyond `base`."""
        slugs, key = uses
        claimant = self.all_claimants  # an unknown key's hint names the others (claimants.attribution)
        if key is not None and not isinstance(self.claimants, Unread) and key in self.claimants:
            claimant = self.claimant_digests.get(key, self.all_claimants)
        return (*(self.article_digests.get(s) for s in slugs), claimant)


def load_claims(loader: Loader, results: FileResults, context: Context) -> dict[str, tuple[Claim, ...]]:
    """The claims of every article's folder, in reading order; their errors go to `loader`, in the
    order of the folders and, in each, of the files."""
    grouped: dict[str, tuple[Claim, ...]] = {}
    for sub, ok, errors in _claim_folders(loader, results, context.base):
        loader.errors += errors
        if not ok:
            continue
        files = listed(loader, results, sub, ".yaml")
        loaded = [_claim(loader, results, path, shown, context) for path, shown in files]
        claims = [claim for claim, _ in loaded if claim is not None]
        keys = tuple(key for _, key in loaded)
        grouped[sub.name] = results.get(
            ("in reading order", keys), functools.partial(in_reading_order, claims)
        )
    return grouped


def in_reading_order(claims: list[Claim]) -> tuple[Claim, ...]:
    """One article's claims by where their passages start."""
    return tuple(sorted(claims, key=lambda c: (c.passage.anchor.block, c.passage.anchor.start, c.id)))


Folder = tuple[Path, bool, tuple[ContentError, ...]]  # a claim folder, whether to load it, why not


def _claim_folders(loader: Loader, results: FileResults, base: bytes) -> list[Folder]:
    """The entries of content/claims/, each with whether its claims are loaded and the errors why not."""
    folder = loader.content / "claims"

    def make(sub: Loader) -> list[Folder]:
        found = []
        for entry in sorted(folder.iterdir()) if sub.folder_ok(folder) else []:
            one = sub.child()
            found.append((entry, claim_folder_ok(one, entry), tuple(one.errors)))
        return found

    listing = results.listing(loader.shown(folder))
    if listing is None:
        return make(loader)
    return remembered(loader, results, ("claim folders", listing, base), make)


def _claim(
    loader: Loader, results: FileResults, path: Path, shown: str, context: Context
) -> tuple[Claim | None, Hashable]:
    """One claim and the key it is kept under."""
    article = path.parent.name

    def step(digest: bytes, data: bytes | None) -> Uses:
        return results.get(
            (shown, digest, "uses"), lambda: uses_of(shown, read_checked(path, digest, data), article)
        )

    depends = (context.base, context.depends(with_digest(results, path, shown, step)))
    load = functools.partial(load_claim_file, context=context)
    claim, digest = file_result(loader, results, path, shown, depends, load)
    return claim, (shown, digest, depends)


def uses_of(shown: str, data: bytes, article: str) -> Uses:
    """The articles a claim file names (its folder's, its evidence's), sorted, and its claimant's key."""
    text, _ = decode(shown, data)
    doc, _ = parse_yaml(shown, text) if text is not None else (None, [])
    fields = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    evidence = fields.get("evidence")
    items = evidence if isinstance(evidence, list) else []
    named = (item.get("article") for item in items if isinstance(item, dict))
    slugs = {article, *(slug for slug in named if isinstance(slug, str))}
    value = fields.get("claimant")
    key = value.get("key") if isinstance(value, dict) else value
    return tuple(sorted(slugs)), key if isinstance(key, str) else None


def claim_folder_ok(loader: Loader, sub: Path) -> bool:
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


def load_claim_file(loader: Loader, path: Path, context: Context) -> Claim | None:
    """One claim file of content/claims/<article>/, checked against the config, articles and claimants.

    Without a config (site.toml has errors) its status and topics are not checked;
    articles that exist but could not be read are not anchored in.
    """
    loader.check_slug(path, path.stem, "majority-from-mexico (the file name is the claim's id)")
    text = loader.read(path)
    if text is None:
        return None
    shown, slug = loader.shown(path), path.parent.name
    claim, errors = load_claim(shown, text, path.stem, slug, context.config, context.known, context.claimants)
    loader.errors += errors
    return claim


class UnreadArticles(dict[str, Article | None]):
    """The articles a claim may name when content/articles/ cannot be read: any, none to anchor in."""

    def __contains__(self, key: object) -> bool:
        return True


def _suggest(name: str, known: list[str], action: str) -> str:
    close = closest(name, known)
    if close:
        return f"{action} '{printable(close)}'?"
    return f"{action} one of: {', '.join(printable(k) for k in known)}" if known else ""
