"""The spare site is walked in a second process while a build renders (spare.as_listed): it says the
spare is as listed only when the build's own walk would find nothing to put right."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from factsite.build.incremental import Builder
from factsite.write import spare as spare_module
from factsite.write.outputs import Manifest
from factsite.write.spare import as_listed
from factsite.write.swap import place
from tests.test_incremental import CLAIM, clean_build, edit, files


def toggled(root: Path) -> None:
    text = (root / CLAIM).read_text("utf-8")
    old, new = ("status: unverified", "status: accurate")
    edit(root, CLAIM, *((old, new) if old in text else (new, old)))


@pytest.fixture
def builder(site_root: Path, tmp_path: Path) -> Builder:
    """A builder whose output has a spare site beside it (the second incremental build keeps one)."""
    made = Builder(site_root, tmp_path / "out")
    made.build()
    for _ in range(2):
        toggled(site_root)
        made.build()
    return made


def listed(builder: Builder) -> bool:
    assert builder.published.written is not None
    return as_listed(place(builder.out), builder.published.written.spare)


def test_a_spare_as_kept_is_as_listed(builder: Builder) -> None:
    assert listed(builder)


def planted(spare: Path) -> None:
    (spare / "evil.html").write_text("planted")


def linked(spare: Path) -> None:
    (spare / "feeds" / "link.xml").symlink_to(spare / "index.html")


def replaced(spare: Path) -> None:
    (spare / "index.html").unlink()
    (spare / "index.html").write_text("changed by hand")


def deleted(spare: Path) -> None:
    (spare / "index.html").unlink()


def locked(spare: Path) -> None:
    os.chmod(spare / "claims", 0o500)


def folder(spare: Path) -> None:
    (spare / "claims" / "evil").mkdir()
    (spare / "claims" / "evil" / "index.html").write_text("planted")


def empty_folders(spare: Path) -> None:
    (spare / "planted-empty").mkdir()
    (spare / "claims" / "deep-planted").mkdir()
    (spare / "claims" / "deep-planted" / "deeper").mkdir(mode=0o500)


def folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


@pytest.mark.parametrize("change", [planted, linked, replaced, deleted, locked, folder, empty_folders])
def test_a_spare_changed_by_hand_is_not_as_listed_and_the_next_build_puts_it_right(
    builder: Builder, site_root: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    change(place(builder.out).spare)
    assert not listed(builder)
    toggled(site_root)
    builder.build()
    assert files(builder.out) == clean_build(site_root, tmp_path / "clean")
    assert folders(builder.out) == folders(tmp_path / "clean")


def test_a_spare_found_as_listed_is_not_walked_again(
    builder: Builder, site_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[str] = []
    real = spare_module._survey

    def counted(folder: str, manifest: Manifest) -> tuple[set[str], list[str]]:
        walks.append(folder)
        return real(folder, manifest)

    monkeypatch.setattr(spare_module, "_survey", counted)
    toggled(site_root)
    builder.build()
    assert walks == []
    deleted(place(builder.out).spare)
    toggled(site_root)
    builder.build()
    assert len(walks) == 1
