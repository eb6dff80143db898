"""`build.py changes BASE`: what a pull request does to the published verdicts, against a throw-away
git repository holding the sample site (one commit, a change, then `changes`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from factsite.cli.changes_text import MARKER, comment, text
from factsite.cli.main import main

REPO = Path(__file__).resolve().parent.parent
BASE_DAY = "2024-05-01"  # the date of the base commit: corrections are dated on or after it
CLAIMS = "content/claims"
ROADS = f"{CLAIMS}/city-budget/roads-fell-again.yaml"
BRIDGE = f"{CLAIMS}/river-bridge/ninety-days.yaml"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": f"{BASE_DAY}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{BASE_DAY}T12:00:00+00:00",
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(site_root: Path) -> Path:
    """The sample site, committed once on branch main."""
    git(site_root, "init", "-q", "-b", "main")
    git(site_root, "add", "-A")
    git(site_root, "commit", "-q", "-m", "The sample site")
    return site_root


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    content = file.read_text("utf-8")
    assert old in content
    file.write_text(content.replace(old, new, 1), "utf-8")


def changes(repo: Path, capsys: pytest.CaptureFixture[str], base: str = "HEAD") -> tuple[int, str, str]:
    code = main(["--root", str(repo), "changes", base])
    out, err = capsys.readouterr()
    return code, out, err


def test_nothing_changed_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert out.startswith(MARKER)
    assert "No published verdict changes." in out
    assert "**Coverage** of check-worthy sentences:" in out


def test_a_rating_changed_without_an_update_fails_naming_file_line_and_column(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ROADS, "status: unverified", "status: inaccurate")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert f"{ROADS}:7:1: the published rating changed (unverified → inaccurate)" in err
    assert f"dated from {BASE_DAY} to " in err
    assert "### Ratings changed (1)" in out
    assert (
        "**Unverified → Inaccurate**: [Spending on roads fell again in 2024\\." not in out
    )  # no escaped dot
    assert (
        "**Unverified → Inaccurate**: [Spending on roads fell again in 2024.]"
        "(https://checks.example.org/sub/claims/city-budget/roads-fell-again/)" in out
    )
    assert "Corrections missing: this check fails" in out


def test_a_rating_change_with_a_dated_update_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, ROADS, "status: unverified", "status: inaccurate")
    with (repo / ROADS).open("a", encoding="utf-8") as file:
        file.write("updates:\n  - date: 2024-05-02\n    note: Rated inaccurate after the 2024 tables.\n")
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "**Unverified → Inaccurate**" in out
    assert "<br>logged 2024-05-02: Rated inaccurate after the 2024 tables." in out
    assert "Corrections missing" not in out


def test_an_update_dated_before_the_change_does_not_count(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ROADS, "status: unverified", "status: inaccurate")
    with (repo / ROADS).open("a", encoding="utf-8") as file:
        file.write("updates:\n  - date: 2024-04-30\n    note: Backdated.\n")
    code, _, err = changes(repo, capsys)
    assert code == 1
    assert f"{ROADS}:7:1:" in err


def test_a_summary_change_needs_an_update_too(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, ROADS, "summary: No record", "summary: Still no record")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert f"{ROADS}:8:1: the published summary changed" in err
    assert "### Summaries changed (1)" in out
    assert "was: No record of the 2024 road budget is cited." in out
    assert "now: Still no record of the 2024 road budget is cited." in out


def test_evidence_changes_are_listed_without_needing_an_update(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ROADS, "evidence: []", "evidence:\n  - title: Budget tables 2024\n    publisher: City Council")
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Evidence changed (1)" in out
    assert ": added Budget tables 2024" in out
    assert "`city-budget/roads-fell-again`" in out


def test_a_draft_then_its_publication(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo), "new", "river-bridge", "the repairs cost 2.5 million dollars"]) == 0
    path = f"{CLAIMS}/river-bridge/repairs-cost-2-5-million-dollars.yaml"
    capsys.readouterr()
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Still in draft (not published) (1)" in out
    assert f"`{path}`" in out
    assert "### Published" not in out
    fill(repo, path)
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Published (1)" in out
    assert "[The repairs cost $2\\.5 million\\.]" not in out
    assert "[The repairs cost $2.5 million.](https://checks.example.org/sub/claims/river-bridge/" in out
    assert "newly published with no `reviewed_by`" in out  # flagged, not failed


def fill(repo: Path, path: str, people: str = "") -> None:
    file = repo / path
    filled = (
        re.sub(r"^draft: true.*\n", "", file.read_text("utf-8"), flags=re.M)
        .replace('claim: ""', "claim: The repairs cost $2.5 million.")
        .replace('claimant: ""', "claimant: {key: city-council, as_reported: true}")
        .replace('summary: ""', "summary: No record of the cost is cited.")
        .replace('explanation: ""', "explanation: The city's accounts would settle this.")
    )
    file.write_text(filled + people, "utf-8")


def test_a_claim_whose_reviewer_is_its_checker_is_flagged(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (repo / "site.toml").open("a", encoding="utf-8") as file:
        file.write('\n[people.ana]\nname = "Ana Example"\nrole = "Fact-checker"\n')
    assert main(["--root", str(repo), "new", "river-bridge", "the repairs cost 2.5 million dollars"]) == 0
    fill(
        repo,
        f"{CLAIMS}/river-bridge/repairs-cost-2-5-million-dollars.yaml",
        "checked_by: ana\nreviewed_by: ana\n",
    )
    code, out, _ = changes(repo, capsys)
    assert code == 0, out
    assert "its reviewer is its checker (`ana`)" in out


def test_a_withdrawal_is_listed_with_its_note(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (repo / BRIDGE).open("a", encoding="utf-8") as file:
        file.write("withdrawn:\n  date: 2024-05-03\n  note: Not a checkable claim.\n")
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Withdrawn (1)" in out
    assert "Not a checkable claim\\." not in out and "Not a checkable claim." in out


def test_deleting_a_published_claim_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / BRIDGE).unlink()
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert f"{BRIDGE}:1:1: a published claim's file was deleted" in err
    assert "add `withdrawn:`" in err
    assert "### Withdrawn (1)" in out


def test_an_added_article_and_coverage_before_and_after(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "content/articles/ferry-route.md").write_text(
        '---\ntitle: "Ferry route"\n---\n\nThe ferry carried 12,000 people in 2023.\n', "utf-8"
    )
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Articles added (1)" in out and "`ferry-route`" in out
    before, after = re.search(r"sentences: ([\d.]+)% → ([\d.]+)%", out).groups()  # type: ignore[union-attr]
    assert float(after) < float(before)


def test_a_revision_that_is_not_there_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = changes(repo, capsys, "no-such-branch")
    assert code == 2
    assert "'no-such-branch' is not a revision of this repository" in err


def test_content_cannot_write_markdown_into_the_summary() -> None:
    assert text("[x](javascript:alert(1)) <img src=x> *b* | `c`") == (
        "\\[x\\](javascript:alert(1)) \\<img src=x\\> \\*b\\* \\| \\`c\\`"
    )


def test_the_pull_request_workflow_runs_changes_and_it_works_here(repo: Path, tmp_path: Path) -> None:
    """The CI step, as written in ci.yml, run in the throw-away repository against origin/main."""
    job = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text("utf-8"))["jobs"]["changes"]
    assert job["permissions"]["pull-requests"] == "write"
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    step = next(s for s in job["steps"] if s.get("id") == "changes")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    edit(repo, ROADS, "status: unverified", "status: inaccurate")
    command = step["run"].replace(
        ".venv/bin/python build.py", f"{sys.executable} {REPO / 'build.py'} --root ."
    )
    summary = tmp_path / "summary.md"
    env = {**os.environ, "BASE": step["env"]["BASE"].replace("${{ github.base_ref }}", "main")}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true", "PYTHONPATH": str(REPO)}
    done = subprocess.run(["bash", "-e", "-c", command], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert f"::error file={ROADS},line=7,col=1" in done.stderr
    comment = (repo / "changes.md").read_text("utf-8")
    assert comment.startswith(MARKER) and "**Unverified → Inaccurate**" in comment
    assert summary.read_text("utf-8").startswith(comment)
    posting = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/github-script"))
    assert MARKER in posting["with"]["script"] and "updateComment" in posting["with"]["script"]


def test_links_in_the_base_revision_are_skipped_and_only_the_site_is_read(
    tmp_path: Path, site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    top = tmp_path / "top"
    top.mkdir()
    site = top / "desk"
    site_root.rename(site)
    (site / "node_modules").symlink_to("/nonexistent/node_modules")  # an absolute link, as a worktree has
    (top / "README.md").write_text("Not the site.\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "A repository with a link and the site in a subfolder")
    edit(site, ROADS, "status: unverified", "status: inaccurate")
    code, out, err = changes(site, capsys)
    assert code == 1, err
    assert "### Ratings changed (1)" in out
    assert "AbsoluteLinkError" not in err


UPDATE = "updates:\n  - date: 2024-05-02\n    note: Corrected.\n"


def append(repo: Path, path: str, text: str) -> None:
    with (repo / path).open("a", encoding="utf-8") as file:
        file.write(text)


def test_the_claim_text_changed_needs_an_update(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, ROADS, "claim: ", "claim: Indeed, ")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert "the published claim, claimant or passage changed" in err
    assert "### Claim, claimant or passage changed (1)" in out and "claim was:" in out
    append(repo, ROADS, UPDATE)
    assert changes(repo, capsys)[0] == 0


def test_explanation_and_checked_date_are_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = (repo / ROADS).read_text("utf-8")
    day = re.search(r"checked_on: (\S+)", content)
    assert day is not None
    edit(repo, ROADS, f"checked_on: {day.group(1)}", "checked_on: 2024-05-01")
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "### Explanation or checked date changed (1)" in out
    assert f"checked on {day.group(1).strip(chr(39))} → 2024-05-01" in out


def test_a_relabelled_rating_is_a_rating_change_and_a_renamed_id_is_not(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "site.toml", 'label = "Unverified"', 'label = "Unproven"')
    code, out, err = changes(repo, capsys)
    assert code == 1, out
    assert "**Unverified → Unproven**" in out
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=repo, check=True)
    edit(repo, "site.toml", 'id = "unverified"', 'id = "not-verified"')
    for path in repo.glob(f"{CLAIMS}/**/*.yaml"):
        path.write_text(
            path.read_text("utf-8").replace("status: unverified", "status: not-verified"), "utf-8"
        )
    code, out, err = changes(repo, capsys)
    assert code == 0, err
    assert "Ratings changed" not in out


def test_publishing_a_withdrawn_claim_again_needs_an_update(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    append(repo, BRIDGE, "withdrawn:\n  date: 2024-04-20\n  note: Not a checkable claim.\n")
    git(repo, "commit", "-q", "-am", "Withdrawn")
    edit(repo, BRIDGE, "withdrawn:\n  date: 2024-04-20\n  note: Not a checkable claim.\n", "")
    status = re.search(r"^status: (\S+)", (repo / BRIDGE).read_text("utf-8"), re.M)
    assert status is not None and status.group(1) != "accurate"
    edit(repo, BRIDGE, f"status: {status.group(1)}", "status: accurate")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert re.search(rf"{BRIDGE}:\d+:1: a withdrawn verdict is published again, but `updates:` has", err)
    assert "### Published again after a withdrawal (1)" in out
    assert "its withdrawal is reversed, rated **" in out and "→ Accurate**" in out
    append(repo, BRIDGE, UPDATE.replace("2024-05-02", "2024-06-10"))  # after its checked_on
    code, out, err = changes(repo, capsys)
    assert code == 0, err


def test_a_rewritten_or_deleted_withdrawal_notice(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(repo, BRIDGE, "withdrawn:\n  date: 2024-04-20\n  note: Not a checkable claim.\n")
    git(repo, "commit", "-q", "-am", "Withdrawn")
    edit(repo, BRIDGE, "Not a checkable claim.", "Another reason.")
    code, out, _ = changes(repo, capsys)
    assert "### Withdrawal notices changed (1)" in out and "now: 2024-04-20: Another reason." in out
    (repo / BRIDGE).unlink()
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert f"{BRIDGE}:1:1: a withdrawn claim's file was deleted" in err


def test_the_corrections_log_is_append_only(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    append(repo, ROADS, UPDATE)
    git(repo, "commit", "-q", "-am", "Logged")
    edit(repo, ROADS, "date: 2024-05-02", "date: 2024-05-03")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert "No published verdict changes." not in out  # not above a failing section
    assert "was changed, re-dated or removed" in err and re.search(rf"{ROADS}:\d+:\d+:", err)
    edit(repo, ROADS, UPDATE.replace("05-02", "05-03"), "")
    code, _, err = changes(repo, capsys)
    assert code == 1 and "was changed, re-dated or removed" in err


def test_a_correction_dated_in_the_future_does_not_count(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ROADS, "status: unverified", "status: inaccurate")
    append(repo, ROADS, UPDATE.replace("2024-05-02", "2999-01-01"))
    code, _, err = changes(repo, capsys)
    assert code == 1
    assert "in the future" in err and "has no new entry" in err


def test_a_tree_that_does_not_load_still_gets_a_short_comment(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, ROADS, "status: unverified", "status: [unverified")
    code, out, err = changes(repo, capsys)
    assert code == 1
    assert out.startswith(MARKER) and "The site does not load: 1 error(s)." in out
    assert f"{ROADS}:" in err


def test_the_comment_fits_githubs_limit_and_says_what_it_left_out() -> None:
    summary = "\n".join(
        [MARKER, "### Published (5000)", "", *(f"- item {i:05} " + "x" * 40 for i in range(5000))]
    )
    body = comment(summary)
    assert len(body) < 65_536 < len(summary)
    left = 5000 - sum(1 for line in body.splitlines() if line.startswith("- item"))
    assert f"**{left} more item(s) left out**" in body and "job summary" in body
    assert comment("short\n") == "short\n"


def test_mentions_in_content_notify_no_one(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rendered = MarkdownIt().render(text("Ask @alice and @org/team, not mail@example.org"))
    assert "@alice" not in rendered and "@org" not in rendered
    edit(repo, ROADS, "claim: ", "claim: Per @mayor, ")
    append(repo, ROADS, UPDATE)
    code, out, _ = changes(repo, capsys)
    assert code == 0
    assert "Per @\u2060mayor" in out and "@mayor" not in MarkdownIt().render(out)


def test_the_workflow_posts_no_empty_comment() -> None:
    job = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text("utf-8"))["jobs"]["changes"]
    posting = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/github-script"))
    script = posting["with"]["script"]
    assert script.index("if (!body.trim())") < script.index("createComment")
