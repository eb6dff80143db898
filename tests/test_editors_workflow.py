"""The editors' workflow end to end, and the files that carry it: CI, pre-commit, CONTRIBUTING.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import tomllib
from pathlib import Path

import pytest
import yaml

from factsite.cli.main import main
from factsite.load.config import load_config
from factsite.load.schema import load_schema

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sysconfig.get_path("scripts"))
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text("utf-8")


def run(
    *args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def test_a_claim_added_with_new_is_checked_built_and_link_checked(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ["--root", str(site_root)]
    assert main([*root, "new", "river-bridge", "the repairs cost 2.5 million dollars"]) == 0
    path = site_root / "content/claims/river-bridge/repairs-cost-2-5-million-dollars.yaml"
    filled = (
        re.sub(r"^draft: true.*\n", "", path.read_text("utf-8"), flags=re.M)
        .replace('claim: ""', "claim: The repairs of the bridge cost $2.5 million.")
        .replace('claimant: ""', "claimant: {key: city-council, as_reported: true}")
        .replace('summary: ""', "summary: No record of the cost is cited.")
        .replace(
            'explanation: ""', "explanation: |\n  The city's accounts for the repairs would settle this."
        )
        .replace("topics: []", "topics: [transport]")
    )
    path.write_text(filled, "utf-8")
    assert main([*root, "check"]) == 0, capsys.readouterr().err
    out = site_root / "_site"
    assert main([*root, "build", "--out", str(out)]) == 0
    page = out / "claims/river-bridge/repairs-cost-2-5-million-dollars/index.html"
    assert "The repairs of the bridge cost $2.5 million." in page.read_text("utf-8")
    assert 'href="river-bridge/repairs-cost-2-5-million-dollars/index.html"' in (
        out / "claims/index.html"
    ).read_text("utf-8")
    assert main([*root, "linkcheck", "--out", str(out)]) == 0


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_are_valid_against_githubs_schema(workflow: Path) -> None:
    result = run(SCRIPTS / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_works_offline_and_catches_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", "utf-8")
    env = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    result = run(SCRIPTS / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", broken, env=env)
    assert result.returncode == 1
    assert "broken.yml" in result.stdout


def test_the_issue_form_is_valid() -> None:
    form = REPO / ".github/ISSUE_TEMPLATE/correction.yml"
    result = run(SCRIPTS / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", form)
    assert result.returncode == 0, result.stdout + result.stderr


def steps(workflow: str, skip: tuple[str, ...] = ()) -> list[str]:
    """The workflow's steps, job after job, but for the jobs named in `skip`."""
    data = yaml.safe_load((REPO / ".github/workflows" / workflow).read_text("utf-8"))
    jobs = [job for name, job in data["jobs"].items() if name not in skip]
    return [step.get("run") or step.get("uses") for job in jobs for step in job["steps"]]


def test_pull_requests_check_build_linkcheck_test_and_keep_the_site() -> None:
    data = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text("utf-8"))
    assert "pull_request" in data[True]  # PyYAML reads the key `on` as True
    runs = steps("ci.yml", skip=("changes",))  # test_changes.py runs that job's step
    order = [
        "make install",
        ".venv/bin/python build.py check --format github",
        ".venv/bin/python build.py build",
        "actions/upload-artifact@v4",
        ".venv/bin/python build.py linkcheck",
        "make test",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ]
    assert [r for r in runs if r in order] == order


def test_outside_links_are_checked_weekly_and_reported() -> None:
    data = yaml.safe_load((REPO / ".github/workflows/links.yml").read_text("utf-8"))
    assert data[True]["schedule"][0]["cron"].endswith("1")  # Mondays
    runs = "\n".join(steps("links.yml"))
    assert "build.py linkcheck --external --report linkcheck-report.md" in runs
    assert "gh issue create" in runs


def test_the_pre_commit_configuration_is_valid() -> None:
    result = run(SCRIPTS / "pre-commit", "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_hook_refuses_a_broken_claim(tmp_path: Path) -> None:
    """Runs the real hooks in a scratch repository: the project's files, the sample content."""
    repo = tmp_path / "repo"
    for name in ("factsite", "templates", "static", "tests/sample/content"):
        shutil.copytree(REPO / name, repo / ("content" if name.endswith("content") else name))
    for name in (
        "build.py",
        "Makefile",
        "requirements.txt",
        "requirements-dev.txt",
        ".pre-commit-config.yaml",
    ):
        shutil.copy2(REPO / name, repo / name)  # keeps the times, so make finds .venv up to date
    shutil.copy(REPO / "tests/sample/site.toml", repo / "site.toml")
    (repo / ".venv").symlink_to(Path(sysconfig.get_path("data")), target_is_directory=True)
    claim = repo / "content/claims/city-budget/roads-fell-again.yaml"
    claim.write_text(claim.read_text("utf-8").replace("status: unverified", "status: true-ish"), "utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": "/dev/null"}
    assert run("git", "init", "-q", cwd=repo).returncode == 0
    assert run("git", "add", "-A", cwd=repo).returncode == 0
    if not any((repo / ".venv").glob(".site-*")):
        pytest.skip("the virtual environment was not installed by make")  # pragma: no cover
    stamps = {p: p.stat().st_mtime for p in (repo / ".venv").glob(".site-*")}
    result = run(SCRIPTS / "pre-commit", "run", "--all-files", cwd=repo, env=env)
    assert result.returncode == 1, result.stdout
    assert {p: p.stat().st_mtime for p in stamps} == stamps, "make reinstalled the shared .venv"
    assert "content/claims/city-budget/roads-fell-again.yaml:7:9: unknown status 'true-ish'" in result.stdout


def toml_block(text: str) -> str:
    found = re.search(r"```toml\n(.*?)```", text, re.S)
    assert found
    return found.group(1)


def test_the_documented_settings_are_valid(site_root: Path) -> None:
    example = toml_block(CONTRIBUTING[CONTRIBUTING.index("## site.toml settings") :])
    top, _, tables = example.partition("[repository]")
    config_file = site_root / "site.toml"
    config_file.write_text(top + config_file.read_text("utf-8") + "\n[repository]" + tables, "utf-8")
    config, errors = load_config(config_file)
    assert errors == []
    assert config is not None and config.repository and config.contact
    documented = tomllib.loads(example)
    assert set(documented["repository"]) == set(load_schema("site")["properties"]["repository"]["properties"])
    assert set(documented["linkcheck"]) == set(load_schema("site")["properties"]["linkcheck"]["properties"])


def test_contributing_describes_every_claim_field_and_status() -> None:
    fields = set(load_schema("claim")["properties"])
    table = CONTRIBUTING[
        CONTRIBUTING.index("## The claim format") : CONTRIBUTING.index("## The rating scale")
    ]
    assert {f for f in fields if f"| `{f}` |" not in table} == set()
    evidence = set(load_schema("claim")["$defs"]["evidence"]["properties"])
    assert {f for f in evidence if f"`{f}`" not in table} == set()
    config, errors = load_config(REPO / "site.toml")
    assert config is not None, errors
    scale = CONTRIBUTING[CONTRIBUTING.index("## The rating scale") : CONTRIBUTING.index("## Editorial rules")]
    assert [s.id for s in config.statuses] == re.findall(r"^\| `([a-z-]+)` \|", scale, re.M)


@pytest.mark.parametrize("command", ["new", "linkcheck", "check"])
def test_every_editor_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: build.py" in capsys.readouterr().out
