"""Atomic builds: whenever `python build.py` is killed, even by `kill -9`, the output holds the old
site or the new one, byte for byte, never a mix; the next build puts right what the killed one left.
One build of an output at a time; a mount point, stray files and stale folders beside the output
are no trouble."""

from __future__ import annotations

import os
import random
import selectors
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest

from factsite.build import state
from factsite.cli.main import main
from factsite.write import swap
from tests.conftest import REPO
from tests.sitekit import tree

CLAIM = "content/claims/city-budget/roads-fell-again.yaml"


@pytest.fixture(autouse=True)
def private_key_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def build(root: Path, out: Path) -> int:
    return main(["--root", str(root), "build", "--out", str(out)])


def toggle(root: Path) -> None:
    """A change that the next build must write: one claim's rating, flipped."""
    path = root / CLAIM
    text = path.read_text("utf-8")
    swapped = ("unverified", "accurate") if "status: unverified" in text else ("accurate", "unverified")
    path.write_text(text.replace(f"status: {swapped[0]}", f"status: {swapped[1]}"), "utf-8")


def beside(out: Path) -> list[str]:
    """What the builds left beside the output: dot files and folders (locks, staging, old sites),
    but the spare site that the next build makes the new one (spare.py)."""
    return sorted(
        p.name for p in out.parent.iterdir() if p.name.startswith(".") and p.name != f".{out.name}.spare"
    )


@pytest.fixture(params=["new tree"])
def sites(
    request: pytest.FixtureRequest, site_root: Path, tmp_path: Path
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built into tmp_path/out, then its claim edited: the old site's files and the new one's
    (from a build of the edited content into a folder of its own). With "spare", built three times,
    so that the next build brings the spare site up to date (spare.py) instead of making a new tree."""
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    for _ in range(2 if request.param == "spare" else 0):
        toggle(site_root)
        assert build(site_root, out) == 0
    assert (tmp_path / ".out.spare").exists() == (request.param == "spare")
    old = tree(out)
    toggle(site_root)
    assert build(site_root, tmp_path / "new") == 0
    return old, tree(tmp_path / "new")


PAUSER = """
import importlib, runpy, sys, time
owner = importlib.import_module({module!r})
*path, name = {name!r}.split(".")
for part in path:
    owner = getattr(owner, part)
real = getattr(owner, name)
calls = []

def paused(*args, **kwargs):
    calls.append(1)
    result = real(*args, **kwargs) if {after!r} else None
    if len(calls) == {nth!r}:
        print("PAUSED", flush=True)
        time.sleep(300)
    return result if {after!r} else real(*args, **kwargs)

setattr(owner, name, paused)
sys.argv = ARGV
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def start_build(root: Path, out: Path, code: str = "") -> subprocess.Popen[str]:
    argv = [str(REPO / "build.py"), "--root", str(root), "build", "--out", str(out)]
    command = [sys.executable, "-c", code.replace("ARGV", repr(argv))] if code else [sys.executable, *argv]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(), cwd=REPO
    )


def paused_build(
    root: Path, out: Path, module: str, name: str, nth: int, after: bool
) -> subprocess.Popen[str]:
    """`python build.py`, stopped for good on the `nth` call of `module.name` (after it returned,
    or before it ran)."""
    code = PAUSER.format(module=module, name=name, nth=nth, after=after)
    process = start_build(root, out, code)
    assert process.stdout is not None
    line = process.stdout.readline()
    if line != "PAUSED\n":
        process.kill()
        raise AssertionError(f"the build did not get there: {line}{process.communicate()}")
    return process


# Where a build is killed, and which site the output holds then: with a new tree of links, or
# with the spare site brought up to date.
KILL_POINTS = [
    ("factsite.build.state", "look", 1, True, "old"),  # the saved state read, nothing written yet
    ("factsite.write.spare", "take", 1, True, "old"),  # the spare taken (if any), its marker removed
    ("factsite.write.writer", "_write_files", 1, True, "old"),  # the new pages written beside the old site
    ("factsite.search.pagefind", "_write_shards", 1, True, "old"),  # the new site indexed
    ("factsite.write.swap", "swap_in", 1, False, "old"),  # the new site complete, not yet swapped in
    ("factsite.write.swap", "exchange", 1, True, "new"),  # swapped in; the old site not yet kept or deleted
    ("factsite.build.cachedir", "CacheFolder.write", 2, False, "new"),  # the state half saved (presave.py)
]
NEW_TREE = [("factsite.write.spare", "link", 3, True, "old")]  # linking the unchanged files
SPARE = [("factsite.write.spare", "update", 1, True, "old")]  # the spare brought up to date (walked beside)


