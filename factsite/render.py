"""Render the model to pages: a pure function from `Site` to `{path: bytes}`.

Templates get data, never files. Every page is planned first (`plan_site`), with
the template and context it needs, so that callers can render all pages or some.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import corrections, coverage, markdown, reader, wording
from .deps import Inputs, SiteInputs
from .highlight import highlighted, marked
from .memo import Memo
from .model import Article, Claim, Site
from .pieces import Pieces

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = TEMPLATES.parent / "static"


@dataclass(frozen=True)
class PageSpec:
    """One output file: where it goes, which template renders it, with what.

    `inputs` names the content files the page shows (see deps.py); None, the
    default, means every content file, so an undeclared page is never stale.
    A page that shows a little of many files can also give a `fingerprint`: a
    digest of everything it shows but the configuration and templates. When
    its inputs changed but its fingerprint did not, the page is kept as it is.
    """

    path: str  # e.g. "claims/some-article/some-claim/index.html"
    template: str
    context: Mapping[str, Any]
    inputs: Inputs = None
    fingerprint: Callable[[], str] | None = None


class LazyContext(Mapping[str, Any]):
    """A context computed when the page is rendered, so that planning every page stays cheap."""

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make = make

    @functools.cached_property
    def _values(self) -> Mapping[str, Any]:
        return self._make()

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda source: Markup(markdown.to_html(source))
    env.filters["longdate"] = _long_date
    env.globals["href"] = href
    env.globals["canonical"] = canonical
    env.globals["vocabulary"] = wording.vocabulary()
    env.globals["coverage_percent"] = coverage.percent
    reader.install(env)
    return env


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str) -> str:
    """A link from the page being rendered to `target`, a site path like 'articles/x/'.

    Links are relative and name index.html, so the site works under any
    subpath and when opened from disk.
    """
    here = posixpath.dirname(context["page_path"]) or "."
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    if target == "" or target.endswith("/"):
        target += "index.html"
    return _relpath(target, here) + fragment


@functools.lru_cache(maxsize=1 << 17)
def _relpath(target: str, here: str) -> str:
    """posixpath.relpath, remembered: it asks the OS for the working folder on every call."""
    return posixpath.relpath(target, here)


@jinja2.pass_context
def canonical(context: jinja2.runtime.Context, path: str | None = None) -> str:
    """The absolute URL of a page (the current one by default), from `base_url`."""
    path = context["page_path"] if path is None else path
    base: str = context["config"].base_url
    return base + path.removesuffix("index.html")


def claim_path(claim: Claim) -> str:
    return f"claims/{claim.article}/{claim.id}/"


def article_path(slug: str) -> str:
    return f"articles/{slug}/"


def plan_site(site: Site, memo: Memo | None = None) -> list[PageSpec]:
    """Every page of the site, in a fixed order; `memo` keeps pieces of pages between builds (memo.py)."""
    memo = Memo() if memo is None else memo
    inputs = SiteInputs(site)
    specs = [PageSpec("index.html", "home.html", {"recent": _recent(site.claims)})]
    specs += [_article_page(site, a, inputs) for a in site.articles]
    specs += [_claim_page(site, i, inputs) for i in range(len(site.claims))]
    specs.append(PageSpec("claims/index.html", "claims.html", {"claims": site.claims}))
    specs.append(PageSpec("status/index.html", "statuses.html", {}))
    for status in site.config.statuses:
        claims = tuple(c for c in site.claims if c.status == status.id)
        specs.append(
            PageSpec(
                f"status/{status.id}/index.html",
                "status.html",
                {"status": status, "claims": claims},
                inputs.claims(claims),
            )
        )
    specs.append(PageSpec("topics/index.html", "topics.html", {}))
    for topic in site.config.topics:
        claims = tuple(c for c in site.claims if topic.slug in c.topics)
        specs.append(
            PageSpec(
                f"topics/{topic.slug}/index.html",
                "topic.html",
                {"topic": topic, "claims": claims},
                inputs.claims(claims),
            )
        )
    specs += [
        PageSpec(f"{p.slug}/index.html", "page.html", {"page": p}, inputs.nav | {p.source_path})
        for p in site.pages
    ]
    report = LazyContext(lambda: {"coverage": coverage.report(site, memo)})
    shown = functools.partial(_coverage_fingerprint, site)
    specs.append(PageSpec("coverage/index.html", "coverage.html", report, fingerprint=shown))
    specs.append(PageSpec(reader.SEARCH_PAGE, "search.html", {}))
    specs.append(PageSpec("404.html", "404.html", {}, inputs.nav))
    return specs + _data_files(site, [s.path for s in specs], memo)


def _coverage_fingerprint(site: Site) -> str:
    """What the coverage page shows: the menu, the articles, and where each claim's passage is."""
    shown = (
        [(p.slug, p.title) for p in site.pages],
        site.articles,
        [(c.article, c.id, c.passage.anchor) for c in site.claims],
    )
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


