"""The output and what the command line is given, as an attacker or a clumsy hand leaves them: paths
too long for the system, links and hand edits in the built site and its spare, a changed
SOURCE_DATE_EPOCH, a bogus journal in a mount point, a folder where the lock goes. Each is a clear
message or a build that puts the site right, never a traceback nor a stale or foreign file published."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from factsite.build.version import LIBRARIES
from factsite.cli.main import main
from factsite.write import swap
from tests.sitekit import tree
from tests.test_atomic import build, toggle

LONG = "o" * 256
TYPES_ONLY = {"typing-extensions"}  # back-ports of type hints: no output depends on them


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


# --- paths the system refuses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--out", "/tmp/" + LONG],
        ["build", "--out", "/tmp/" + "/".join(["p" * 200] * 21)],  # each name fits, the whole does not
    ],
)
def test_an_output_path_too_long_is_a_usage_error_naming_it(
    site_root: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(["--root", str(site_root), *argv]) == 2
    err = one_error_line(capsys)
    assert f"--out {argv[2]}" in err and re.search(r"longer than the \d+ bytes", err)


@pytest.mark.parametrize("command", [["build"], ["check"], ["coverage"], ["serve"], ["linkcheck"]])
def test_a_root_too_long_is_a_usage_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    root = tmp_path / LONG
    assert main(["--root", str(root), *command]) == 2
    err = one_error_line(capsys)
    assert f"--root {root}:" in err and f"the name '{LONG}' is 256 bytes long, longer than the 255" in err


def test_a_link_check_report_path_too_long_is_a_usage_error(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(site_root), "linkcheck", "--report", f"/tmp/{LONG}"]) == 2
    assert "--report /tmp/" in one_error_line(capsys)


# --- small usage errors ------------------------------------------------------------------------------------


def test_a_root_that_is_a_file_says_so(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(site_root / "site.toml"), "check"]) == 2
    assert "site.toml is a file, not a folder" in one_error_line(capsys)


def test_a_site_toml_link_to_nothing_outside_says_it_leads_to_no_file(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_root / "site.toml").unlink()
    (site_root / "site.toml").symlink_to(tmp_path / "gone" / "site.toml")
    assert main(["--root", str(site_root), "check"]) == 2
    err = one_error_line(capsys)
    assert "site.toml: this link leads to no file" in err and "outside" not in err


def test_a_folder_in_place_of_the_lock_is_a_clear_message(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "._site.lock").mkdir()
    assert build(site_root, tmp_path / "_site") == 2
    assert "._site.lock is a folder, where a build keeps its lock file; remove it" in one_error_line(capsys)


def test_every_library_an_output_library_needs_is_in_the_tool_version() -> None:
    """A library that a listed one needs (mdurl for markdown-it-py, markupsafe for Jinja) can change
    the output too: its version is part of what a saved build is bound to."""
    listed = {name.lower().replace("_", "-") for name in LIBRARIES}
    for name in LIBRARIES:
        for text in importlib.metadata.requires(name) or []:
            need = Requirement(text)
            if need.marker is None or need.marker.evaluate({"extra": ""}):
                needed = need.name.lower().replace("_", "-")
                assert needed in listed | TYPES_ONLY, f"{name} needs {need.name}"
    assert "mdurl" in listed


# --- SOURCE_DATE_EPOCH ----------------------------------------------------------------------------------


def test_a_changed_source_date_epoch_rebuilds_every_time(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert build(site_root, out) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    capsys.readouterr()
    assert build(site_root, out) == 0
    assert "up to date" not in capsys.readouterr().out
    toggle(site_root)
    assert build(site_root, out) == 0
    times = {p.lstat().st_mtime for p in out.rglob("*") if p.name != ".factsite-build"}
    assert times == {1700000000}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    capsys.readouterr()
    assert build(site_root, out) == 0
    assert "up to date" not in capsys.readouterr().out
    assert 1700000000 not in {p.lstat().st_mtime for p in out.rglob("*.html")}


# --- the journal of a mount point ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "journal",
    [
        "not json at all",
        json.dumps({"staging": ".factsite-staging-k1ll3d_x", "plan": [["index.html", None]]}),  # not there
        json.dumps({"staging": "../../etc", "plan": []}),
        json.dumps({"staging": ".factsite-staging-abcdefgh", "plan": [["../../victim", None]]}),
        json.dumps({"staging": ".factsite-staging-abcdefgh", "plan": [["/etc", 1]]}),
        json.dumps({"staging": ".factsite-staging-abcdefgh", "plan": [[".factsite-lock", None]]}),
        json.dumps({"staging": ".factsite-staging-abcdefgh", "plan": [["index.html", "7"]]}),
        json.dumps({"staging": ".factsite-staging-abcdefgh", "plan": "index.html"}),
    ],
)
def test_a_bogus_journal_in_a_mount_point_is_set_aside_with_a_note(
    site_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    journal: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(swap, "is_mount_point", lambda path: path == out)
    assert build(site_root, out) == 0
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (out / ".factsite-staging-abcdefgh").mkdir()  # a staging folder, in case the journal names one
    (out / swap.JOURNAL).write_text(journal)
    capsys.readouterr()
    assert build(site_root, out) == 0
    err = capsys.readouterr().err
    assert f"note: {out / swap.JOURNAL}" in err and "removed, not followed" in err
    assert "Traceback" not in err and victim.read_text() == "keep me"
    assert not os.path.lexists(out / swap.JOURNAL)
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")


def test_a_journal_that_is_a_folder_is_set_aside(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(swap, "is_mount_point", lambda path: path == out)
    assert build(site_root, out) == 0
    (out / swap.JOURNAL).mkdir()
    assert build(site_root, out) == 0
    assert "removed, not followed" in capsys.readouterr().err
    assert stat.S_ISDIR(os.lstat(out).st_mode) and not os.path.lexists(out / swap.JOURNAL)


# --- links and hand edits in the built site, and in the spare -------------------------------------------


def modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): stat.S_IMODE(p.lstat().st_mode) for p in folder.rglob("*")}


def same_as_clean(site_root: Path, out: Path, tmp_path: Path) -> None:
    """`out` holds what a clean build of the same content holds: the same files, plain files and
    folders only (no link), with the same modes."""
    clean = tmp_path / "clean"
    swap.remove(clean)
    assert build(site_root, clean) == 0
    assert tree(out) == tree(clean)
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    assert modes(out) == modes(clean)


def keep_times(path: Path, edit: Callable[[], None]) -> None:
    """Do `edit` to `path`, then give it back its size's worth of bytes and its times."""
    before = path.lstat()
    edit()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns), follow_symlinks=False)
    assert path.lstat().st_size == before.st_size and path.lstat().st_mtime_ns == before.st_mtime_ns


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] ^= 0x20
    path.write_bytes(bytes(data))