@pytest.mark.parametrize(
    ("sites", "module", "name", "nth", "after", "expected"),
    [
        *(("new tree", *point) for point in [*KILL_POINTS, *NEW_TREE]),
        *(("spare", *point) for point in [*KILL_POINTS, *SPARE]),
    ],
    indirect=["sites"],
)
def test_kill_9_leaves_the_old_site_or_the_new_and_the_next_build_finishes(
    site_root: Path,
    tmp_path: Path,
    sites: tuple[dict[str, bytes], dict[str, bytes]],
    module: str,
    name: str,
    nth: int,
    after: bool,
    expected: str,
) -> None:
    old, new = sites
    out = tmp_path / "out"
    process = paused_build(site_root, out, module, name, nth, after)
    process.kill()  # SIGKILL: nothing of the build runs after this
    process.communicate(timeout=30)
    assert tree(out) == (old if expected == "old" else new)
    assert build(site_root, out) == 0
    assert tree(out) == new
    assert beside(out) == []
    assert (state.cache_folder(site_root, out) / state.INPUTS).exists()  # the next one is quick again


@pytest.mark.parametrize("seed", range(2))
def test_kill_9_after_a_random_time_never_leaves_a_mix(site_root: Path, tmp_path: Path, seed: int) -> None:
    """A build killed at a moment nobody chose, three times in a row, each time from the last site."""
    rng = random.Random(seed)
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    for turn in range(3):
        before = tree(out)
        toggle(site_root)
        process = start_build(site_root, out)
        time.sleep(rng.uniform(0.2, 1.5))
        process.kill()
        process.communicate(timeout=30)
        now = tree(out)
        assert build(site_root, out) == 0
        assert build(site_root, tmp_path / f"clean{turn}") == 0
        assert tree(out) == tree(tmp_path / f"clean{turn}")
        assert now in (before, tree(out))
        assert beside(out) == []