def _data_files(site: Site, page_paths: list[str], memo: Memo) -> list[PageSpec]:
    """Feeds, sitemap, robots.txt and downloads, through a pass-through template; they show all content."""
    return [
        PageSpec(path, "_data.txt", LazyContext(functools.partial(_data_body, make)))
        for path, make in reader.data_files(site, page_paths, memo).items()
    ]


def _data_body(make: Callable[[], bytes]) -> Mapping[str, Any]:
    return {"body": Markup(make().decode("utf-8"))}


def render_site(site: Site, env: jinja2.Environment | None = None) -> dict[str, bytes]:
    memo = Memo()
    return render_pages(site, plan_site(site, memo), env, memo)


def render_pages(
    site: Site, specs: Iterable[PageSpec], env: jinja2.Environment | None = None, memo: Memo | None = None
) -> dict[str, bytes]:
    """The pages' bytes; `memo` must belong to `env` and to the site's configuration (memo.py)."""
    env = env or environment()
    shared = _shared(site)
    shared["pieces"] = Pieces(env, site, Memo() if memo is None else memo)
    return {
        spec.path: env.get_template(spec.template)
        .render(page_path=spec.path, **shared, **spec.context)
        .encode("utf-8")
        for spec in specs
    }


def _shared(site: Site) -> dict[str, Any]:
    counts = Counter(c.status for c in site.claims)
    return {
        "site": site,
        "config": site.config,
        "status_counts": {s.id: counts[s.id] for s in site.config.statuses},
        "topic_counts": {t.slug: sum(t.slug in c.topics for c in site.claims) for t in site.config.topics},
        "article_counts": {a.slug: _counts(site, site.claims_of(a.slug)) for a in site.articles},
        "claim_path": claim_path,
        "base_path": urllib.parse.urlsplit(site.config.base_url).path,
        "article_path": article_path,
    }


def _counts(site: Site, claims: Iterable[Claim]) -> dict[str, int]:
    counts = Counter(c.status for c in claims)
    return {s.id: counts[s.id] for s in site.config.statuses if counts[s.id]}


def _recent(claims: tuple[Claim, ...], n: int = 8) -> tuple[Claim, ...]:
    return tuple(sorted(claims, key=lambda c: (c.last_changed, c.key), reverse=True)[:n])


def _article_page(site: Site, article: Article, inputs: SiteInputs) -> PageSpec:
    path = f"{article_path(article.slug)}index.html"
    return PageSpec(
        path,
        "article.html",
        LazyContext(lambda: _article_context(site, article, path)),
        inputs.article(article),
    )


def _article_context(site: Site, article: Article, path: str) -> dict[str, Any]:
    claims = site.claims_of(article.slug)
    here = posixpath.dirname(path)

    def link(claim: Claim) -> str:
        return posixpath.relpath(claim_path(claim) + "index.html", here)

    def describe(claim: Claim) -> str:
        return f"{site.config.status(claim.status).label}: {claim.summary}"

    blocks = tuple((b, highlighted(b, claims, link, describe)) for b in article.blocks)
    return {"article": article, "claims": claims, "blocks": blocks}


def _claim_page(site: Site, index: int, inputs: SiteInputs) -> PageSpec:
    claim = site.claims[index]
    previous = site.claims[index - 1] if index > 0 else None
    following = site.claims[index + 1] if index + 1 < len(site.claims) else None
    return PageSpec(
        f"{claim_path(claim)}index.html",
        "claim.html",
        LazyContext(lambda: _claim_context(site, claim, previous, following)),
        inputs.claim_page(claim, (previous, following)),
    )


def _claim_context(
    site: Site, claim: Claim, previous: Claim | None, following: Claim | None
) -> dict[str, Any]:
    article = site.article(claim.article)
    block = article.blocks[claim.passage.anchor.block]
    return {
        "claim": claim,
        "article": article,
        "status": site.config.status(claim.status),
        "context": marked(block, claim),
        "previous": previous,
        "next": following,
        "corrections": corrections.links(site.config, claim, site.config.base_url + claim_path(claim)),
    }
