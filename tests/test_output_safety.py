"""The output and what the command line is given, as an attacker or a clumsy hand leaves them: paths
too long for the system, links and hand edits in the built site and its spare, a changed
SOURCE_DATE_EPOCH, a bogus journal in a mount point, a folder where the lock goes. Each is a clear
message or a build that puts the site right, never a traceback nor a stale or foreign file published."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import stat
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from factsite.build.version import LIBRARIES
from factsite.cli.main import main
from factsite.write import swap
from tests.test_atomic import build, toggle, tree

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


def test_a_site_toml_link_to_nothing_says_it_leads_nowhere(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_root / "site.toml").unlink()
    (site_root / "site.toml").symlink_to(tmp_path / "gone" / "site.toml")
    assert main(["--root", str(site_root), "check"]) == 2
    err = one_error_line(capsys)
    assert "is a link that leads nowhere" in err and "outside" not in err


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
