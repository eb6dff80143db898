"""`python build.py` after an edit knows the last build's plan, as a warm builder does: it renders
the pages a warm builder renders, and never takes a plan that was not written for the one that was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from factsite import failures
from factsite.build.incremental import Builder
from factsite.cli import main as cli
from factsite.write import writer as write
from tests.test_incremental import CLAIM, clean_build, edit, files


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def rendered(capsys: pytest.CaptureFixture[str]) -> int:
    """How many pages the last `python build.py` said it rendered."""
    found = re.search(r"rendered (\d+) of", capsys.readouterr().out)
    assert found is not None
    return int(found[1])


@pytest.mark.parametrize(
    "old, new",
    [("status: unverified", "status: accurate"), ("summary: ", "summary: Now ")],
    ids=["rating", "summary"],
)
def test_an_edit_in_a_new_process_renders_what_a_warm_builder_renders(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(site_root, twin)
    warm = Builder(twin, tmp_path / "warm")
    warm.build()
    argv = ["--root", str(site_root), "build", "--out", str(tmp_path / "out")]
    assert cli.main(argv) == 0
    assert cli.main(argv) == 0  # the state of an incremental build, after that of a full one
    capsys.readouterr()
    edit(site_root, CLAIM, old, new)
    edit(twin, CLAIM, old, new)
    assert cli.main(argv) == 0
    assert rendered(capsys) == len(warm.build().rendered)
    assert files(tmp_path / "out") == clean_build(site_root, tmp_path / "clean")


def test_the_plan_of_a_build_that_failed_to_write_is_not_taken_for_the_written_one(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failed build planned the edit's pages, and its state is saved: the next process must
    still render them, as the site holds the pages of the plan before."""
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out)]
    assert cli.main(argv) == 0
    real = write._write_files

    def full_disk(staging: Path, pages: dict[str, bytes]) -> None:
        raise failures.Failure("the disk is full")

    monkeypatch.setattr(write, "_write_files", full_disk)
    edit(site_root, CLAIM, "status: unverified", "status: accurate")
    assert cli.main(argv) == 3
    monkeypatch.setattr(write, "_write_files", real)
    assert cli.main(argv) == 0
    assert files(out) == clean_build(site_root, tmp_path / "clean")
