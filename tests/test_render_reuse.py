"""Rendering makes each shared part once: the frame (masthead and footer) once for all the claim pages
of an article, list items with the page's variables, links by folder. Every page's bytes are those
of rendering it alone, with nothing kept (render/pieces.py)."""

from __future__ import annotations

import posixpath
import runpy
from pathlib import Path

import pytest
from markupsafe import Markup

from factsite import urls
from factsite.build.memo import Memo
from factsite.load.content import load_site
from factsite.render import pieces
from factsite.render.pages import environment, plan_site, render_pages
from factsite.render.reuse import NO_REUSE
from tests.conftest import REPO

SITEGEN = runpy.run_path(str(REPO / "benchmarks" / "sitegen.py"))  # the benchmarks' site generator


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """A generated site of 6 articles of 4 claims, with lists of claims in pages of 10."""
    root = tmp_path / "generated"
    SITEGEN["generate"](root, REPO / "tests" / "sample", 6, 4)
    toml = root / "site.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('title = "Sample Checks"', 'title = "Sample Checks"\npage_size = 10')
    )
    return root


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_every_page_is_the_same_whether_its_parts_are_kept_or_each_made_for_it(
    which: str, site_root: Path, generated: Path
) -> None:
    site = load_site(site_root if which == "sample" else generated)
    specs = plan_site(site)
    kept = render_pages(site, specs, environment(), Memo())
    alone = render_pages(site, specs, environment(), NO_REUSE)
    assert [p for p in kept if kept[p] != alone[p]] == []
    assert sum(p.startswith(urls.CLAIMS) and p.count("/") == 3 for p in kept) >= 3  # claim pages
    assert which == "sample" or urls.output(urls.paged(urls.CLAIMS, 3)) in kept  # and later pages of lists


def test_the_claim_pages_of_an_article_share_one_masthead_and_one_footer(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = load_site(generated)
    specs = [s for s in plan_site(site) if s.template == "claim.html"]
    made: list[str] = []
    shared_text = pieces.Pieces._shared_text

    def counted(self: pieces.Pieces, context: pieces.Context, template: str) -> str:
        made.append(template)
        return shared_text(self, context, template)

    monkeypatch.setattr(pieces.Pieces, "_shared_text", counted)
    render_pages(site, specs, environment(), Memo())
    articles = {posixpath.dirname(posixpath.dirname(s.path)) for s in specs}
    assert len(specs) > len(articles)
    assert made.count("_masthead.html") == made.count("_footer.html") == len(articles)


@pytest.mark.parametrize(
    ("path", "kept_as"),
    [
        ("index.html", "index.html"),
        ("404.html", "404.html"),
        ("claims/index.html", "claims/index.html"),
        ("articles/an-article/index.html", "articles/an-article/index.html"),
        ("claims/an-article/a-claim/index.html", "claims/an-article/*/index.html"),
        ("claims/page/2/index.html", "claims/page/*/index.html"),
        ("status/false/page/3/index.html", "status/false/*/*/index.html"),
    ],
)
def test_a_frame_is_kept_by_the_depth_and_first_two_folders_of_its_page(path: str, kept_as: str) -> None:
    assert pieces.frame_path(path) == kept_as


@pytest.mark.parametrize(
    "here", ["index.html", "claims/index.html", "claims/a/b/index.html", "status/x/page/2/index.html"]
)
@pytest.mark.parametrize(
    "target", ["", "claims/", "claims/a/b/", "articles/a/#p-3", "feeds/claims.xml", "claims/a/b/#x"]
)
def test_a_link_is_the_relative_path_from_the_pages_folder(here: str, target: str) -> None:
    path, hash_, fragment = target.partition("#")
    expected = posixpath.relpath(urls.output(path), posixpath.dirname(here) or ".") + hash_ + fragment
    assert urls.href(target, here) == expected


def test_a_link_to_markup_stays_markup_after_the_same_link_as_plain_text() -> None:
    """A template's `href(a ~ '#' ~ b)` gives Markup (escaped parts); its link is Markup too, which
    the template does not escape again, whatever link to the same text was made before."""
    here = "claims/a/b/index.html"
    plain = urls.href("articles/a/#claim-x", here)
    marked = urls.href(Markup("articles/a/#claim-x"), here)
    assert plain == marked == "../../../articles/a/index.html#claim-x"
    assert type(plain) is str and isinstance(marked, Markup)


def test_a_pages_href_is_the_link_from_its_own_folder_in_loops_macros_and_pieces_alike(
    site_root: Path,
) -> None:
    """Each page's templates get an `href` of their own (urls.links_from): the same links as the
    global `href`, which reads the page's path from the template's context."""
    site = load_site(site_root)
    spec = next(s for s in plan_site(site) if s.template == "claim.html")
    link = urls.links_from(spec.path)
    for target in ("", "claims/", urls.article(site.articles[0].slug) + "#p-1", "feeds/claims.xml"):
        assert link(target) == urls.href(target, spec.path)
    env = environment()
    env.globals["href"] = lambda target: pytest.fail(f"the global href was called for {target}")
    render_pages(site, [spec], env)  # the page's own href serves its loops, macros and pieces
