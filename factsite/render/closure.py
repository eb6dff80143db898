"""Which templates a template uses: those it extends, includes or imports, and those the `pieces`
helpers it calls render (pieces.py), transitively.

Two callers: build/ records a page's templates, to render it again when one changes (deps.py,
incremental.py), and pieces.py keeps no part made with a site's own template (theme.py).
"""

from __future__ import annotations

import weakref

import jinja2
import jinja2.meta
import jinja2.nodes

from .. import theme

# The template each `pieces` helper renders: counted among the templates of the pages that call it.
PIECES = {
    "claim_items": "_claim_item.html",
    "claims_sections": "_claims_section.html",
    "article_cards": "_article_card.html",
    "coverage_rows": "_coverage_row.html",
    "masthead": "_masthead.html",
    "footer": "_footer.html",
}


def template_closure(env: jinja2.Environment, name: str) -> frozenset[str]:
    """The template `name` and all it extends, includes, imports or renders through `pieces`,
    transitively, by name (a `theme/NAME` also as NAME, the name changes give it).

    A reference Jinja cannot resolve statically (a name computed at run time)
    makes the page depend on every template. A name no folder holds (one of a list Jinja tries in
    turn, `{% include ['mine.html', 'theirs.html'] %}`, or one `ignore missing`) is counted and not
    followed: adding it changes the page. Raises TemplateNotFound for `name` itself.
    """
    assert env.loader is not None
    found = {name}
    todo = [name]
    while todo:
        current = todo.pop()
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:
            if current == name:
                raise
            continue  # Jinja says so when it renders one that must be there
        tree = env.parse(source, current, filename)  # a syntax error names the file
        for ref in [*jinja2.meta.find_referenced_templates(tree), *_pieces_rendered(tree)]:
            if ref is None:
                return frozenset(env.list_templates())
            for each in {ref, ref.removeprefix(f"{theme.PREFIX}/")}:  # theme/X: the site's X too
                if each not in found:
                    found.add(each)
                    todo.append(each)
    return frozenset(found)


def _pieces_rendered(tree: jinja2.nodes.Template) -> list[str]:
    """The templates that the `pieces.*` helpers called in `tree` render: all of them where `pieces`
    is used otherwise than as `pieces.NAME` (`{% set p = pieces %}`), as Jinja cannot tell which."""
    named = [n for n in tree.find_all(jinja2.nodes.Name) if n.name == "pieces"]
    calls = [n for n in tree.find_all(jinja2.nodes.Getattr) if isinstance(n.node, jinja2.nodes.Name)]
    helpers = [n.attr for n in calls if n.node.name == "pieces"]  # type: ignore[attr-defined]
    if len(helpers) < len(named):
        return list(PIECES.values())
    return [PIECES[name] for name in helpers if name in PIECES]


_KNOWN: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, bool]] = weakref.WeakKeyDictionary()


def is_theme_own(env: jinja2.Environment, name: str) -> bool:
    """Whether the template `name`, and every template it uses, is the theme's own file, not a
    site's override of it (theme.py: `theme/NAME` is always the theme's). Known once per
    environment (parsing the templates costs about 4 ms a name): a builder makes a new one when a
    template changes (build/incremental.py)."""
    known = _KNOWN.setdefault(env, {})
    if name not in known:
        known[name] = _theme_own(env, name)
    return known[name]


def _theme_own(env: jinja2.Environment, name: str) -> bool:
    for used in template_closure(env, name):
        if used.startswith(f"{theme.PREFIX}/"):
            continue
        try:
            theirs = env.get_template(f"{theme.PREFIX}/{used}")
        except jinja2.TemplateNotFound:
            return False  # a template the site adds: its own
        if env.get_template(used).filename != theirs.filename:
            return False
    return True
