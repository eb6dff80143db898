"""One rule for every folder the tool reads: a link that loops, leads to no file or leads out, and a
pipe, device or socket, are each a content error at `path:1:1` with a hint, exit 1, in every folder:
content/articles, content/claims and its article folders, content/pages, content/claimants, static/
and templates/. Never an internal error, never a file skipped in silence."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.incremental import Builder
from factsite.build.loadcache import ContentCache
from factsite.build.scan import CONTENT_TOPS, scan
from factsite.cli.main import main
from factsite.cli.serve import BuildWatcher, OverlayHandler
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.render.design import design_errors
from factsite.render.pages import STATIC, TEMPLATES

Make = Callable[[Path, Path], list[str]]  # make the entry at a path; the names it reports


def loop_to_itself(path: Path, outside: Path) -> list[str]:
    path.symlink_to(path.name)
    return [path.name]


def loop_of_two(path: Path, outside: Path) -> list[str]:
    other = path.with_name(f"other-{path.name}")
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    return [other.name, path.name]


def dangling(path: Path, outside: Path) -> list[str]:
    path.symlink_to(f"nowhere-{path.name}")
    return [path.name]


def to_a_folder_holding_it(path: Path, outside: Path) -> list[str]:
    path.symlink_to(".", target_is_directory=True)
    return [path.name]


def leading_outside(path: Path, outside: Path) -> list[str]:
    path.symlink_to(outside)
    return [path.name]


def fifo(path: Path, outside: Path) -> list[str]:
    os.mkfifo(path)
    return [path.name]


def device(path: Path, outside: Path) -> list[str]:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: reading it never ends
    except PermissionError:
        pytest.skip("making a device file needs root")
    return [path.name]


def unix_socket(path: Path, outside: Path) -> list[str]:
    here = Path.cwd()
    os.chdir(path.parent)  # a socket's address is limited to about 100 bytes: bind it by its name
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(path.name)
    finally:
        os.chdir(here)
    return [path.name]


KINDS: dict[str, tuple[Make, str]] = {
    "loop": (loop_to_itself, "this link makes a loop"),
    "loop of two links": (loop_of_two, "this link makes a loop"),
    "link to no file": (dangling, "this link leads to no file"),
    "link to a folder holding it": (
        to_a_folder_holding_it,
        "this link makes a loop: it leads to a folder holding it",
    ),
    "link leading outside": (leading_outside, "this link leads outside {top}/"),
    "named pipe": (fifo, "this is a named pipe (FIFO), not a plain file or folder"),
    "device": (device, "this is a device, not a plain file or folder"),
    "socket": (unix_socket, "this is a socket, not a plain file or folder"),
}
KIND_HINTS = {
    "loop": "replace the link with the file itself, or remove it",
    "link to no file": "replace the link with the file itself, or remove it",
    "named pipe": "remove it, or put a plain file in its place: only plain files and folders are read",
    "socket": "remove it, or put a plain file in its place: only plain files and folders are read",
}
CONTENT_FOLDERS = {
    "content/articles": "x.md",
    "content/claims": "x",
    "content/claims/city-budget": "x.yaml",
    "content/pages": "x.md",
    "content/claimants": "x.yaml",
}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("claim: a file from outside the site\n", "utf-8")
    return secret


def errors_of(root: Path) -> tuple[ContentError, ...]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return caught.value.errors


def incremental_errors_of(root: Path) -> tuple[ContentError, ...]:
    """The errors of the incremental loader that build and serve use (loadcache.py)."""
    with pytest.raises(ContentErrors) as caught:
        ContentCache(root).load(scan(root, CONTENT_TOPS))
    return caught.value.errors


def assert_reported(errors: tuple[ContentError, ...], paths: list[str], message: str) -> None:
    assert sorted(e.path for e in errors) == sorted(paths), [str(e) for e in errors]
    for error in errors:
        assert (error.line, error.col, error.message) == (1, 1, message)
        assert error.hint


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("folder", CONTENT_FOLDERS)
def test_an_entry_of_a_content_folder_that_cannot_be_read_is_an_error_at_it(
    site_root: Path, outside: Path, folder: str, kind: str
) -> None:
    make, message = KINDS[kind]
    names = make(site_root / folder / CONTENT_FOLDERS[folder], outside)
    errors = errors_of(site_root)
    assert_reported(errors, [f"{folder}/{n}" for n in names], message.format(top="content"))
    assert incremental_errors_of(site_root) == errors


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("folder", [*CONTENT_FOLDERS, "content"])
def test_a_content_folder_that_cannot_be_read_is_an_error_at_it(
    site_root: Path, outside: Path, folder: str, kind: str
) -> None:
    make, message = KINDS[kind]
    if kind == "link leading outside" and folder == "content":
        message = "this should be a folder"  # content/ may be a link to a folder anywhere, not to a file
    shutil.rmtree(site_root / folder)
    names = make(site_root / folder, outside)
    parent = folder.rpartition("/")[0]
    read = [f"{parent}/{n}" for n in names] if parent in CONTENT_FOLDERS else [folder]  # content/ is not
    errors = errors_of(site_root)
    assert_reported(errors, read, message.format(top="content"))
    assert incremental_errors_of(site_root) == errors


@pytest.mark.parametrize("kind", ["loop", "link to no file", "named pipe", "socket"])
def test_check_and_build_exit_1_never_3(
    site_root: Path, outside: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = KINDS[kind]
    make(site_root / "content/articles/x.md", outside)
    out = site_root.parent / "out"
    for command in (["check"], ["build", "--out", str(out)]):
        assert main(["--root", str(site_root), *command]) == 1
        err = capsys.readouterr().err
        assert f"content/articles/x.md:1:1: {message}\n    hint: " in err
        assert "internal error" not in err and "Traceback" not in err
    assert not out.exists()
    assert not (site_root / ".factsite-error.log").exists()


@pytest.fixture
def design(tmp_path: Path) -> Path:
    """A copy of the tool's templates/ and static/, safe to break."""
    copy = tmp_path / "tool"
    shutil.copytree(TEMPLATES, copy / "templates")
    shutil.copytree(STATIC, copy / "static")
    return copy


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("folder", "name"), [("static", "x.css"), ("templates", "x.html")])
def test_an_entry_of_the_design_that_cannot_be_read_is_an_error_in_check_and_build(
    site_root: Path, design: Path, outside: Path, folder: str, name: str, kind: str
) -> None:
    make, message = KINDS[kind]
    names = make(design / folder / name, outside)
    expected = sorted(f"{folder}/{n}" for n in names)
    templates, static = design / "templates", design / "static"
    errors = design_errors(templates, static, site_root)
    assert_reported(tuple(errors), expected, message.format(top=folder))
    builder = Builder(site_root, site_root.parent / "out", templates, static)
    with pytest.raises(ContentErrors) as caught:
        builder.build()
    assert caught.value.errors == tuple(errors)
    assert not (site_root.parent / "out").exists()


