"""Render the model to pages: a pure function from `Site` to `{path: bytes}`.

Templates get data, never files. Every page is planned first (`plan_site`), with
the template and context it needs, so that callers can render all pages or some.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import theme, urls
from ..build.memo import Memo
from ..check import coverage
from ..model import Article, Claim, Claimant, Config, Page, Site, Status, Topic
from ..text import language, markdown, weblinks, wording
from . import corrections, groups, notices, reader, scorecards
from .deps import Inputs, SiteInputs
from .highlight import highlighted, marked
from .pieces import Pieces
from .structured import absolute

TEMPLATES, STATIC = theme.TEMPLATES, theme.STATIC  # the tool's theme; a site's own override it
RECENT = 8  # the newest checks on the home page


@dataclass(frozen=True)
class PageSpec:
    """One output file: where it goes, and how it is made.

    A page renders `template` with `context`, or with the mapping `context()`
    returns: computed when the page is rendered, so that planning every page
    stays cheap. A data file (a feed, the sitemap) has no template: `data()`
    makes its bytes.

    `inputs` names the content files the page shows (see deps.py); None, the
    default, means every content file, so an undeclared page is never stale.
    A page that shows a little of many files can also give a `fingerprint`: a
    digest of everything it shows but the configuration and templates. When
    its inputs changed but its fingerprint did not, the page is kept as it is.

    Planning keeps a page's spec from one build to the next while the model
    objects it is made from stay the same (memo.py), so a builder that still
    has the last build's specs knows a page is unchanged when its spec is.
    """

    path: str  # the output file (urls.output), e.g. "claims/some-article/some-claim/index.html"
    template: str | None
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    inputs: Inputs = None
    fingerprint: Callable[[], str] | None = None
    data: Callable[[], bytes] | None = None


def environment(templates: Path | Sequence[Path] = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment of the templates in `templates`: a folder, or folders laid over each
    other, the first on top (a site's own over the theme's, theme.py)."""
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
    env.filters["url"] = weblinks.normalise
    env.globals["href"] = href
    env.globals["canonical"] = canonical
    env.globals["text_direction"] = language.direction
    env.globals["vocabulary"] = wording.vocabulary()
    env.globals["coverage_percent"] = coverage.percent
    env.globals["urls"] = urls
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
    return urls.href(target, context["page_path"])


@jinja2.pass_context
def canonical(context: jinja2.runtime.Context, path: str | None = None) -> str:
    """The absolute URL of a page (the current one by default), from `base_url`."""
    path = context["page_path"] if path is None else path
    return absolute(context["config"], path)


def claim_path(claim: Claim) -> str:
    return urls.claim(claim.article, claim.id)


def article_path(slug: str) -> str:
    return urls.article(slug)


def plan_site(site: Site, memo: Memo | None = None) -> list[PageSpec]:
    """Every page of the site, in a fixed order; `memo` keeps specs and pieces of pages between builds."""
    memo = Memo() if memo is None else memo
    inputs = SiteInputs(site, memo)
    menu = site.pages
    found = groups.groups(site, memo)
    specs = [PageSpec(urls.output(urls.HOME), "home.html", {"recent": groups.newest(site, memo, RECENT)})]
    specs += [_article_page(site, a, inputs, memo) for a in site.articles]
    specs += _claim_pages(site, inputs, memo)
    specs.append(PageSpec(urls.output(urls.CLAIMS), "claims.html", {"claims": site.claims}))
    specs.append(PageSpec(urls.output(urls.STATUSES), "statuses.html", {}))
    for status in site.config.statuses:
        runs = groups.with_status(found, status.id)
        make = functools.partial(_status_page, status, runs, inputs)
        specs.append(memo.last(status, "page", (runs, menu), make))
    specs.append(PageSpec(urls.output(urls.TOPICS), "topics.html", {}))
    for topic in site.config.topics:
        runs = groups.with_topic(found, topic.slug)
        make = functools.partial(_topic_page, topic, runs, inputs)
        specs.append(memo.last(topic, "page", (runs, menu), make))
    specs += _claimant_pages(site, found, inputs, memo)
    specs += [memo.last(p, "page", menu, functools.partial(_menu_page, p, inputs)) for p in site.pages]
    specs += coverage_pages(site, inputs, memo)
    specs += _notice_pages(site, memo)
    specs.append(PageSpec(urls.output(urls.SEARCH), "search.html", {}))
    not_found = functools.partial(PageSpec, urls.NOT_FOUND, "404.html", {}, inputs.nav)
    specs.append(memo.last(site.config, "404", menu, not_found))
    listed = [
        s.path for s in specs if s.template != notices.NOTICE_TEMPLATE
    ]  # notices: only at their address
    return specs + _data_files(site, listed, memo)


