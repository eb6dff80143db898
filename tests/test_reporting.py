"""`check --format github`: errors as annotations, and all of them in the job summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.cli.reporting import format_error
from factsite.errors import ContentError

BAD_STATUS = "content/claims/city-budget/roads-fell-again.yaml"


def break_status(write: Callable[[str, str], Path], site_root: Path) -> None:
    text = (site_root / BAD_STATUS).read_text("utf-8")
    write(BAD_STATUS, text.replace("status: unverified", "status: unverifed"))


def test_the_default_format_is_path_line_col(
    site_root: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    break_status(write, site_root)
    assert main(["--root", str(site_root), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{BAD_STATUS}:7:9: unknown status 'unverifed'\n    hint: did you mean 'unverified'?" in err


def test_github_format_prints_annotations(
    site_root: Path, write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    break_status(write, site_root)
    assert main(["--root", str(site_root), "check", "--format", "github"]) == 1
    err = capsys.readouterr().err
    expected = (
        f"::error file={BAD_STATUS},line=7,col=9,title=Content error::"
        "unknown status 'unverifed'%0Adid you mean 'unverified'? "
        "The ratings in site.toml are: accurate, inaccurate, unverified"
    )
    assert expected in err.splitlines()


def test_inside_github_actions_the_format_is_chosen_by_itself(
    site_root: Path,
    write: Callable[[str, str], Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    break_status(write, site_root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["--root", str(site_root), "check"])
    assert f"::error file={BAD_STATUS},line=7" in capsys.readouterr().err
    main(["--root", str(site_root), "check", "--format", "text"])
    assert f"{BAD_STATUS}:7:9: unknown status" in capsys.readouterr().err


def test_annotation_paths_are_relative_to_the_workspace(tmp_path: Path) -> None:
    error = ContentError("content/x.yaml", 3, 1, "a: b, c%")
    environ = {"GITHUB_WORKSPACE": str(tmp_path)}
    line = format_error(error, "github", tmp_path / "site", environ)
    assert line == "::error file=site/content/x.yaml,line=3,col=1,title=Content error::a: b, c%25"


def test_every_error_goes_to_the_job_summary(
    site_root: Path, write: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = (site_root / BAD_STATUS).read_text("utf-8").replace("status: unverified", "status: wrong")
    for n in range(12):  # more than the 10 annotations GitHub shows a step
        write(f"content/claims/city-budget/copy-{n:02}.yaml", claim)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    main(["--root", str(site_root), "check", "--format", "github"])
    rows = [line for line in summary.read_text("utf-8").splitlines() if line.startswith("| `content/")]
    assert len(rows) == 12
    assert rows[0] == (
        "| `content/claims/city-budget/copy-00.yaml` | 7:9 | unknown status 'wrong' | "
        "The ratings in site.toml are: accurate, inaccurate, unverified |"
    )
