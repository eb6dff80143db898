"""What each page is built from: the explicit map that incremental builds rely on.

A page's inputs are the site-relative paths of the content files whose data it
shows (as `source_path` names them). `site.toml`, the templates and the tool's
own code are not listed: a change to `site.toml` or to the code rebuilds every
page, and a template change rebuilds the pages whose templates reference it.

`None` means "every content file": the safe answer for pages that summarise
the whole site, and the default for any page whose inputs nobody declared.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import jinja2
import jinja2.meta
import jinja2.nodes

from ..build.memo import Memo
from ..model import Article, Claim, Claimant, Site
from . import pieces

Inputs = frozenset[str] | None


class SiteInputs:
    """The inputs of the parts of one site; a claim's are remembered while it stays the same (memo.py)."""

    def __init__(self, site: Site, memo: Memo | None = None) -> None:
        self.site = site
        self.memo = Memo() if memo is None else memo
        self.nav = frozenset(p.source_path for p in site.pages)  # every page's menu lists the pages

    def claim(self, claim: Claim) -> frozenset[str]:
        """A claim's file, the articles its passage and evidence are anchored in, and its claimant's file."""
        return self.memo.get(claim, "inputs", lambda: self._claim(claim))

    def _claim(self, claim: Claim) -> frozenset[str]:
        articles = {claim.article, *(e.article for e in claim.evidence if e.article)}
        shown = {claim.source_path, claim.claimant.source_path}
        return frozenset(shown.union(self.site.article(a).source_path for a in articles))

    def claims(self, claims: Iterable[Claim]) -> frozenset[str]:
        return self.nav.union(*(self.claim(c) for c in claims))

    def runs(self, name: str, runs: Iterable[tuple[Claim, ...]]) -> frozenset[str]:
        """`claims` of all the claims of `runs`: each run's inputs are remembered while it stays the same,
        so a list of 10,000 claims given article by article costs a lookup per article."""
        made = (
            self.memo.last(r[0], f"inputs of {name}", r, functools.partial(self._run, r)) for r in runs if r
        )
        return self.nav.union(*made)

    def _run(self, run: tuple[Claim, ...]) -> frozenset[str]:
        return frozenset().union(*map(self.claim, run))

    def article(self, article: Article) -> frozenset[str]:
        return self.claims(self.site.claims_of(article.slug)) | {article.source_path}

    def claimant(self, claimant: Claimant, runs: Iterable[tuple[Claim, ...]]) -> frozenset[str]:
        """A claimant's page: its file and its claims, given article by article as in `runs`."""
        return self.runs(f"claimant {claimant.key}", runs) | {claimant.source_path}

    def claim_page(self, claim: Claim, neighbours: Iterable[Claim | None]) -> frozenset[str]:
        """A claim page also shows the previous and next claims' titles."""
        return self.claims([claim, *(c for c in neighbours if c is not None)])


def template_closure(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The template and all it extends, includes, imports or renders through `pieces`, transitively.

    A reference Jinja cannot resolve statically (a name computed at run time)
    makes the page depend on every template.
    """
    assert env.loader is not None
    found = {name}
    todo = [name]
    while todo:
        tree = env.parse(env.loader.get_source(env, todo.pop())[0])
        for ref in [*jinja2.meta.find_referenced_templates(tree), *_pieces_rendered(tree)]:
            if ref is None:
                return frozenset(env.list_templates())
            if ref not in found:
                found.add(ref)
                todo.append(ref)
    return frozenset(found)


def _pieces_rendered(tree: jinja2.nodes.Template) -> list[str]:
    """The templates that the `pieces.*` helpers called in `tree` render (pieces.py)."""
    calls = (n for n in tree.find_all(jinja2.nodes.Getattr) if isinstance(n.node, jinja2.nodes.Name))
    return [pieces.TEMPLATES[n.attr] for n in calls if n.node.name == "pieces"]  # type: ignore[attr-defined]
