"""Every page's URL and output file is decided once, in factsite/urls.py: the rest of the code asks it."""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factsite import urls
from factsite.load.content import load_site
from factsite.render.pages import TEMPLATES, plan_site

PACKAGE = Path(urls.__file__).parent
# A string that spells a page of the site: one of its folders, or one of its fixed files.
FOLDERS = "claims|articles|status|topics|claimants|coverage|search|feeds|downloads|static|pagefind"
SPELLED = re.compile(
    rf"^(?:{FOLDERS})/|index\.html|^(?:sitemap\.xml|robots\.txt)$"
)  # "404.html" is also a template name
IN_TEMPLATE = re.compile(rf"""['"](?:{FOLDERS})/|index\.html|['"]/""")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string constant of the module but its docstrings, with its line."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_module_but_urls_spells_a_page_path() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "urls.py" and path.parent == PACKAGE:
            continue
        for line, text in _strings(ast.parse(path.read_text("utf-8"))):
            if SPELLED.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text!r}")
    assert found == []


def test_no_template_builds_a_url() -> None:
    found = []
    for path in sorted(TEMPLATES.glob("*.html")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for expression in re.findall(r"{{.*?}}|{%.*?%}", line):
                if IN_TEMPLATE.search(expression):
                    found.append(f"{path.name}:{number}: {expression}")
    assert found == []


def test_the_scan_would_see_a_page_path_spelled_elsewhere() -> None:
    code = 'PAGE = f"claims/{a}/{b}/index.html"\n\ndef f():\n    """Not this: claims/x/."""\n'
    assert [text for _, text in _strings(ast.parse(code)) if SPELLED.search(text)] == [
        "claims/",
        "/index.html",
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (urls.article("a-b"), "articles/a-b/"),
        (urls.claim("a-b", "c-d"), "claims/a-b/c-d/"),
        (urls.status("false"), "status/false/"),
        (urls.topic("health"), "topics/health/"),
        (urls.claimant("thomas-decker"), "claimants/thomas-decker/"),
        (urls.page("methodology"), "methodology/"),
        (urls.static("style.css"), "static/style.css"),
        (urls.pagefind("pagefind.js"), "pagefind/pagefind.js"),
    ],
)
def test_each_page_kind_has_its_site_path(path: str, expected: str) -> None:
    assert path == expected


def test_a_folder_page_is_written_as_its_index_and_a_file_as_itself() -> None:
    assert urls.output(urls.HOME) == "index.html"
    assert urls.output(urls.CLAIMS) == "claims/index.html"
    assert urls.output(urls.claim("a", "b")) == "claims/a/b/index.html"
    assert urls.output(urls.FEED_CLAIMS) == "feeds/claims.xml"
    assert urls.public("claims/a/b/index.html") == "claims/a/b/"
    assert urls.public("index.html") == ""
    assert urls.is_folder_page("index.html") and urls.is_folder_page("topics/x/index.html")
    assert not urls.is_folder_page("feeds/claims.xml")


@pytest.mark.parametrize(
    ("target", "here", "expected"),
    [
        ("articles/x/#p-3", "claims/x/y/index.html", "../../../articles/x/index.html#p-3"),
        ("claims/x/z/", "claims/x/y/index.html", "../z/index.html"),
        ("", "claims/x/y/index.html", "../../../index.html"),
        ("static/style.css", "index.html", "static/style.css"),
        ("claims/", "404.html", "claims/index.html"),
        ("topics/", "topics/index.html", "index.html"),
    ],
)
def test_a_link_is_relative_to_the_page_and_names_index_html(target: str, here: str, expected: str) -> None:
    assert urls.href(target, here) == expected
    folder = posixpath.dirname(here)
    assert posixpath.normpath(posixpath.join(folder, expected.partition("#")[0])) == urls.output(
        target.partition("#")[0]
    )


def test_every_planned_page_is_where_urls_puts_it(site_root: Path) -> None:
    site = load_site(site_root)
    planned = {spec.path for spec in plan_site(site)}
    expected = {urls.output(urls.claim(c.article, c.id)) for c in site.claims}
    expected |= {urls.output(urls.article(a.slug)) for a in site.articles}
    expected |= {urls.output(urls.status(s.id)) for s in site.config.statuses}
    expected |= {urls.output(urls.topic(t.slug)) for t in site.config.topics}
    expected |= {urls.output(urls.page(p.slug)) for p in site.pages}
    fixed = [
        urls.HOME,
        urls.ARTICLES,
        urls.CLAIMS,
        urls.STATUSES,
        urls.TOPICS,
        urls.CLAIMANTS,
        urls.COVERAGE,
        urls.SEARCH,
    ]
    expected |= {urls.output(p) for p in fixed}
    expected |= {urls.NOT_FOUND, urls.FEED_CLAIMS, urls.FEED_ARTICLES, urls.DOWNLOAD_JSON}
    expected |= {urls.DOWNLOAD_CSV, urls.SITEMAP, urls.ROBOTS, urls.FEED_CORRECTIONS}
    expected |= {urls.output(urls.CORRECTIONS)}
    expected |= {urls.output(urls.coverage(a.slug)) for a in site.articles}
    expected |= {urls.output(urls.claim(c.article, c.id)) for c in site.withdrawn}
    assert expected <= planned
    assert all(p.startswith(urls.CLAIMANTS) or f"/{urls.PAGED}/" in p for p in planned - expected)


SEGMENT = st.sampled_from(["claims", "a", "b", "index.html", "topics", "static", "x.css", "ab"])


@given(st.lists(SEGMENT, min_size=1, max_size=5), st.lists(SEGMENT, max_size=4))
def test_a_link_is_what_posixpath_relpath_gives(target: list[str], here: list[str]) -> None:
    folder = "/".join(here) or "."
    assert urls._relpath("/".join(target), folder) == posixpath.relpath("/".join(target), folder)
