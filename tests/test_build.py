"""The command line: exit statuses, reproducible output, and a failed build that loses nothing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.cli.main import main
from tests.conftest import REPO

Write = Callable[[str, str], Path]


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_the_same_content_are_byte_identical(site_root: Path, tmp_path: Path) -> None:
    assert main(["--root", str(site_root), "build", "--out", str(tmp_path / "a")]) == 0
    assert main(["--root", str(site_root), "build", "--out", str(tmp_path / "b")]) == 0
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_a_rebuild_replaces_the_site(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    (site_root / "content/claims/city-budget/roads-fell-again.yaml").unlink()
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    assert not (out / "claims/city-budget/roads-fell-again").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".out.spare"]  # spare.py


def test_a_failed_build_leaves_the_last_site_untouched(
    site_root: Path, write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    before = digest(out)
    write("content/claims/city-budget/roads-fell-again.yaml", "status: [broken\n")
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 1
    assert digest(out) == before
    err = capsys.readouterr().err
    assert "content/claims/city-budget/roads-fell-again.yaml:1:9: invalid YAML" in err
    assert "nothing was built" in err
    assert [p.name for p in tmp_path.iterdir()] == ["out", "site"]


def test_check_exits_0_on_good_content_and_1_listing_every_error(
    site_root: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(site_root), "check"]) == 0
    assert "2 articles, 3 claims" in capsys.readouterr().out
    write("content/claims/city-budget/a.yaml", "claim: x\n")
    write("content/claims/river-bridge/b.yaml", "- not a mapping\n")
    assert main(["--root", str(site_root), "check"]) == 1
    err = capsys.readouterr().err
    assert "content/claims/city-budget/a.yaml:1:1: the file: missing required field 'passage'" in err
    assert "content/claims/river-bridge/b.yaml:1:1:" in err
    assert "Traceback" not in err
    assert not (site_root / "_site").exists()


def test_build_refuses_to_replace_a_folder_it_did_not_write(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    assert main(["--root", str(site_root), "build", "--out", str(precious)]) == 2
    assert (precious / "thesis.txt").read_text() == "years of work"
    assert "was not written by build.py" in capsys.readouterr().err


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["frobnicate"])
    assert exited.value.code == 2


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_build_py_runs_as_a_script(site_root: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(site_root), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")
