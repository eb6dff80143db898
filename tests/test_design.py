"""The design checked like content: template errors at their file and line, in `check` and `build`
alike, and no link in templates/ or static/ leading outside them. Each test runs a copy of the tool
(build.py, factsite/, templates/, static/) as a user would, so that its design can be broken."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def tool(tmp_path: Path) -> Path:
    copy = tmp_path / "tool"
    copy.mkdir()
    shutil.copy2(REPO / "build.py", copy)
    for folder in ("factsite", "templates", "static"):
        shutil.copytree(REPO / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture
def run(tool: Path, site_root: Path, tmp_path: Path) -> Run:
    def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")}
        argv = [sys.executable, str(tool / "build.py"), "--root", str(site_root), *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, check=False)

    return run_tool


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def break_template(tool: Path, name: str, old: str, new: str) -> int:
    """Replace `old` by `new` in a template of the tool; the line it is on."""
    path = tool / "templates" / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return line_of(path, new.strip().splitlines()[0])


@pytest.mark.parametrize(
    ("name", "old", "new", "message", "hint"),
    [
        (
            "base.html",
            "</main>",
            "{{ nope }}</main>",
            "template: 'nope' is undefined",
            "the page has no value of that name",
        ),
        (
            "claim.html",
            "{% block main %}",
            "{% block main %}{{ claim.nope }}",
            "has no attribute 'nope'",
            "the page has no value of that name",
        ),
        (
            "page.html",
            '{% include "_reading_numbers.html" %}',
            '{% include "_nothing.html" %}',
            "template not found: _nothing.html",
            "restore the template, or correct its name",
        ),
        (
            "_macros.html",
            "{% macro",
            "{{ 1 +  }}\n{% macro",
            "template syntax: unexpected 'end of print statement'",
            "Jinja's",
        ),
        (  # any exception raised while a template renders is the template's error, at its line
            "claim.html",
            "{% if claim.updates %}<dt>Updated</dt>",
            "{% if claim.updates %}<dt>Updated</dt>{{ 1/0 }}",
            "template: ZeroDivisionError: division by zero",
            "the template needs fixing at this line, not your content: templates/claim.html fails here",
        ),
        (
            "claim.html",
            "{% if claim.updates %}<dt>Updated</dt>",
            '{% if claim.updates %}<dt>Updated</dt>{{ "%d"|format("x") }}',
            "template: TypeError: %d format: a real number is required, not str",
            "the template needs fixing at this line, not your content: templates/claim.html fails here",
        ),
        (  # the line of the include, not the line deep inside where Python's stack ran out
            "claim.html",
            "{% if claim.updates %}<dt>Updated</dt>",
            '{% if claim.updates %}<dt>Updated</dt>{% include "claim.html" %}',
            "template: this line renders itself without end (RecursionError)",
            "templates/claim.html renders this line again while rendering it",
        ),
    ],
)
def test_a_template_error_is_reported_at_its_line_by_check_and_build(
    run: Run, tool: Path, tmp_path: Path, name: str, old: str, new: str, message: str, hint: str
) -> None:
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).returncode == 0
    before = digest(out)
    line = break_template(tool, name, old, new)
    for command in (["check"], ["build", "--out", str(out)]):
        result = run(*command)
        assert result.returncode == 1, result.stderr
        assert f"templates/{name}:{line}:1: " in result.stderr and message in result.stderr
        assert f"hint: {hint}" in result.stderr or hint in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert "a bug in build.py" not in result.stderr
    assert digest(out) == before


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("base.html", "</main>", "{% if x %}</main>", "Unexpected end of template"),
        (
            "topic.html",
            "{% block main %}",
            "{% block main %}{% if topic %}",
            "Encountered unknown tag 'endblock'",
        ),
    ],
)
def test_an_unclosed_if_is_reported_by_check_and_build(
    run: Run, tool: Path, tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).returncode == 0
    before = digest(out)
    break_template(tool, name, old, new)
    # where Jinja notices: the text after the last tag, or the tag that closes the block too early
    lines = (tool / "templates" / name).read_text("utf-8").splitlines()
    seek = "</body>" if "end of template" in message else "{% endblock %}"
    line = max(n for n, text in enumerate(lines, 1) if seek in text)
    for command in (["check"], ["build", "--out", str(out)]):
        result = run(*command)
        assert result.returncode == 1
        assert f"templates/{name}:{line}:1: template syntax: {message}" in result.stderr
        assert "hint: close every {% if %}" in result.stderr and "Traceback" not in result.stderr
    assert digest(out) == before


def test_check_reports_template_errors_with_the_contents_in_one_run(
    run: Run, tool: Path, site_root: Path
) -> None:
    break_template(tool, "page.html", "{% block main %}", "{% block main %}{% for %}")
    claim = site_root / "content/claims/city-budget/roads-fell-again.yaml"
    claim.write_text(claim.read_text("utf-8").replace("status: unverified", "status: unverifed"), "utf-8")
    result = run("check")
    assert result.returncode == 1
    assert "templates/page.html:" in result.stderr and "roads-fell-again.yaml:" in result.stderr
    assert "2 error(s)" in result.stderr


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("a secret from outside the repository")
    return secret


@pytest.mark.parametrize(
    ("link", "target", "message"),
    [
        ("static/leak.css", "{secret}", "this link leads outside static/"),
        ("static/fonts", "{outside}", "this link leads outside static/"),
        ("static/gone.css", "{tmp}/nothing-here", "this link leads outside static/"),
        ("static/nowhere.css", "{tool}/static/nothing-here", "this link leads to no file"),
        ("static/loop", "{tool}/static", "this link makes a loop: it leads to a folder holding it"),
        ("templates/leak.html", "{secret}", "this link leads outside templates/"),
    ],
)
def test_a_link_in_the_design_leading_out_is_refused_by_check_and_build(
    run: Run, tool: Path, tmp_path: Path, link: str, target: str, message: str
) -> None:
    out = tmp_path / "out"
    assert run("build", "--out", str(out)).returncode == 0
    before = digest(out)
    secret = outside_file(tmp_path)
    aim = target.format(secret=secret, outside=tmp_path, tmp=tmp_path, tool=tool)
    (tool / link).symlink_to(aim)
    for command in (["check"], ["build", "--out", str(out)]):
        result = run(*command)
        assert result.returncode == 1, result.stderr
        assert f"{link}:1:1: {message}" in result.stderr and "Traceback" not in result.stderr
        assert "hint: replace the link with the f" in result.stderr or "remove" in result.stderr
    assert digest(out) == before
    shutil.rmtree(out)
    assert run("build", "--out", str(out)).returncode == 1
    assert not out.exists()


def test_a_link_inside_static_to_its_own_file_is_kept(run: Run, tool: Path, tmp_path: Path) -> None:
    (tool / "static/same.css").symlink_to(tool / "static/style.css")
    out = tmp_path / "out"
    result = run("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "static/same.css").read_bytes() == (tool / "static/style.css").read_bytes()


def render_failure(folder: Path, templates: dict[str, str], **context: object) -> Exception:
    """Write `templates` into `folder`, render the first one; the exception it raised."""
    from factsite.render.pages import environment

    folder.mkdir()
    for name, text in templates.items():
        (folder / name).write_text(text, "utf-8")
    env = environment(folder)
    env.filters["fails_with"] = lambda value, exc: (_ for _ in ()).throw(exc)
    with pytest.raises(Exception) as caught:
        env.get_template(next(iter(templates))).render(**context)
    return caught.value


@pytest.mark.parametrize(
    ("templates", "file", "line"),
    [
        ({"a.html": "one\n{% macro f() %}\n{{ f() }}\n{% endmacro %}\n{{ f() }}\n"}, "a.html", 3),
        (
            {"a.html": "one\ntwo\n{% include 'b.html' %}\n", "b.html": "x\n{% include 'a.html' %}\n"},
            "b.html",
            2,
        ),
        ({"a.html": "{% extends 'a.html' %}\n"}, "a.html", 1),
    ],
)
def test_a_template_that_renders_itself_is_reported_where_it_loops_back(
    tmp_path: Path, templates: dict[str, str], file: str, line: int
) -> None:
    from factsite.render.design import render_error

    folder = tmp_path / "templates"
    exc = render_failure(folder, templates)
    assert isinstance(exc, RecursionError)
    error = render_error(exc, folder, tmp_path)
    assert error is not None
    assert (error.path, error.line, error.col) == (f"templates/{file}", line, 1)
    assert error.message == "template: this line renders itself without end (RecursionError)"


def test_an_error_raised_by_a_filter_is_the_templates_at_the_line_using_it(tmp_path: Path) -> None:
    from factsite.render.design import render_error

    folder = tmp_path / "templates"
    exc = render_failure(folder, {"a.html": "one\n{{ 'x'|fails_with(boom) }}\n"}, boom=KeyError("a\nb"))
    error = render_error(exc, folder, tmp_path)
    assert error is not None and (error.path, error.line) == ("templates/a.html", 2)
    assert error.message == "template: KeyError: 'a\\nb'"  # a value in the message is escaped


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), MemoryError()])
def test_a_failure_of_the_machine_during_rendering_stays_a_failure(
    tmp_path: Path, failure: Exception
) -> None:
    from factsite.render.design import render_error

    folder = tmp_path / "templates"
    exc = render_failure(folder, {"a.html": "{{ 'x'|fails_with(failure) }}\n"}, failure=failure)
    assert render_error(exc, folder, tmp_path) is None
    assert render_error(ValueError("not from a template"), folder, tmp_path) is None
