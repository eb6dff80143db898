"""Render the model to pages: a pure function from `Site` to `{path: bytes}`.

Templates get data, never files. Every page is planned first (`plan_site`), with
the template and context it needs, so that callers can render all pages or some.
"""

from __future__ import annotations

import datetime as dt
import functools
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import theme, urls
from ..check import coverage
from ..model import Article, Claim, Config, Page, Site
from ..text import language, markdown, weblinks, wording
from . import coveragepages, groups, lists, notices, objectpages, reader, scorecards
from .pieces import Parts, Pieces
from .reuse import NO_REUSE, Reuse
from .spec import PageSpec
from .structured import absolute

TEMPLATES, STATIC = theme.TEMPLATES, theme.STATIC  # the tool's theme; a site's own override it
RECENT = 8  # the newest checks on the home page
NEWEST_ARTICLES = 12  # the newest articles on the home page; the articles index has every one
CHUNK = 32  # articles whose pages are kept together while all their claims stay the same, then one by one


def environment(templates: Path | Sequence[Path] = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment of the templates in `templates`: a folder, or folders laid over each
    other, the first on top (a site's own over the theme's, theme.py).

    `theme/NAME` names the bottom folder's (the theme's) template NAME itself, past any override, so a
    site's own `base.html` can `{% extends "theme/base.html" %}` and change only the blocks it needs.

    Each template is read once: an edited template needs a new environment, which the builder makes
    (build/incremental.py `_load`). Jinja's `auto_reload` would instead ask the file system for the
    template's time on every use: each page, include, import and list item, about 200,000 times in a
    build of 1,000 articles x 10 claims.
    """
    folders = [templates] if isinstance(templates, Path) else list(templates)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({theme.PREFIX: jinja2.FileSystemLoader(folders[-1])}),
                jinja2.FileSystemLoader(folders),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
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


@functools.lru_cache(maxsize=1 << 12)  # a few dates recur on thousands of pages
def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str) -> str:
    """A link from the page being rendered to `target`, a site path like 'articles/x/'.

    Links are relative and name index.html, so the site works under any
    subpath and when opened from disk. Each page's templates get their own
    `href` (`_render`: urls.links_from), which is this without the context: Jinja
    copies a template's whole context for each call of a function that takes it
    from inside a loop or a block that sets a variable, as most links are. This
    one serves a template rendered with only a `page_path`.
    """
    return urls.href(target, context["page_path"])


@jinja2.pass_context
def canonical(context: jinja2.runtime.Context, path: str | None = None) -> str:
    """The absolute URL of a page (the current one by default), from `base_url`."""
    path = context["page_path"] if path is None else path
    return absolute(context["config"], path)


claim_path = objectpages.claim_path


def article_path(slug: str) -> str:
    return urls.article(slug)


def plan_site(site: Site, reuse: Reuse = NO_REUSE) -> list[PageSpec]:
    """Every page of the site, in a fixed order; `reuse` keeps specs and parts of pages between builds."""
    parts, menu = Parts(site, reuse), site.pages
    found = parts.groups()
    home = {"recent": parts.newest(RECENT), "articles": site.articles[:NEWEST_ARTICLES]}
    specs = [PageSpec(urls.output(urls.HOME), "home.html", home)]
    specs += _article_pages(site, reuse)
    specs += _claim_pages(site, reuse)
    kept = functools.partial(_kept, reuse)
    specs += kept(lists.article_pages(site, functools.partial(parts.each_count, "articles"))) + kept(
        lists.claims_pages(site)
    )
    specs.append(PageSpec(urls.output(urls.STATUSES), "statuses.html", {}))
    for status in site.config.statuses:
        specs += kept(lists.status_pages(site, status, groups.with_status(found, status.id)))
    specs.append(PageSpec(urls.output(urls.TOPICS), "topics.html", {}))
    for topic in site.config.topics:
        specs += kept(lists.topic_pages(site, topic, groups.with_topic(found, topic.slug)))
    claimants = functools.partial(parts.each_count, "claimants")
    specs += kept(lists.claimant_index_pages(site, found, claimants))
    splits = functools.partial(parts.each_split, "claimants")
    specs += kept(lists.claimant_pages(site, found, claimants, splits))
    specs += [reuse.last(p, "page", menu, functools.partial(_menu_page, p)) for p in site.pages]
    specs += _coverage_pages(site, parts, reuse)
    log = notices.shown(site, parts.log_shown)
    specs += _notice_pages(site, log, reuse)
    specs.append(PageSpec(urls.output(urls.SEARCH), "search.html", {}))
    not_found = functools.partial(PageSpec, urls.NOT_FOUND, "404.html", {}, ())
    specs.append(reuse.last(site.config, "404", menu, not_found))
    listed = [s.path for s in specs if s.template != notices.NOTICE_TEMPLATE]  # notices: at their address
    return specs + _data_files(site, listed, parts, log, reuse)


def _kept(reuse: Reuse, planned: list[lists.Planned]) -> list[PageSpec]:
    """The specs of a list's pages (lists.py), each kept from the last build while its key stays the same."""
    return [reuse.last(p.owner, p.name, p.key, p.make) for p in planned]


