"""What each page is built from: the map from what a page shows to the files it was made of.

A page declares the model objects it shows (`PageSpec.shows`, render/pages.py);
this module turns them into its inputs: the site-relative paths of the content
files whose data it shows (as `source_path` names them), which incremental
builds compare with the files that changed. `site.toml`, the templates and the
tool's own code are not listed: a change to `site.toml` or to the code rebuilds
every page, and a template change rebuilds the pages whose templates reference it.

`None` means "every content file": the safe answer for pages that summarise
the whole site, and the default for any page whose inputs nobody declared.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass

from ..model import Article, Claim, Claimant, Page, Site
from ..render.spec import PageSpec
from .memo import Memo


@dataclass(frozen=True, eq=False, slots=True)
class Union:
    """The inputs of a page as the parts they were found in, not joined into one set: the pages of a
    list of 10,000 claims show the inputs of every run of it (`SiteInputs.of`), and joining them
    anew for each list an edit changes cost more than the lists' pages' rendering saved."""

    parts: tuple[frozenset[str], ...]

    def isdisjoint(self, paths: Set[str]) -> bool:
        """Whether none of `paths` is among these inputs."""
        return all(map(paths.isdisjoint, self.parts))

    def paths(self) -> frozenset[str]:
        """Every input, joined."""
        return frozenset().union(*self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Union) and self.paths() == other.paths()

    def __hash__(self) -> int:
        return hash(self.paths())


Inputs = Union | None  # None: every content file


Chunks = dict[tuple[int, ...], tuple[tuple[object, ...], frozenset[str]]]  # by ids, the objects held
CHUNK = 32  # objects a page shows whose inputs are remembered together (`SiteInputs._chunk`)


class SiteInputs:
    """The inputs of the pages of one site; a claim's, and a chunk's of a list, are remembered
    while it stays the same.

    A chunk's are found by the identity of the objects it holds, in this build's or in the `last`
    build's (an unchanged article keeps its runs of claims as objects, render/groups.py): a list of
    10,000 claims in 1,000 runs costs 32 dictionary lookups after an edit, and the changed chunk's
    claims' sets. A run of claims has no set of its own: its claims' sets are its inputs (a set a
    run, about 4.6 MB at 1,000 articles × 10 claims, was kept only to be joined into the chunks').
    Only the chunks a build asked for are carried to the next, so they never outgrow one build's.
    """

    def __init__(self, site: Site, memo: Memo, last: SiteInputs | None = None) -> None:
        self.site, self.memo = site, memo
        self.nav = frozenset(p.source_path for p in site.pages)  # every page's menu lists the pages
        self.shared: dict[int, tuple[object, Union]] = {}  # by id of a long `shows`, held so ids stay
        self.chunks: Chunks = {}
        self._last_chunks: Chunks = {} if last is None else last.chunks

    def of(self, spec: PageSpec) -> Inputs:
        """The files `spec` shows: the menu's and those of every object it names (`PageSpec.shows`).

        The pages of one long list declare the same `shows` object, the whole list (render/lists.py):
        its inputs are made once and shared, not once a page (100 pages of 10,000 claims each). A
        page that shows a few objects (a claim's, an article's) gets their own sets, not a chunk:
        a chunk, and its copy, were kept for each page (9 MB at 1,000 articles × 10 claims). A
        `Union` only refers to sets held anyway (the menu's, each claim's): the builder keeps one a
        page (incremental.Record), 110,000 at 10,000 articles × 10 claims."""
        shows = spec.shows
        if shows is None:
            return None
        if len(shows) <= CHUNK:  # most pages (a claim's, an article's): their objects' own sets
            return Union((self.nav, *self._sets(shows)))  # not kept: 110,000 at 10,000 articles
        found = self.shared.get(id(shows))
        if found is None or found[0] is not shows:
            parts = tuple(self._chunk(shows[i : i + CHUNK]) for i in range(0, len(shows), CHUNK))
            self.shared[id(shows)] = found = (shows, Union((self.nav, *parts)))
        return found[1]

    def _chunk(self, shows: tuple[object, ...]) -> frozenset[str]:
        """The inputs of `CHUNK` objects a page shows, remembered while they are the very same
        objects, in this build's or the `last` build's: a list of 1,000 runs of claims after an edit
        costs 32 lookups and the changed run's, not 1,000."""
        key = tuple(map(id, shows))
        found = self.chunks.get(key) or self._last_chunks.get(key)
        if found is None or not all(map(operator.is_, found[0], shows)):
            found = (shows, frozenset().union(*self._sets(shows)))
        self.chunks[key] = found
        return found[1]

    def _sets(self, shows: Iterable[object]) -> Iterator[frozenset[str]]:
        """The sets of inputs of the objects a page shows: one each, a run of claims its claims'."""
        for obj in shows:
            if isinstance(obj, tuple):
                yield from map(self.claim, obj)
            else:
                yield self._shown(obj)

    def _shown(self, obj: object) -> frozenset[str]:
        if isinstance(obj, Claim):
            return self.claim(obj)
        if isinstance(obj, Article | Claimant | Page):  # one set an object, not one a page showing it
            return self.memo.get(obj, "inputs", lambda: frozenset([obj.source_path]))
        raise TypeError(f"a page shows {type(obj).__name__}: say which files it comes from in deps.py")

    def claim(self, claim: Claim) -> frozenset[str]:
        """A claim's file, the articles its passage and evidence are anchored in, and its claimant's file."""
        return self.memo.get(claim, "inputs", lambda: self._claim(claim))

    def _claim(self, claim: Claim) -> frozenset[str]:
        articles = {claim.article, *(e.article for e in claim.evidence if e.article)}
        shown = {claim.source_path, claim.claimant.source_path}
        return frozenset(shown.union(self.site.article(a).source_path for a in articles))