def test_a_subfolder_where_files_are_expected_is_reported_not_skipped(site_root: Path) -> None:
    (site_root / "content/articles/drafts").mkdir()
    (site_root / "content/articles/drafts/later.md").write_text("---\ntitle: Later\n---\n\nText.\n")
    (error,) = errors_of(site_root)
    assert (error.path, error.line, error.col) == ("content/articles/drafts", 1, 1)
    assert error.message == "a folder inside content/articles/ is not read"


def test_hidden_entries_are_not_read_even_a_dangling_editor_lock(site_root: Path) -> None:
    (site_root / "content/articles/.#city-budget.md").symlink_to("editor@host.1234")  # Emacs's lock
    os.mkfifo(site_root / "content/claims/city-budget/.pipe.yaml")
    assert load_site(site_root).articles


def test_a_link_inside_content_to_a_plain_file_is_read(site_root: Path) -> None:
    claims = site_root / "content/claims/city-budget"
    (claims / "budget-rose-by-a-third.yaml").rename(site_root / "content/kept.yaml")
    (claims / "budget-rose-by-a-third.yaml").symlink_to("../../kept.yaml")
    assert "budget-rose-by-a-third" in {c.id for c in load_site(site_root).claims}


@pytest.mark.parametrize("kind", ["loop", "link to no file", "named pipe"])
def test_a_site_toml_that_cannot_be_read_is_a_usage_error(
    site_root: Path, outside: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = KINDS[kind]
    (site_root / "site.toml").unlink()
    make(site_root / "site.toml", outside)
    assert main(["--root", str(site_root), "check"]) == 2
    assert f"site.toml: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["loop", "link to no file", "named pipe"])
def test_an_entry_added_after_a_build_stops_the_next_build(
    site_root: Path, outside: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = site_root.parent / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    make, message = KINDS[kind]
    make(site_root / "content/claims/city-budget/x.yaml", outside)
    capsys.readouterr()
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 1
    assert f"content/claims/city-budget/x.yaml:1:1: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["loop", "link to no file", "named pipe", "socket"])
def test_serve_shows_the_error_in_its_overlay(
    site_root: Path, outside: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OverlayHandler, "errors", ())
    said: list[str] = []
    watcher = BuildWatcher(Builder(site_root, site_root.parent / "out"), said.append)
    watcher.rebuild()
    make, message = KINDS[kind]
    path = site_root / "content/articles/x.md"
    make(path, outside)
    assert watcher.rebuild({str(path)}) == "*"
    assert OverlayHandler.errors == (f"content/articles/x.md:1:1: {message}\n    hint: {KIND_HINTS[kind]}",)
    path.unlink()
    assert watcher.rebuild({str(path)}) == "*"
    assert not OverlayHandler.errors
