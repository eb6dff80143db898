"""A site's own templates (theme.py) never make an incremental build crash or publish a stale page:
whatever an override includes, adds, aliases or shows, each build equals a clean build."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from factsite.cli.main import main
from factsite.render import closure, pages
from tests.test_incremental_reuse import _clean, _serving
from tests.test_pagination import _pages

THEME = Path(pages.TEMPLATES)


def _own(root: Path, name: str, text: str) -> Path:
    (root / "templates").mkdir(exist_ok=True)
    path = root / "templates" / name
    path.write_text(text, "utf-8")
    return path


def _theme(name: str) -> str:
    return (THEME / name).read_text("utf-8")


def _as_clean(root: Path, out: Path, tmp_path: Path) -> bool:
    return _pages(out) == _pages(_clean(root, tmp_path / f"clean-{len(list(tmp_path.iterdir()))}").out)


def test_an_overridden_piece_may_include_a_template_the_site_adds(site_root: Path, tmp_path: Path) -> None:
    _own(site_root, "_footer.html", _theme("_footer.html") + '{% include "_mine.html" %}\n')
    mine = _own(site_root, "_mine.html", "MINE v1\n")
    builder = _serving(site_root, tmp_path / "out")
    assert "MINE v1" in (builder.out / "index.html").read_text("utf-8")
    mine.write_text("MINE v2\n", "utf-8")
    builder.build([str(mine)])
    assert "MINE v2" in (builder.out / "index.html").read_text("utf-8")
    assert _as_clean(site_root, builder.out, tmp_path)


def test_a_site_template_reached_past_its_theme_name_is_followed(site_root: Path, tmp_path: Path) -> None:
    """`theme/X` names the theme's X, but the site's own X, reached by its plain name, is a
    template of the page too: an edit of what it includes renders the page again."""
    _own(
        site_root,
        "claim.html",
        '{% extends "theme/claim.html" %}\n'
        '{% block head %}{{ super() }}{% if false %}{% include "theme/_updates.html" %}{% endif %}'
        "{% endblock %}\n",
    )
    _own(site_root, "_updates.html", _theme("_updates.html") + '{% include "_legal.html" %}\n')
    legal = _own(site_root, "_legal.html", "LEGAL v1\n")
    builder = _serving(site_root, tmp_path / "out")
    legal.write_text("LEGAL v2\n", "utf-8")
    assert builder.build([str(legal)]).rendered
    assert _as_clean(site_root, builder.out, tmp_path)


def test_pieces_used_through_another_name_count_every_piece_template(site_root: Path, tmp_path: Path) -> None:
    home = _theme("home.html").replace(
        "{{ pieces.article_cards(articles) }}", "{{ p.article_cards(articles) }}"
    )
    _own(site_root, "home.html", "{% set p = pieces %}" + home)
    builder = _serving(site_root, tmp_path / "out")
    card = _own(site_root, "_article_card.html", _theme("_article_card.html") + "CARD v2\n")
    builder.build([str(card)])
    assert "CARD v2" in (builder.out / "index.html").read_text("utf-8")
    assert _as_clean(site_root, builder.out, tmp_path)


def test_a_template_may_read_what_pieces_holds_besides_its_helpers(site_root: Path, tmp_path: Path) -> None:
    _own(site_root, "home.html", _theme("home.html") + "{{ pieces.site.claims|length }} claims\n")
    builder = _serving(site_root, tmp_path / "out")
    added = site_root / "content/claims/city-budget/roads-2.yaml"
    source = (site_root / "content/claims/city-budget/roads-fell-again.yaml").read_text("utf-8")
    added.write_text(source.replace("in 2024.", "in 2024!"), "utf-8")
    builder.build([str(added)])
    assert _as_clean(site_root, builder.out, tmp_path)


def test_a_template_only_the_site_has_is_the_sites_own_not_an_error(site_root: Path) -> None:
    """What the build above relies on, whatever order the templates are looked at in."""
    mine = _own(site_root, "_mine.html", "MINE\n")
    env = pages.environment([mine.parent, THEME])
    assert not closure.is_theme_own(env, "_mine.html")
    assert closure.is_theme_own(env, "_footer.html")


def test_a_template_jinja_may_skip_builds_and_its_adding_later_shows(site_root: Path, tmp_path: Path) -> None:
    """`{% include ['mine.html', 'theirs.html'] %}` renders the first that exists, and `ignore
    missing` none: a name no folder holds yet is not an error, and adding it renders its pages again."""
    _own(
        site_root,
        "_footer.html",
        _theme("_footer.html") + "{% include ['_first.html', '_second.html'] %}"
        "{% include '_later.html' ignore missing %}\n",
    )
    _own(site_root, "_second.html", "SECOND\n")
    builder = _serving(site_root, tmp_path / "out")
    assert "SECOND" in (builder.out / "index.html").read_text("utf-8")
    added = [_own(site_root, "_first.html", "FIRST\n"), _own(site_root, "_later.html", "LATER\n")]
    builder.build([str(path) for path in added])
    home = (builder.out / "index.html").read_text("utf-8")
    assert "FIRST" in home and "LATER" in home and "SECOND" not in home
    assert _as_clean(site_root, builder.out, tmp_path)


def test_closure_counts_a_missing_name_without_following_it() -> None:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "page.html": "{% include ['gone.html', 'there.html'] %}",
                "there.html": "{% include 'x.html' ignore missing %}",
            }
        )
    )
    assert closure.template_closure(env, "page.html") == {"page.html", "gone.html", "there.html", "x.html"}


def test_an_error_in_a_template_no_page_renders_stops_a_full_build_before_the_site_is_touched(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 0
    before = _pages(out)
    _own(
        site_root,
        "claim.html",
        _theme("claim.html") + "{% if false %}{% include '_broken.html' %}{% endif %}NEW\n",
    )
    _own(site_root, "_broken.html", "{% if %}\n")
    shutil.rmtree(site_root / ".factsite-cache")  # a full build: the case that wrote the site first
    assert main(["--root", str(site_root), "build", "--out", str(out), "--no-search", "--quiet"]) == 1
    assert "templates/_broken.html:1:1: template syntax" in capsys.readouterr().err
    assert _pages(out) == before