def _notice_pages(site: Site, log: object, reuse: Reuse) -> list[PageSpec]:
    """The corrections page, kept while what it shows (`log`, notices.shown) stays the same, and the
    notice at each withdrawn verdict's address (notices.py)."""
    shown = (log, site.pages)
    specs = list(
        reuse.last(site.config, "corrections pages", shown, functools.partial(notices.log_pages, site))
    )
    for claim in site.withdrawn:
        make = functools.partial(notices.notice_page, site, claim)
        specs.append(reuse.last(claim, "notice", (site.article(claim.article), site.pages), make))
    return specs


def _coverage_pages(site: Site, parts: Parts, reuse: Reuse) -> list[PageSpec]:
    """The editors' coverage report: a summary, then a page per article (coveragepages.py); each
    kept while the menu and what it shows (the articles, where each claim's passage lies) stay the same."""
    passages = parts.passages()
    specs = _kept(reuse, coveragepages.summary_pages(site, parts, passages))
    for start in range(0, len(site.articles), CHUNK):  # kept `CHUNK` articles at once, as `_article_pages`
        chunk = (site.articles[start : start + CHUNK], passages[start : start + CHUNK])
        make = functools.partial(_chunk_of_coverage_pages, site, parts, reuse, *chunk)
        specs += reuse.last(chunk[0][0], "coverage pages of a chunk", (*chunk, site.pages), make)
    return specs


def _chunk_of_coverage_pages(
    site: Site,
    parts: Parts,
    reuse: Reuse,
    articles: tuple[Article, ...],
    passages: tuple[tuple[object, ...], ...],
) -> list[PageSpec]:
    specs = []
    for article, where in zip(articles, passages, strict=True):
        make = functools.partial(coveragepages.article_page, site, article, where, parts)
        specs.append(reuse.last(article, "coverage page", (where, site.pages), make))
    return specs


def _menu_page(page: Page) -> PageSpec:
    return PageSpec(urls.output(urls.page(page.slug)), "page.html", {"page": page}, (page,))


def _data_files(site: Site, page_paths: list[str], parts: Parts, log: object, reuse: Reuse) -> list[PageSpec]:
    """Feeds, sitemap, robots.txt and downloads. Those that show only some of the content
    (reader.shown_by) are kept while that stays the same; the others are made on every build."""
    each = parts.each()
    files = reader.data_files(site, page_paths, each)
    shown = reader.shown_by(site, files, page_paths, log, each)
    specs = []
    for path, make in files.items():
        spec = functools.partial(PageSpec, path, None, data=make)
        specs.append(spec() if path not in shown else reuse.last(site.config, path, shown[path], spec))
    return specs


def render_site(site: Site, env: jinja2.Environment | None = None) -> dict[str, bytes]:
    """Every page's bytes by path: `plan_site`, then `render_pages`."""
    return render_pages(site, plan_site(site), env)


def render_pages(
    site: Site, specs: Iterable[PageSpec], env: jinja2.Environment | None = None, reuse: Reuse = NO_REUSE
) -> dict[str, bytes]:
    """The pages' bytes; a `reuse` that keeps results between builds must belong to `env` and to the
    site's configuration (build/memo.py)."""
    render = renderer(site, env or environment(), reuse)
    return {spec.path: render(spec) for spec in specs}


def renderer(site: Site, env: jinja2.Environment, reuse: Reuse = NO_REUSE) -> Callable[[PageSpec], bytes]:
    """The function that renders one page of `site`, its site-wide values made once."""
    shared = _shared(site, Parts(site, reuse))
    shared["pieces"] = Pieces(env, site, reuse)
    return functools.partial(_render, env, shared=shared)


def _render(env: jinja2.Environment, spec: PageSpec, shared: dict[str, Any]) -> bytes:
    if spec.data is not None:
        return spec.data()
    assert spec.template is not None
    context = spec.context() if callable(spec.context) else spec.context
    page = {"page_path": spec.path, "href": urls.links_from(spec.path)}
    return env.get_template(spec.template).render(page, **shared, **context).encode("utf-8")