def test_a_swap_killed_between_its_two_renames_is_put_back_by_the_next_build(
    site_root: Path, tmp_path: Path, sites: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    """Where the system cannot exchange two folders, the old site is renamed aside first: a build
    killed then leaves `.out.old` and no `out`, and the next build puts it back before it starts."""
    old, new = sites
    out = tmp_path / "out"
    code = "import factsite.write.swap\nfactsite.write.swap.exchange = lambda a, b: False\n" + PAUSER.format(
        module="os", name="rename", nth=1, after=True
    )
    process = start_build(site_root, out, code)
    assert process.stdout is not None and process.stdout.readline() == "PAUSED\n"
    process.kill()
    process.communicate(timeout=30)
    assert not out.exists() and tree(tmp_path / ".out.old") == old
    assert build(site_root, out) == 0
    assert tree(out) == new and beside(out) == []


def test_without_exchange_the_two_renames_give_the_same_site(
    site_root: Path,
    tmp_path: Path,
    sites: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, new = sites
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    assert build(site_root, tmp_path / "out") == 0
    assert tree(tmp_path / "out") == new and beside(tmp_path / "out") == []


# --- two builds at once -----------------------------------------------------------------------------


def line_within(stream: IO[str], seconds: float) -> str:
    """The next line of a pipe, or "" if none comes in time."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        return stream.readline() if selector.select(seconds) else ""


def test_a_second_build_waits_for_the_first_then_finds_its_work_done(
    site_root: Path, tmp_path: Path, sites: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    _, new = sites
    out = tmp_path / "out"
    go = tmp_path / "go"
    waiter = PAUSER.replace(
        "time.sleep(300)", f"while not __import__('os').path.exists({str(go)!r}): time.sleep(0.05)"
    )
    first = start_build(
        site_root,
        out,
        waiter.format(module="factsite.build.state", name="look", nth=1, after=True),
    )
    assert first.stdout is not None and first.stdout.readline() == "PAUSED\n"
    second = start_build(site_root, out)
    assert second.stderr is not None
    waiting = f"waiting for another build of {out} to finish ({tmp_path / '.out.lock'})\n"
    assert line_within(second.stderr, 30) == waiting
    assert second.poll() is None  # still waiting
    go.touch()
    first_out, first_err = first.communicate(timeout=60)
    second_out, second_err = second.communicate(timeout=60)
    assert (first.returncode, second.returncode) == (0, 0), first_err + second_err
    assert "updated" in first_out and "is up to date" in second_out
    assert "Traceback" not in first_err + second_err
    assert tree(out) == new and beside(out) == []


def test_builds_started_together_all_succeed(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    toggle(site_root)
    processes = [start_build(site_root, out) for _ in range(4)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], results
    assert all("Traceback" not in err and "FileNotFoundError" not in err for _, err in results)
    assert sum("updated" in text for text, _ in results) == 1
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean") and beside(out) == []


# --- what lies beside the output ---------------------------------------------------------------------


def test_a_stray_file_named_like_the_old_site_is_left_alone(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stray = tmp_path / ".out.old"
    stray.write_text("mine")
    out = tmp_path / "out"
    for exchange in (True, False):
        if not exchange:
            monkeypatch.setattr(swap, "exchange", lambda a, b: False)
        assert build(site_root, out) == 0
        toggle(site_root)
        assert build(site_root, out) == 0
    assert stray.read_text() == "mine"
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")


def test_stale_staging_folders_are_deleted_and_nothing_else(site_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    stale = tmp_path / ".out.staging-k1ll3d_x"  # as mkdtemp names them
    (stale / "claims").mkdir(parents=True)
    (stale / "claims" / "index.html").write_text("half")
    mine = [tmp_path / ".out.staging-notes", tmp_path / ".out.old-backup"]
    for folder in mine:
        folder.mkdir()
        (folder / ".factsite-build").write_text("a copy\n")
    (out / ".factsite-build-k1ll3d_x").write_text("half a marker")  # from a build killed while marking
    toggle(site_root)
    assert build(site_root, out) == 0
    assert not stale.exists() and all(folder.exists() for folder in mine)
    assert not (out / ".factsite-build-k1ll3d_x").exists()


def test_a_link_in_place_of_the_lock_is_removed_not_followed(site_root: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (tmp_path / ".out.lock").symlink_to(precious)
    assert build(site_root, tmp_path / "out") == 0
    assert precious.read_text() == "keep me" and not (tmp_path / ".out.lock").exists()


# --- a mount point as the output ----------------------------------------------------------------------


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Callable[[Path, list[str]], None]]:
    """Mount a file system on a folder (root only; skipped where mounting is refused)."""
    mounts: list[Path] = []

    def mount(folder: Path, how: list[str]) -> None:
        folder.mkdir(exist_ok=True)
        result = subprocess.run(["mount", *how, str(folder)], capture_output=True, check=False)
        if result.returncode != 0:
            pytest.skip(f"cannot mount here: {result.stderr.decode().strip()}")
        mounts.append(folder)

    yield mount
    for folder in reversed(mounts):
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system needs root")
def test_a_bind_mount_whose_path_has_a_space_is_a_mount_point(
    tmp_path: Path, mounted: Callable[[Path, list[str]], None]
) -> None:
    out = tmp_path / "my site"  # /proc/self/mountinfo writes it my\040site
    (tmp_path / "elsewhere").mkdir()
    mounted(out, ["--bind", str(tmp_path / "elsewhere")])
    assert swap.is_mount_point(out)
    assert not swap.is_mount_point(tmp_path / "elsewhere")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system needs root")
@pytest.mark.parametrize("kind", ["tmpfs", "bind"])
def test_a_mount_point_gets_its_contents_swapped(
    site_root: Path, tmp_path: Path, kind: str, mounted: Callable[[Path, list[str]], None]
) -> None:
    out = tmp_path / "out"
    if kind == "tmpfs":
        mounted(out, ["-t", "tmpfs", "tmpfs"])
    else:
        (tmp_path / "elsewhere").mkdir()
        mounted(out, ["--bind", str(tmp_path / "elsewhere")])
    assert swap.is_mount_point(out)
    assert build(site_root, out) == 0
    toggle(site_root)
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert same_site(out, tmp_path / "clean", kind == "tmpfs")
    assert swap.is_mount_point(out)  # the same mount, its contents new
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".factsite-build"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system needs root")
def test_a_swap_of_a_mount_point_killed_midway_is_completed_by_the_next_build(
    site_root: Path, tmp_path: Path, mounted: Callable[[Path, list[str]], None]
) -> None:
    out = tmp_path / "out"
    mounted(out, ["-t", "tmpfs", "tmpfs"])
    assert build(site_root, out) == 0
    toggle(site_root)
    process = paused_build(site_root, out, "factsite.write.swap", "_put_in", 3, True)
    process.kill()
    process.communicate(timeout=30)
    assert (out / swap.JOURNAL).exists()  # a mix, for now: the journal says how to finish it
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert same_site(out, tmp_path / "clean", True)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".factsite-build"]


def same_site(out: Path, clean: Path, other_file_system: bool) -> bool:
    """Whether two built sites are the same. Pagefind lists a folder in the order the file system
    gives, which on tmpfs follows the order the files were made in: there, its index is left out."""
    if not other_file_system:
        return tree(out) == tree(clean)
    return {p: b for p, b in tree(out).items() if not p.startswith("pagefind/")} == {
        p: b for p, b in tree(clean).items() if not p.startswith("pagefind/")
    }


def test_a_folder_taken_for_a_mount_point_is_swapped_entry_by_entry(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where mounting is refused, the entry-by-entry swap is tried on a folder said to be one."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(swap, "is_mount_point", lambda path: path == out)
    assert build(site_root, out) == 0
    toggle(site_root)
    (out / ".factsite-staging-k1ll3d_x" / "claims").mkdir(parents=True)  # left by killed builds
    (out / ".factsite-journal-k1ll3d_x").write_text('{"staging": ')
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".factsite-build"]


def test_a_swap_entry_by_entry_killed_midway_is_completed_by_the_next_build(
    site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a mount point (the same, simulated where mounting is refused)."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(swap, "is_mount_point", lambda path: path == out)
    assert build(site_root, out) == 0
    old = tree(out)
    toggle(site_root)
    simulated = (
        "import factsite.write.swap\n"
        f"factsite.write.swap.is_mount_point = lambda path: str(path) == {str(out)!r}\n"
    )
    process = start_build(
        site_root,
        out,
        simulated + PAUSER.format(module="factsite.write.swap", name="_put_in", nth=3, after=True),
    )
    assert process.stdout is not None and process.stdout.readline() == "PAUSED\n"
    process.kill()
    process.communicate(timeout=30)
    now = tree(out)
    assert now != old and (out / swap.JOURNAL).exists()  # a mix, until the next build completes the swap
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".factsite-build"]


# --- the spare site (spare.py) ----------------------------------------------------------------------------


def test_the_spare_site_becomes_the_next_one_and_nothing_put_into_it_is_published(
    site_root: Path, tmp_path: Path
) -> None:
    out, spare = tmp_path / "out", tmp_path / ".out.spare"
    assert build(site_root, out) == 0
    for _ in range(2):  # the first incremental build keeps the old site as the spare
        toggle(site_root)
        assert build(site_root, out) == 0
    assert spare.is_dir() and tree(spare) != tree(out)
    (spare / "evil.html").write_text("<script>alert(1)</script>")
    (spare / "claims" / "evil").mkdir()
    (spare / "claims" / "evil" / "index.html").write_text("planted")
    (spare / "feeds" / "link.xml").symlink_to(tmp_path / "site" / "site.toml")
    index = spare / "index.html"
    index.unlink()
    index.write_text("changed by hand")  # a file of its own, not the output's
    toggle(site_root)
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")


def test_a_spare_site_that_is_not_as_kept_is_deleted(site_root: Path, tmp_path: Path) -> None:
    out, spare = tmp_path / "out", tmp_path / ".out.spare"
    assert build(site_root, out) == 0
    for _ in range(2):
        toggle(site_root)
        assert build(site_root, out) == 0
    (spare / ".factsite-build").unlink()  # as a build killed while bringing it up to date leaves it
    (spare / "index.html").unlink()
    toggle(site_root)
    assert build(site_root, out) == 0
    assert build(site_root, tmp_path / "clean") == 0
    assert tree(out) == tree(tmp_path / "clean")
    assert spare.is_dir()  # the old site, kept again
