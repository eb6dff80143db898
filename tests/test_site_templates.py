"""A site's own templates (theme.py) never make an incremental build crash or publish a stale page:
whatever an override includes, adds, aliases or shows, each build equals a clean build."""

from __future__ import annotations

from pathlib import Path

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