def test_a_file_link_with_the_same_bytes_is_replaced_by_the_file(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    planted = tmp_path / "planted.html"
    planted.write_bytes((out / "index.html").read_bytes())
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(planted)
    assert build(site_root, out) == 0
    assert not (out / "index.html").is_symlink()
    same_as_clean(site_root, out, tmp_path)


def test_a_folder_link_in_the_site_is_noticed_and_replaced_never_written_through(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "vt"
    assert build(site_root, out) == 0
    shutil.copytree(out / "topics", elsewhere)
    planted = tree(elsewhere)
    shutil.rmtree(out / "topics")
    (out / "topics").symlink_to(elsewhere)
    capsys.readouterr()
    assert build(site_root, out) == 0
    assert "up to date" not in capsys.readouterr().out
    assert not (out / "topics").is_symlink()
    same_as_clean(site_root, out, tmp_path)
    toggle(site_root)  # a change to the topic pages: written into the site, not into the folder linked
    assert build(site_root, out) == 0
    assert tree(elsewhere) == planted
    same_as_clean(site_root, out, tmp_path)


@pytest.mark.parametrize("how", ["in place", "a new file"])
def test_a_hand_edit_that_keeps_size_and_mtime_is_undone(site_root: Path, tmp_path: Path, how: str) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    page = out / "methodology" / "index.html"

    def edit() -> None:
        if how == "a new file":
            data = page.read_bytes()
            page.unlink()
            page.write_bytes(data)
        flip_a_byte(page)

    keep_times(page, edit)
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)


def test_mode_changes_are_noticed_and_undone(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    (out / "index.html").chmod(0o600)
    (out / "robots.txt").chmod(0o000)
    (out / "topics").chmod(0o555)
    (out / "claims").chmod(0o500)
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)
    toggle(site_root)  # the site with those folders is the spare now: it is made the next site
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)


