"""The saved build state can only make a build faster, never wrong: a copied, moved or foreign
cache, a damaged or unreadable one, one that is not a folder or holds links, an edit that keeps a
file's size and time, and pages deleted from the output all end in the site a clean build makes,
with at most a one-line note."""

from __future__ import annotations

import hmac
import os
import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build import state
from factsite.build.cachedir import CACHE
from factsite.build.incremental import Builder
from factsite.cli import main as cli
from tests.sitekit import tree
from tests.test_scan import reads

CLAIM = "content/claims/city-budget/roads-fell-again.yaml"
CLAIM_PAGE = "claims/city-budget/roads-fell-again/index.html"


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def build(root: Path, out: Path | None = None) -> int:
    return cli.main(["--root", str(root), "build", *(["--out", str(out)] if out else [])])


def clean(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a first build of `root`'s content makes, in a copy of its own."""
    copy = tmp_path / f"clean-{len(list(tmp_path.glob('clean-*')))}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(CACHE, "_site"))
    assert build(copy) == 0
    return tree(copy / "_site")


def edit(root: Path, old: str = "status: unverified", new: str = "status: accurate") -> None:
    path = root / CLAIM
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("note: ")]


# --- bound to the site's folder, the output folder and the version ------------------------------------


def test_a_copied_project_built_into_the_same_folder_publishes_its_edit(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    copy = tmp_path / "copy"
    shutil.copytree(site_root, copy, symlinks=True)  # its saved state with it
    edit(copy)
    capsys.readouterr()
    assert build(copy, out) == 0
    captured = capsys.readouterr()
    assert "up to date" not in captured.out
    assert notes(captured.err) == [
        f"note: the build state in {state.cache_folder(copy, out)} was made for the site in "
        f"{site_root.resolve()}, not this one; building everything"
    ]
    assert tree(out) == clean(copy, tmp_path)
    assert build(site_root, out) == 0  # the original again: the folder holds the copy's site
    assert "up to date" not in capsys.readouterr().out
    assert tree(out) == clean(site_root, tmp_path)


def test_another_sites_cache_renamed_into_a_project_is_set_aside(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    shutil.copytree(site_root, other)
    edit(other, "summary: ", "summary: From the other site. ")
    assert build(other) == 0
    (other / CACHE).rename(site_root / CACHE)
    capsys.readouterr()
    assert build(site_root) == 0
    assert len(notes(capsys.readouterr().err)) == 1
    assert tree(site_root / "_site") == clean(site_root, tmp_path)
    assert b"From the other site" not in (site_root / "_site" / CLAIM_PAGE).read_bytes()


def test_a_moved_project_builds_everything_with_a_note(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    assert build(site_root) == 0 and build(site_root, outside) == 0
    moved = tmp_path / "moved"
    site_root.rename(moved)
    edit(moved)
    capsys.readouterr()
    for out in (moved / "_site", outside):
        assert build(moved, out) == 0
        captured = capsys.readouterr()
        assert "site.toml is missing" not in captured.err
        assert notes(captured.err) == [
            f"note: the build state in {state.cache_folder(moved, out)} was made for the site in "
            f"{site_root}, not this one; building everything"
        ]
        assert build(moved, out) == 0
        assert "is up to date" in capsys.readouterr().out
    assert tree(moved / "_site") == tree(outside) == clean(moved, tmp_path)


def test_a_state_made_by_another_version_is_set_aside(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site_root) == 0
    monkeypatch.setattr(state, "tool_version", lambda: "another version")
    capsys.readouterr()
    assert build(site_root) == 0
    assert notes(capsys.readouterr().err) == [
        f"note: the build state in {state.cache_folder(site_root, site_root / '_site')} was made by another "
        "version of build.py, or another SOURCE_DATE_EPOCH; building everything"
    ]


# --- a cache that cannot be used ------------------------------------------------------------------------


def make_file(root: Path) -> None:
    (root / CACHE).write_text("not a cache\n")


def make_link(root: Path) -> None:
    (root.parent / "elsewhere").mkdir()
    (root / CACHE).symlink_to(root.parent / "elsewhere")


def damage(root: Path) -> None:
    for path in (root / CACHE).glob("*/*.pickle"):
        path.write_bytes(os.urandom(200))


def make_unreadable(root: Path) -> None:
    """A socket in place of a state file: opening it fails, even for root (ENXIO)."""
    (inputs,) = (root / CACHE).glob(f"*/{state.INPUTS}")
    inputs.unlink()
    here = Path.cwd()
    os.chdir(inputs.parent)  # a socket's path must be short
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(inputs.name)
    finally:
        os.chdir(here)


def make_folders(root: Path) -> None:
    """A folder in place of each state file, as a pull request can commit one: never read."""
    for path in (root / CACHE).glob("*/*.pickle"):
        path.unlink()
        path.mkdir()
        (path / ".keep").touch()


def swap_state_files(root: Path) -> None:
    """Each file signed and bound to this site, under the other's name."""
    (index,) = (root / CACHE).glob(f"*/{state.INDEX}")
    content = index.with_name(state.CONTENT)
    data = index.read_bytes()
    index.write_bytes(content.read_bytes())
    content.write_bytes(data)


@pytest.mark.parametrize(
    ("spoil", "note"),
    [
        (make_file, f"{CACHE} is not a folder"),
        (make_folders, ""),
        (swap_state_files, "is damaged or was not written here"),
        (make_link, f"{CACHE} is a symbolic link, which the build never follows"),
        (damage, "is damaged or was not written here"),
        (make_unreadable, "cannot be read (No such device or address)"),
    ],
)
def test_a_cache_that_cannot_be_used_means_a_full_build_with_a_note(
    site_root: Path,
    tmp_path: Path,
    spoil: Callable[[Path], None],
    note: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    later = (damage, make_unreadable, make_folders, swap_state_files)
    if spoil in later:
        assert build(site_root) == 0
    else:
        spoil(site_root)
    edit(site_root)
    if spoil in later:
        spoil(site_root)
    for _ in range(2):  # and again: never a traceback, never a stale page
        capsys.readouterr()
        assert build(site_root) == 0
        captured = capsys.readouterr()
        assert len(notes(captured.err)) <= 1 and "Traceback" not in captured.err
        assert tree(site_root / "_site") == clean(site_root, tmp_path)
        if spoil in (make_file, make_link):
            assert note in captured.err and captured.err.endswith("building everything\n")
        if spoil is swap_state_files and _ == 0:
            assert note in captured.err
        if spoil is make_folders:  # removed, as a build writes no folder there: the state is saved
            assert "was not saved" not in captured.err
            assert all(p.is_file() for p in (site_root / CACHE).glob("*/*.pickle"))
    if spoil is make_file:
        assert (site_root / CACHE).read_text() == "not a cache\n"
    if spoil is make_link:
        assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_damaged_cache_is_noted_once(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(site_root) == 0
    damage(site_root)
    capsys.readouterr()
    assert build(site_root) == 0
    (line,) = notes(capsys.readouterr().err)
    assert line.endswith("is damaged or was not written here; building everything")


def test_each_state_file_is_signed_whole_and_one_changed_byte_sets_it_aside(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The state is streamed into its file through the HMAC (not held whole in memory): the HMAC
    at its start still covers every byte after it."""
    assert build(site_root) == 0
    key = (tmp_path / "xdg-cache" / "factsite" / "state-key").read_bytes()
    files = sorted((site_root / CACHE).glob("*/*.pickle"))
    assert [p.name for p in files] == sorted([state.CONTENT, state.INDEX, state.INPUTS])
    for path in files:
        data = path.read_bytes()
        assert data[: state.MAC_SIZE] == hmac.digest(key, data[state.MAC_SIZE :], "sha256")
    (index,) = (p for p in files if p.name == state.INDEX)
    data = index.read_bytes()
    index.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # the pickle's STOP, changed
    edit(site_root)
    capsys.readouterr()
    assert build(site_root) == 0
    (line,) = notes(capsys.readouterr().err)
    assert line.endswith("is damaged or was not written here; building everything")
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


# --- links in the cache -----------------------------------------------------------------------------------


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    path = tmp_path / "precious.txt"
    path.write_text("keep me")
    return path


@pytest.mark.parametrize(
    "name", ["content.pickle.partial", "inputs.pickle", "index.pickle", "content.pickle"]
)
def test_a_link_planted_in_the_cache_is_removed_never_followed(
    site_root: Path, tmp_path: Path, precious: Path, name: str
) -> None:
    """As a pull request could plant one: the build never writes, nor reads, through it."""
    folder = state.cache_folder(site_root, site_root / "_site")
    folder.mkdir(parents=True)
    (folder / name).symlink_to(precious)
    assert build(site_root) == 0
    edit(site_root)
    assert build(site_root) == 0
    assert precious.read_text() == "keep me" and not (folder / name).is_symlink()
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_a_linked_state_folder_is_removed_never_followed(site_root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = state.cache_folder(site_root, site_root / "_site")
    folder.parent.mkdir()
    folder.symlink_to(elsewhere)
    assert build(site_root) == 0
    assert list(elsewhere.iterdir()) == [] and folder.is_dir() and not folder.is_symlink()


# --- what the cache compares ------------------------------------------------------------------------------


def test_an_edit_that_keeps_size_and_times_is_seen(site_root: Path, tmp_path: Path) -> None:
    """An in-place write that restores the file's time: size, time and inode all as before."""
    path = site_root / CLAIM
    os.utime(path, (1_600_000_000, 1_600_000_000))  # saved long ago, nothing racy about it
    builder = Builder(site_root, tmp_path / "warm")
    builder.build()
    assert build(site_root) == 0
    before = path.stat()
    with path.open("r+b") as file:  # same length: unverified -> inaccurate
        text = file.read()
        file.seek(0)
        file.write(text.replace(b"status: unverified", b"status: inaccurate"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert build(site_root) == 0
    assert tree(site_root / "_site") == clean(site_root, tmp_path)
    assert CLAIM_PAGE in builder.build().written


@pytest.mark.parametrize(
    "gone",
    [
        CLAIM_PAGE,
        "index.html",
        "static/style.css",
        "pagefind/s00/pagefind-entry.json",
        "pagefind/shards.json",
        "pagefind/s00/pages.json",
        "feeds",
    ],
)
def test_output_files_deleted_by_hand_are_written_again(
    site_root: Path, tmp_path: Path, gone: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site_root) == 0
    target = site_root / "_site" / gone
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    capsys.readouterr()
    assert build(site_root) == 0
    assert "up to date" not in capsys.readouterr().out
    assert tree(site_root / "_site") == clean(site_root, tmp_path)
    assert build(site_root) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize("which", [0, -1])
def test_the_first_and_the_last_output_file_deleted_by_hand_are_noticed(
    site_root: Path, tmp_path: Path, which: int
) -> None:
    """A no-change build checks the output's files in two processes, each a part of them in path
    order (state.py): a file of either part, deleted, is written again."""
    assert build(site_root) == 0
    out = site_root / "_site"
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    (out / [f for f in files if f != ".factsite-build"][which]).unlink()
    assert build(site_root) == 0
    assert tree(out) == clean(site_root, tmp_path)


@pytest.mark.parametrize("gone", ["index.html", "static/style.css", "pagefind/shards.json"])
def test_an_edit_and_an_output_file_deleted_by_hand_are_both_built(
    site_root: Path, tmp_path: Path, gone: str
) -> None:
    """The check that finds the output whole (state.py) and the builder's own check of it agree:
    the builder skips its own only when the output was found whole."""
    assert build(site_root) == 0
    edit(site_root)
    (site_root / "_site" / gone).unlink()
    assert build(site_root) == 0
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_an_output_page_changed_by_hand_is_written_again(site_root: Path, tmp_path: Path) -> None:
    assert build(site_root) == 0
    page = site_root / "_site" / CLAIM_PAGE
    page.write_bytes(page.read_bytes().replace(b"<main", b"<MAIN"))  # same size, a new time
    assert build(site_root) == 0
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_an_output_folder_deleted_by_hand_is_built_again(site_root: Path, tmp_path: Path) -> None:
    assert build(site_root) == 0
    shutil.rmtree(site_root / "_site")
    assert build(site_root) == 0
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_an_output_file_touched_by_hand_is_checked_once(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its time changed, its bytes did not: it is rendered again and written anew (a file changed by
    hand is never kept: it may be a link, or have another mode), then trusted again."""
    assert build(site_root) == 0
    before = tree(site_root / "_site")
    for name in (CLAIM_PAGE, "static/style.css"):
        os.utime(site_root / "_site" / name, (1_700_000_000, 1_700_000_000))
    capsys.readouterr()
    assert build(site_root) == 0
    done = re.search(r"rendered (\d+) of (\d+) pages, wrote 1, removed 0", capsys.readouterr().out)
    assert done is not None and int(done[1]) < int(done[2])
    assert build(site_root) == 0
    assert "is up to date: nothing changed" in capsys.readouterr().out
    assert tree(site_root / "_site") == before


def test_inputs_read_because_they_were_too_new_are_trusted_once_they_settle(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As just after a checkout: every input changed a moment before the build, so none is trusted
    by its stat. Once they settle, a build with nothing to do notes it, and the next reads none."""
    from factsite.build import scan

    monkeypatch.setattr(scan, "SETTLE_NS", 10**18)  # every file changed too recently to be trusted
    assert build(site_root) == 0
    monkeypatch.setattr(scan, "SETTLE_NS", 0)  # now every one has settled
    assert build(site_root) == 0
    read = reads(monkeypatch)
    capsys.readouterr()
    assert build(site_root) == 0
    assert "is up to date: nothing changed" in capsys.readouterr().out
    assert not [path for path in read if path.is_relative_to(site_root / "content")]


def test_a_touched_input_is_no_change_and_the_next_check_is_quick_again(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its stat changed, so it is read and found the same; its stat is saved, so that the next
    build with nothing to do checks the stats alone, without reading the inputs' saved tree."""
    from factsite.build import scan

    monkeypatch.setattr(scan, "SETTLE_NS", 0)
    assert build(site_root) == 0
    os.utime(site_root / CLAIM, (1_700_000_000, 1_700_000_000))
    capsys.readouterr()
    assert build(site_root) == 0
    assert "is up to date: nothing changed" in capsys.readouterr().out
    monkeypatch.setattr(state, "_snapshot", lambda found: pytest.fail("the inputs' tree was read"))
    assert build(site_root) == 0
    assert "is up to date: nothing changed" in capsys.readouterr().out


@pytest.mark.parametrize("saved", ["claim", "template"])
def test_an_input_saved_while_a_build_runs_then_changed_back_is_built_again(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str
) -> None:
    """The build may read it as it was or as it is: it is not trusted as scanned (red team F1)."""
    from factsite.build import incremental

    path = site_root / CLAIM if saved == "claim" else site_root / "templates" / "base.html"
    if saved == "template":
        path.parent.mkdir(exist_ok=True)
        shutil.copy(Path(incremental.__file__).parents[2] / "templates" / "base.html", path)
    assert build(site_root) == 0
    edit(site_root)  # something for the next build to do
    before = path.read_text("utf-8")  # as the next build scans it
    meanwhile = before.replace("</main>", "saved meanwhile</main>")
    meanwhile = meanwhile.replace("summary: ", "summary: Meanwhile, ")
    assert meanwhile != before
    real_load = incremental.Builder._load

    def load_as_an_editor_saves(builder: incremental.Builder) -> object:
        path.write_text(meanwhile, "utf-8")  # read by this build, or not: it cannot tell
        return real_load(builder)

    monkeypatch.setattr(incremental.Builder, "_load", load_as_an_editor_saves)
    assert build(site_root) == 0
    monkeypatch.setattr(incremental.Builder, "_load", real_load)
    assert any("eanwhile" in page.decode() for page in tree(site_root / "_site").values())
    path.write_text(before, "utf-8")  # undone
    assert build(site_root) == 0
    assert tree(site_root / "_site") == clean(site_root, tmp_path)


def test_a_new_empty_folder_is_checked_by_stat_from_the_next_build_on(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No page changes, yet the inputs did: what the quick check compares is saved (red team F5)."""
    from factsite.build import scan

    monkeypatch.setattr(scan, "SETTLE_NS", 0)
    assert build(site_root) == 0
    (site_root / "content" / "articles" / "empty").mkdir()
    assert build(site_root) == 0
    monkeypatch.setattr(state, "_snapshot", lambda found: pytest.fail("the inputs' tree was read"))
    capsys.readouterr()
    assert build(site_root) == 0
    assert "is up to date: nothing changed" in capsys.readouterr().out


def test_an_edit_that_changes_no_page_gives_the_site_a_new_id(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The id names the inputs the site was made of, so the output says which content it shows."""
    assert build(site_root) == 0
    marker = site_root / "_site" / ".factsite-build"
    before = marker.read_text()
    (site_root / CLAIM).write_text((site_root / CLAIM).read_text("utf-8") + "# a comment\n", "utf-8")
    capsys.readouterr()
    assert build(site_root) == 0
    assert "wrote 0, removed 0" in capsys.readouterr().out
    assert marker.read_text() != before
    assert tree(site_root / "_site") == clean(site_root, tmp_path)
    assert build(site_root) == 0
    assert "is up to date" in capsys.readouterr().out
