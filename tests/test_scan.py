"""Finding changed inputs: a rescan of the paths a watcher names sees what a full scan sees."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from factsite.build.scan import Snapshot, rescan, scan

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