def test_a_folder_moved_away_and_linked_back_is_noticed(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "moved"
    assert build(site_root, out) == 0
    (out / "topics").rename(elsewhere)  # the very files, as written: only the folder is a link now
    (out / "topics").symlink_to(elsewhere)
    capsys.readouterr()
    assert build(site_root, out) == 0
    assert "up to date" not in capsys.readouterr().out
    same_as_clean(site_root, out, tmp_path)


def test_a_folder_made_read_only_is_made_anew_by_the_next_build_that_writes(
    site_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    (out / "topics").chmod(0o555)  # the pages in it are as written: a build with nothing to do is right
    assert build(site_root, out) == 0
    toggle(site_root)
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)


def spare_built(site_root: Path, out: Path) -> Path:
    """Build three times, so that the output has a spare site beside it (spare.py)."""
    assert build(site_root, out) == 0
    for _ in range(2):
        toggle(site_root)
        assert build(site_root, out) == 0
    spare = out.parent / f".{out.name}.spare"
    assert spare.is_dir()
    return spare


@pytest.mark.parametrize("how", ["in place", "a new file", "chmod"])
def test_a_spare_file_changed_by_hand_keeping_size_and_mtime_is_not_published(
    site_root: Path, tmp_path: Path, how: str
) -> None:
    out = tmp_path / "out"
    spare = spare_built(site_root, out)
    page = spare / "methodology" / "index.html"  # the same in every build: a link to the output's

    def edit() -> None:
        if how == "chmod":
            page.chmod(0o600)
            return
        if how == "a new file":
            data = page.read_bytes()
            page.unlink()
            page.write_bytes(data)
        flip_a_byte(page)

    keep_times(page, edit)
    toggle(site_root)
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)
    toggle(site_root)  # and the site before, kept as the spare, is put right when it is used
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)


def test_links_and_folders_planted_in_the_spare_are_not_published(site_root: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "vt"
    spare = spare_built(site_root, out)
    shutil.copytree(spare / "topics", elsewhere)
    shutil.rmtree(spare / "topics")
    (spare / "topics").symlink_to(elsewhere)
    (spare / "claims").chmod(0o555)
    (spare / "articles" / "city-budget").chmod(0o000)
    (spare / "articles").chmod(0o500)
    toggle(site_root)
    assert build(site_root, out) == 0
    same_as_clean(site_root, out, tmp_path)


def test_many_incremental_builds_keep_recognising_their_own_files(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hard links change a file's ctime: the manifest follows, so no build rewrites what it kept."""
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    counts = set()
    for _ in range(4):
        toggle(site_root)
        assert build(site_root, out) == 0
        counts.add(re.findall(r"rendered \d+ of \d+ pages, wrote \d+", capsys.readouterr().out)[0])
        assert build(site_root, out) == 0
        assert "up to date" in capsys.readouterr().out
    assert (
        len(counts) == 1
    )  # each build renders and writes the same few pages: no file kept is taken for changed
    same_as_clean(site_root, out, tmp_path)


def test_an_output_name_too_long_for_the_folders_beside_it_is_a_usage_error(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each name fits, but `.NAME.staging-XXXXXXXX`, made beside the output, would not."""
    out = tmp_path / ("q" * 245)
    assert build(site_root, out) == 2
    err = one_error_line(capsys)
    assert f"--out {out}: its name is 245 bytes long" in err and "237 bytes long at most" in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".q")]