def _notice_pages(site: Site, memo: Memo) -> list[PageSpec]:
    """The corrections page, kept while what it shows stays the same, and the notice at each
    withdrawn verdict's address (notices.py)."""
    shown = (notices.shown(site), site.pages)
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    log = functools.partial(
        PageSpec, notices.paths().page, "corrections.html", lambda: {"log": notices.log(site)}
    )
    specs = [memo.last(site.config, "corrections page", shown, lambda: log(fingerprint=lambda: digest))]
    for claim in site.withdrawn:
        make = functools.partial(_notice_page, site, claim)
        specs.append(memo.last(claim, "notice", (site.article(claim.article), site.pages), make))
    return specs


def _notice_page(site: Site, claim: Claim) -> PageSpec:
    status = site.config.status(claim.status)
    context = {"claim": claim, "article": site.article(claim.article), "status": status}
    return PageSpec(notices.notice_path(claim), notices.NOTICE_TEMPLATE, context)


def coverage_pages(site: Site, inputs: SiteInputs, memo: Memo) -> list[PageSpec]:
    """The editors' coverage report (coveragepages.py, which builds on this module's PageSpec)."""
    from .coveragepages import coverage_pages as pages

    return pages(site, inputs, memo)


def _menu_page(page: Page, inputs: SiteInputs) -> PageSpec:
    path = urls.output(urls.page(page.slug))
    return PageSpec(path, "page.html", {"page": page}, inputs.nav | {page.source_path})


def _status_page(status: Status, runs: list[tuple[Claim, ...]], inputs: SiteInputs) -> PageSpec:
    context = {"status": status, "claims": groups.joined(runs)}
    path = urls.output(urls.status(status.id))
    return PageSpec(path, "status.html", context, inputs.runs(f"status {status.id}", runs))


def _topic_page(topic: Topic, runs: list[tuple[Claim, ...]], inputs: SiteInputs) -> PageSpec:
    context = {"topic": topic, "claims": groups.joined(runs)}
    path = urls.output(urls.topic(topic.slug))
    return PageSpec(path, "topic.html", context, inputs.runs(f"topic {topic.slug}", runs))


def _claimant_pages(site: Site, found: list[groups.Groups], inputs: SiteInputs, memo: Memo) -> list[PageSpec]:
    """The claimants index (it counts every claim, like the home page) and a page per claimant
    that some claim names (scorecards.published)."""
    claims_of = groups.by_claimant(found)
    shown = scorecards.published(site.claimants, claims_of)
    index = functools.partial(scorecards.index_context, site.config, shown, claims_of, site.article)
    specs = [PageSpec(urls.output(urls.CLAIMANTS), "claimants.html", index)]
    for claimant in shown:
        runs = claims_of[claimant.key]
        articles = tuple(site.article(run[0].article) for run in runs)  # the publication's page shows them
        make = functools.partial(_claimant_page, site.config, claimant, runs, articles, inputs)
        specs.append(memo.last(claimant, "page", (runs, articles, site.pages), make))
    return specs


def _claimant_page(
    config: Config,
    claimant: Claimant,
    runs: list[tuple[Claim, ...]],
    articles: tuple[Article, ...],
    inputs: SiteInputs,
) -> PageSpec:
    """A claimant's page; `articles` are those of `runs`, in the same order."""
    path = urls.output(urls.claimant(claimant.key))
    context = functools.partial(scorecards.claimant_context, config, claimant, runs, articles)
    return PageSpec(path, "claimant.html", context, inputs.claimant(claimant, runs))


def _data_files(site: Site, page_paths: list[str], memo: Memo) -> list[PageSpec]:
    """Feeds, sitemap, robots.txt and downloads; they show all content."""
    files = reader.data_files(site, page_paths, memo)
    return [PageSpec(path, None, data=make) for path, make in files.items()]


def render_site(site: Site, env: jinja2.Environment | None = None) -> dict[str, bytes]:
    memo = Memo()
    return render_pages(site, plan_site(site, memo), env, memo)


def render_pages(
    site: Site, specs: Iterable[PageSpec], env: jinja2.Environment | None = None, memo: Memo | None = None
) -> dict[str, bytes]:
    """The pages' bytes; `memo` must belong to `env` and to the site's configuration (memo.py)."""
    env = env or environment()
    memo = Memo() if memo is None else memo
    shared = _shared(site, memo)
    shared["pieces"] = Pieces(env, site, memo)
    return {spec.path: _render(env, spec, shared) for spec in specs}


def _render(env: jinja2.Environment, spec: PageSpec, shared: dict[str, Any]) -> bytes:
    if spec.data is not None:
        return spec.data()
    assert spec.template is not None
    context = spec.context() if callable(spec.context) else spec.context
    return env.get_template(spec.template).render(page_path=spec.path, **shared, **context).encode("utf-8")


