"""A page as planning gives it: where it goes, and how it is made (`PageSpec`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# What a page shows: model objects (claims, articles, claimants, menu pages) and runs of claims
# (tuples), besides the menu that every page shows; None: the whole site.
Shows = tuple[object, ...] | None


@dataclass(frozen=True)
class PageSpec:
    """One output file: where it goes, and how it is made.

    A page renders `template` with `context`, or with the mapping `context()`
    returns: computed when the page is rendered, so that planning every page
    stays cheap. A data file (a feed, the sitemap) has no template: `data()`
    makes its bytes.

    `shows` names the model objects the page shows (see `Shows`); the builder
    turns them into the content files it was made from (build/deps.py). None,
    the default, means the whole site, so an undeclared page is never stale.
    A page that shows a little of many files can also give a `fingerprint`: a
    digest of everything it shows but the configuration and templates. When
    its inputs changed but its fingerprint did not, the page is kept as it is.

    Planning with a `Reuse` (reuse.py) keeps a page's spec from one build to
    the next while the model objects it is made from stay the same, so a
    builder that still has the last build's specs knows a page is unchanged
    when its spec is.
    """

    path: str  # the output file (urls.output), e.g. "claims/some-article/some-claim/index.html"
    template: str | None
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    shows: Shows = None
    fingerprint: Callable[[], str] | None = None
    data: Callable[[], bytes] | None = None