def _shared(site: Site, parts: Parts) -> dict[str, Any]:
    found = parts.groups()
    return {
        "site": site,
        "config": site.config,
        "status_counts": {
            s.id: sum(len(g.by_status.get(s.id, ())) for g in found) for s in site.config.statuses
        },
        "topic_counts": {
            t.slug: sum(len(g.by_topic.get(t.slug, ())) for g in found) for t in site.config.topics
        },
        "article_counts": groups.Asked(
            [a.slug for a in site.articles], lambda slug: parts.counts(site.article(slug))
        ),
        "claim_path": claim_path,
        "base_path": urllib.parse.urlsplit(weblinks.normalise(site.config.base_url)).path,
        "article_path": article_path,
        "claimant_path": scorecards.claimant_path,
    }


def _article_pages(site: Site, reuse: Reuse) -> list[PageSpec]:
    """Every article's page, `CHUNK` articles kept with one look-up while they and their claims
    stay the same: an edit looks up 32 chunks and the articles of one, not 1,000 articles."""
    specs: list[PageSpec] = []
    for start in range(0, len(site.articles), CHUNK):
        articles = site.articles[start : start + CHUNK]
        key = (articles, tuple(site.claims_of(a.slug) for a in articles), site.pages)
        make = functools.partial(_chunk_of_article_pages, site, articles, reuse)
        specs += reuse.last(articles[0], "pages of a chunk", key, make)
    return specs


def _chunk_of_article_pages(site: Site, articles: tuple[Article, ...], reuse: Reuse) -> list[PageSpec]:
    return [_article_page(site, a, reuse) for a in articles]


def _article_page(site: Site, article: Article, reuse: Reuse) -> PageSpec:
    claims = site.claims_of(article.slug)
    make = functools.partial(_new_article_page, site.config, article, claims)
    return reuse.last(article, "page", (claims, site.pages), make)


def _new_article_page(config: Config, article: Article, claims: tuple[Claim, ...]) -> PageSpec:
    path = urls.output(urls.article(article.slug))
    context = functools.partial(objectpages.article_context, config, article, claims, path)
    return PageSpec(path, "article.html", context, (article, claims))


def _claim_pages(site: Site, reuse: Reuse) -> list[PageSpec]:
    """Every claim's page, article by article: an article's are kept while its claims stay the same.

    A claim object is loaded again when its articles change (build/loadcache.py),
    so the same claims also mean the same articles.
    """
    articles = [claims for a in site.articles if (claims := site.claims_of(a.slug))]
    specs: list[PageSpec] = []
    for start in range(0, len(articles), CHUNK):  # kept `CHUNK` articles at once, as `_article_pages`
        end = min(start + CHUNK, len(articles))
        before = articles[start - 1][-1] if start > 0 else None
        after = articles[end][0] if end < len(articles) else None
        key = (tuple(articles[start:end]), before, after, site.pages)
        make = functools.partial(_chunk_of_claim_pages, site, articles, range(start, end), reuse)
        specs += reuse.last(articles[start][0], "claim pages of a chunk", key, make)
    return specs


def _chunk_of_claim_pages(
    site: Site, articles: list[tuple[Claim, ...]], chunk: range, reuse: Reuse
) -> list[PageSpec]:
    specs: list[PageSpec] = []
    for i in chunk:
        claims = articles[i]
        before = articles[i - 1][-1] if i > 0 else None
        after = articles[i + 1][0] if i + 1 < len(articles) else None
        make = functools.partial(_article_claim_pages, site, claims, before, after, reuse)
        specs += reuse.last(claims[0], "claim pages", (claims, before, after, site.pages), make)
    return specs


def _article_claim_pages(
    site: Site, claims: tuple[Claim, ...], before: Claim | None, after: Claim | None, reuse: Reuse
) -> list[PageSpec]:
    around = (before, *claims, after)
    return [_claim_page(site, c, around[i], around[i + 2], reuse) for i, c in enumerate(claims)]


def _claim_page(
    site: Site, claim: Claim, previous: Claim | None, following: Claim | None, reuse: Reuse
) -> PageSpec:
    make = functools.partial(_new_claim_page, site, claim, previous, following)
    return reuse.last(claim, "page", (previous, following, site.pages), make)


def _new_claim_page(site: Site, claim: Claim, previous: Claim | None, following: Claim | None) -> PageSpec:
    article = site.article(claim.article)
    context = functools.partial(objectpages.claim_context, site.config, article, claim, previous, following)
    shows = tuple(c for c in (claim, previous, following) if c is not None)
    return PageSpec(urls.output(claim_path(claim)), "claim.html", context, shows)
