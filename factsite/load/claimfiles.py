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
from .results import FileResults, Files, bundled, file_result, listed, read_checked, remembered, with_digest
from .sources import decode, parse_yaml

Uses = tuple[tuple[str, ...], tuple[str, ...]]  # the articles claim files name, and the claimants' keys


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
        """The digests of what claims naming `uses` are checked against, beyond `base`."""
        slugs, keys = uses
        known = not isinstance(self.claimants, Unread)
        claimants = (
            self.claimant_digests.get(k, self.all_claimants)
            if known and k in self.claimants
            # an unknown key's hint names the others (claimants.attribution)
            else self.all_claimants
            for k in keys
        )
        return (*(self.article_digests.get(s) for s in slugs), *claimants)


def load_claims(loader: Loader, results: FileResults, context: Context) -> dict[str, tuple[Claim, ...]]:
    """The claims of every article's folder, in reading order; their errors go to `loader`, in the
    order of the folders and, in each, of the files."""
    grouped: dict[str, tuple[Claim, ...]] = {}
    for sub, shown, ok, errors in _claim_folders(loader, results, context.base):
        loader.errors += errors
        if ok:
            make = functools.partial(_folder_alone, loader, results, sub, shown, context)
            depends = functools.partial(_read_by_folder, f"{shown}/")
            grouped[sub.name], errors = results.kept(shown, depends, make)
            loader.errors += errors
    return grouped


def _read_by_folder(folder: str, path: str) -> bool:
    """Whether a claim folder's claims (`folder`, as shown, ending in /) may read the file at `path`:
    one of its own, or any outside content/claims/ (site.toml, articles, claimants, or a file that
    may become a folder of claims)."""
    return path.startswith(folder) or path.count("/") < 3 or not path.startswith("content/claims/")


def _folder_alone(loader: Loader, results: FileResults, sub: Path, shown: str, context: Context) -> Loaded:
    """One article's folder of claims: its claims in reading order, and its errors."""
    one = loader.child()
    files = listed(one, results, sub, ".yaml", shown)
    return _folder(one, results, shown, files, context), tuple(one.errors)


def _folder(
    loader: Loader, results: FileResults, folder: str, files: Files, context: Context
) -> tuple[Claim, ...]:
    """One article's claims in reading order. A seam that knows every file's digest keeps them as one
    `Bundle` too, keyed by the folder's files (names and digests) and the digests of all they name: a
    build with no change in them takes the folder whole, without a look at each file."""
    digests = results.digests(files.shown) if results.keeps else (None,)
    if None in digests:
        return _claims(loader, results, files, context)[0]
    try:
        named = tuple(zip(files.shown, digests, strict=True))  # a renamed file is another claim: its id
        uses = bundled(results, ("uses of", folder, named), functools.partial(_union, files, digests))
        key = ("claims of", folder, named, context.base, context.depends(uses))
        made = functools.partial(_claims_alone, loader, files, context, digests)
        claims, errors = bundled(results, key, made)
    except Stale:  # a file changed since the scan: its folder is loaded file by file, not kept whole
        return _claims(loader, results, files, context)[0]
    loader.errors += errors
    return claims


class Stale(Exception):
    """A file's bytes are not those its scanned digest was made of."""


def _union(files: Files, digests: tuple[bytes | None, ...], seam: FileResults) -> Uses:
    """All that the claim files name, together; raises `Stale` if one changed since the scan."""
    found = [_uses(seam, path, shown) for path, shown in files]
    if tuple(digest for _, digest in found) != digests:
        raise Stale
    slugs, keys = {s for (u, _) in found for s in u[0]}, {k for (u, _) in found for k in u[1]}
    return tuple(sorted(slugs)), tuple(sorted(keys))


Loaded = tuple[tuple[Claim, ...], tuple[ContentError, ...]]


def _claims_alone(
    loader: Loader, files: Files, context: Context, digests: tuple[bytes | None, ...], seam: FileResults
) -> Loaded:
    """The claims of `files` and their errors; raises `Stale` if a file changed since the scan."""
    sub = loader.child()
    claims, keys = _claims(sub, seam, files, context)
    if tuple(key[1] for key in keys) != digests:
        raise Stale
    return claims, tuple(sub.errors)


ClaimKey = tuple[str, bytes, Hashable]  # a claim file as shown, its digest, what else it depends on


def _claims(
    loader: Loader, results: FileResults, files: Files, context: Context
) -> tuple[tuple[Claim, ...], tuple[ClaimKey, ...]]:
    loaded = [_claim(loader, results, path, shown, context) for path, shown in files]
    claims = [claim for claim, _ in loaded if claim is not None]
    keys = tuple(key for _, key in loaded)
    in_order = results.get(("in reading order", keys), functools.partial(in_reading_order, claims))
    return in_order, keys


def in_reading_order(claims: list[Claim]) -> tuple[Claim, ...]:
    """One article's claims by where their passages start."""
    return tuple(sorted(claims, key=lambda c: (c.passage.anchor.block, c.passage.anchor.start, c.id)))


Folder = tuple[Path, str, bool, tuple[ContentError, ...]]  # as shown, whether to load it, why not


def _claim_folders(loader: Loader, results: FileResults, base: bytes) -> list[Folder]:
    """The entries of content/claims/, each with whether its claims are loaded and the errors why not."""
    folder = loader.content / "claims"

    def make(sub: Loader) -> list[Folder]:
        found = []
        for entry in sorted(folder.iterdir()) if sub.folder_ok(folder) else []:
            one = sub.child()
            found.append((entry, sub.shown(entry), claim_folder_ok(one, entry), tuple(one.errors)))
        return found

    listing = results.listing(loader.shown(folder))
    if listing is None:
        return make(loader)
    return remembered(loader, results, ("claim folders", listing, base), make)


def _uses(results: FileResults, path: Path, shown: str) -> tuple[Uses, bytes]:
    """What the claim file at `path` names (`uses_of`), kept by its digest; and the digest."""

    def step(digest: bytes, data: bytes | None) -> tuple[Uses, bytes]:
        read = functools.partial(read_checked, path, digest, data)
        return results.get((shown, digest, "uses"), lambda: uses_of(shown, read(), path.parent.name)), digest

    return with_digest(results, path, shown, step)


def _claim(
    loader: Loader, results: FileResults, path: Path, shown: str, context: Context
) -> tuple[Claim | None, ClaimKey]:
    """One claim and the key it is kept under (no dependencies when the seam keeps nothing)."""
    depends = (context.base, context.depends(_uses(results, path, shown)[0])) if results.keeps else None
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
    return tuple(sorted(slugs)), (key,) if isinstance(key, str) else ()


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
