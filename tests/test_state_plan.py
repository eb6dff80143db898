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
from tests.test_incremental_reuse import _own_frame, _retitle


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
    assert_new_process_renders_as_warm(site_root, tmp_path, capsys, old, new)


def assert_new_process_renders_as_warm(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    """The same edit made to the site and to a twin: `python build.py`, reading the state its last
    run saved, renders as many pages as a warm builder of the twin, and the site equals a clean build."""
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


@pytest.mark.parametrize("then", ["deleted", "edited"])
def test_a_claim_renamed_then_deleted_or_edited_in_new_processes_gives_the_clean_build(
    site_root: Path, tmp_path: Path, then: str
) -> None:
    """A list page planned again under the key it was written with keeps what it shows, not what
    it was read from: a later change to the renamed file must still reach it (red team, s5 F1)."""
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--out", str(out), "--no-search"]
    assert cli.main(argv) == 0
    renamed = (site_root / CLAIM).with_name("renamed.yaml")
    (site_root / CLAIM).rename(renamed)
    assert cli.main(argv) == 0
    if then == "deleted":
        renamed.unlink()
    else:
        text = renamed.read_text("utf-8")
        renamed.write_text(text.replace("status: unverified", "status: accurate"), "utf-8")
    assert cli.main(argv) == 0
    assert cli.main(argv) == 0
    expected = clean_build(site_root, tmp_path / "clean")
    assert {p: b for p, b in files(out).items() if not p.startswith("pagefind/")} == {
        p: b for p, b in expected.items() if not p.startswith("pagefind/")
    }


def test_a_sites_own_masthead_shows_an_edit_in_a_new_process(site_root: Path, tmp_path: Path) -> None:
    """A site's own `_masthead.html` showing the article's title, edited between two runs of
    `python build.py`: the pages, kept or rendered again, are those of a clean build (red team s6)."""
    _own_frame(site_root)
    out = tmp_path / "out"
    argv = ["--root", str(site_root), "build", "--no-search", "--out", str(out)]
    assert cli.main(argv) == 0
    _retitle(site_root)
    assert cli.main(argv) == 0
    twin = tmp_path / "twin"
    shutil.copytree(site_root, twin, ignore=shutil.ignore_patterns(".factsite-cache"))
    assert cli.main(["--root", str(twin), "build", "--no-search", "--out", str(tmp_path / "clean")]) == 0
    assert '<p class="crumb">Budget retitled</p>' in (out / "articles/city-budget/index.html").read_text(
        "utf-8"
    )
    assert files(out) == files(tmp_path / "clean")