def _shared(site: Site, memo: Memo) -> dict[str, Any]:
    found = groups.groups(site, memo)
    return {
        "site": site,
        "config": site.config,
        "status_counts": {
            s.id: sum(len(g.by_status.get(s.id, ())) for g in found) for s in site.config.statuses
        },
        "topic_counts": {
            t.slug: sum(len(g.by_topic.get(t.slug, ())) for g in found) for t in site.config.topics
        },
        "article_counts": {a.slug: _article_counts(site, a, memo) for a in site.articles},
        "claim_path": claim_path,
        "base_path": urllib.parse.urlsplit(weblinks.normalise(site.config.base_url)).path,
        "article_path": article_path,
        "claimant_path": scorecards.claimant_path,
    }


def _article_counts(site: Site, article: Article, memo: Memo) -> dict[str, int]:
    claims = site.claims_of(article.slug)
    return memo.last(article, "counts", claims, lambda: _counts(site.config, claims))


def _counts(config: Config, claims: Iterable[Claim]) -> dict[str, int]:
    counts = Counter(c.status for c in claims)
    return {s.id: counts[s.id] for s in config.statuses if counts[s.id]}


def _article_page(site: Site, article: Article, inputs: SiteInputs, memo: Memo) -> PageSpec:
    claims = site.claims_of(article.slug)
    make = functools.partial(_new_article_page, site.config, article, claims, inputs)
    return memo.last(article, "page", (claims, site.pages), make)


def _new_article_page(
    config: Config, article: Article, claims: tuple[Claim, ...], inputs: SiteInputs
) -> PageSpec:
    path = urls.output(urls.article(article.slug))
    context = functools.partial(_article_context, config, article, claims, path)
    return PageSpec(path, "article.html", context, inputs.article(article))


def _article_context(
    config: Config, article: Article, claims: tuple[Claim, ...], path: str
) -> dict[str, Any]:
    def link(claim: Claim) -> str:
        return urls.href(claim_path(claim), path)

    def describe(claim: Claim) -> str:
        return f"{config.status(claim.status).label}: {claim.summary}"

    blocks = tuple((b, highlighted(b, claims, link, describe)) for b in article.blocks)
    return {"article": article, "claims": claims, "blocks": blocks}


def _claim_pages(site: Site, inputs: SiteInputs, memo: Memo) -> list[PageSpec]:
    """Every claim's page, article by article: an article's are kept while its claims stay the same.

    A claim object is loaded again when its articles change (loadcache.py), so
    the same claims also mean the same articles.
    """
    articles = [claims for a in site.articles if (claims := site.claims_of(a.slug))]
    specs: list[PageSpec] = []
    for i, claims in enumerate(articles):
        before = articles[i - 1][-1] if i > 0 else None
        after = articles[i + 1][0] if i + 1 < len(articles) else None
        make = functools.partial(_article_claim_pages, site, claims, before, after, inputs, memo)
        specs += memo.last(claims[0], "claim pages", (claims, before, after, site.pages), make)
    return specs


def _article_claim_pages(
    site: Site,
    claims: tuple[Claim, ...],
    before: Claim | None,
    after: Claim | None,
    inputs: SiteInputs,
    memo: Memo,
) -> list[PageSpec]:
    around = (before, *claims, after)
    return [_claim_page(site, c, around[i], around[i + 2], inputs, memo) for i, c in enumerate(claims)]


def _claim_page(
    site: Site, claim: Claim, previous: Claim | None, following: Claim | None, inputs: SiteInputs, memo: Memo
) -> PageSpec:
    make = functools.partial(_new_claim_page, site, claim, previous, following, inputs)
    return memo.last(claim, "page", (previous, following, site.pages), make)


def _new_claim_page(
    site: Site, claim: Claim, previous: Claim | None, following: Claim | None, inputs: SiteInputs
) -> PageSpec:
    article = site.article(claim.article)
    context = functools.partial(_claim_context, site.config, article, claim, previous, following)
    path = urls.output(claim_path(claim))
    return PageSpec(path, "claim.html", context, inputs.claim_page(claim, (previous, following)))


def _claim_context(
    config: Config, article: Article, claim: Claim, previous: Claim | None, following: Claim | None
) -> dict[str, Any]:
    block = article.blocks[claim.passage.anchor.block]
    return {
        "claim": claim,
        "article": article,
        "status": config.status(claim.status),
        "context": marked(block, claim),
        "previous": previous,
        "next": following,
        "corrections": corrections.links(config, claim, absolute(config, claim_path(claim))),
    }
