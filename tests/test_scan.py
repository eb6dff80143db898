"""Finding changed inputs: a rescan of the paths a watcher names sees what a full scan sees."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build import scan as scan_module
from factsite.build.scan import Snapshot, fingerprint, rescan, scan, unchanged

TOPS = ("site.toml", "content")
FOLDERS = ("content", "content/a", "content/a/b", "content/c")


def random_change(rng: random.Random, root: Path) -> list[str]:
    """One change to the files under `root`; returns the paths a watcher would name (at least one of them)."""
    folder = rng.choice(FOLDERS)
    name = f"{folder}/f{rng.randrange(4)}.yaml"
    path = root / name
    choice = rng.randrange(6)
    if choice == 0:
        (root / "site.toml").write_text(f"title = '{rng.randrange(9)}'\n")
        return ["site.toml"]
    if choice == 1:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"n: {rng.randrange(1000)}\n")
        return [name]
    if choice == 2 and path.exists():
        path.unlink()
        return [name]
    if choice == 3:
        shutil.rmtree(root / folder, ignore_errors=True)
        return [folder]  # only the folder: its files' removals may come in the same batch, or not at all
    if choice == 4:
        fresh = root / folder / f"new{rng.randrange(3)}"
        (fresh / "deep").mkdir(parents=True, exist_ok=True)
        (fresh / "deep" / "x.yaml").write_text("x: 1\n")
        return [fresh.relative_to(root).as_posix()]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name("partial.tmp")
    partial.write_text(f"saved: {rng.randrange(1000)}\n")
    partial.replace(path)  # how many editors save
    return [partial.relative_to(root).as_posix(), name]


@pytest.mark.parametrize("seed", range(8))
def test_a_rescan_of_the_changed_paths_equals_a_full_scan(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "site"
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "f0.yaml").write_text("n: 0\n")
    (root / "site.toml").write_text("title = 'x'\n")
    told, looked = Snapshot(root), Snapshot(root)
    told.changes(scan(root, TOPS))
    looked.changes(scan(root, TOPS))
    for _ in range(40):
        paths = random_change(rng, root)
        tree, seen = rescan(told.tree, root, TOPS, paths)
        full = scan(root, TOPS)
        assert (tree.files, tree.folders) == (full.files, full.folders)
        assert told.changes(tree, seen) == looked.changes(full)


def test_paths_outside_the_inputs_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text("a: 1\n")
    (tmp_path / "notes.txt").write_text("not an input\n")
    before = scan(tmp_path, TOPS)
    tree, seen = rescan(before, tmp_path, TOPS, ["notes.txt"])
    assert (tree.files, tree.folders, seen) == (before.files, before.folders, set())


# --- reading only what may have changed (git's racy rule) -------------------------------------------------


def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files each scan reads from now on."""
    seen: list[Path] = []
    read = scan_module._read

    def counted(path: str | Path) -> tuple[bytes, os.stat_result]:
        seen.append(Path(path))
        return read(path)

    monkeypatch.setattr(scan_module, "_read", counted)
    return seen


def site(tmp_path: Path, age: int = 1_600_000_000) -> Path:
    """Two input files, last changed at `age` (seconds since the epoch) as far as their times say."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    for name in ("site.toml", "content/a.yaml"):
        (root / name).write_text(f"{name}\n")
        os.utime(root / name, (age, age))
    return root


def test_a_file_unchanged_since_it_settled_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path)
    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)  # its change time (now) is then settled at once
    first = scan(root, TOPS)
    seen = reads(monkeypatch)
    again = scan(root, TOPS, first)
    assert seen == [] and again.files == first.files
    (root / "content/a.yaml").write_text("edited\n")
    assert scan(root, TOPS, again).files["content/a.yaml"] != first.files["content/a.yaml"]
    assert seen == [root / "content/a.yaml"]


def test_a_file_read_soon_after_it_changed_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its change time is within the timestamps' granularity of the read: an edit in the same tick
    could keep every time and the size, so its stat is not trusted (git's "racily clean")."""
    root = site(tmp_path)  # written just now: the change time is now, whatever the modification time
    first = scan(root, TOPS)
    assert first.stats == {}
    seen = reads(monkeypatch)
    scan(root, TOPS, first)
    assert sorted(seen) == [root / "content/a.yaml", root / "site.toml"]


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change time moves with any write, and cannot be set back: it tells such an edit."""
    root = site(tmp_path)
    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)
    path = root / "content/a.yaml"
    first = scan(root, TOPS)
    before = path.stat()
    time.sleep(0.02)  # past the coarse clock's tick that file times come from
    path.write_text("content/b.yaml\n")  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert scan(root, TOPS, first).files["content/a.yaml"] != first.files["content/a.yaml"]


# --- the quick check of a build with nothing to do: stats against the fingerprint of the last scan ---


def keep_size_and_time(path: Path) -> None:
    before = path.stat()
    time.sleep(0.02)
    path.write_text("x" * before.st_size)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize(
    "change",
    [
        lambda root: os.utime(root / "content/a.yaml", (1_700_000_000, 1_700_000_000)),  # bytes as they were
        lambda root: keep_size_and_time(root / "content/a.yaml"),
        lambda root: (root / "content/a.yaml").unlink(),
        lambda root: (root / "content/new.yaml").write_text("n: 1\n"),
        lambda root: (root / "content/empty").mkdir(),
        lambda root: (root / "content/link.yaml").symlink_to(root / "site.toml"),
        lambda root: os.mkfifo(root / "content/pipe"),
        lambda root: (root / "site.toml").unlink(),
    ],
    ids=["touched", "same size and time", "deleted", "added", "new folder", "link", "pipe", "top gone"],
)
def test_the_quick_check_sees_every_change_to_files_and_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], object]
) -> None:
    root = site(tmp_path)
    monkeypatch.setattr(scan_module, "SETTLE_NS", 0)
    recorded = fingerprint(scan(root, TOPS))
    assert recorded is not None and unchanged(root, TOPS, recorded)
    change(root)
    assert not unchanged(root, TOPS, recorded)


def test_a_file_not_trusted_by_its_stat_is_compared_by_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path)  # written just now: no stat is trusted yet (see above)
    recorded = fingerprint(scan(root, TOPS))
    assert recorded is not None and recorded.racy == {"site.toml", "content/a.yaml"}
    seen = reads(monkeypatch)
    assert unchanged(root, TOPS, recorded)
    assert sorted(seen) == [root / "content/a.yaml", root / "site.toml"]
    keep_size_and_time(root / "content/a.yaml")
    assert not unchanged(root, TOPS, recorded)


def test_a_file_gone_while_the_quick_check_reads_it_is_a_change_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(tmp_path)  # no stat trusted: each file is read by the quick check
    recorded = fingerprint(scan(root, TOPS))
    assert recorded is not None

    def gone(path: Path) -> bytes:
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(scan_module, "digest", gone)
    assert not unchanged(root, TOPS, recorded)
