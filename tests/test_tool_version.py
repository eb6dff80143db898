"""The tool's version is kept in the user's cache under a key of what it hashes, by stat (version.py):
it is the same as hashed, and any change to the code makes another."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from factsite.build import version
from factsite.build.scan import SETTLE_NS


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package of two files, taken as settled (scan.py), and a cache folder of the test's own."""
    folder = tmp_path / "pkg"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.py").write_text("A = 1\n")
    (folder / "sub" / "schema.json").write_text("{}\n")
    monkeypatch.setattr(version, "SETTLE_NS", -SETTLE_NS)  # a file changed now counts as settled
    monkeypatch.setattr(version, "PACKAGE", folder)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    version._code_version.cache_clear()
    yield folder
    version._code_version.cache_clear()


def _fresh() -> str:
    version._code_version.cache_clear()
    return version._code_version()


def test_the_kept_version_is_the_hashed_one_and_is_kept(package: Path, tmp_path: Path) -> None:
    first = _fresh()
    assert first == version._hashed()
    assert version._path().read_text().split()[1] == first
    assert _fresh() == first


def test_a_kept_version_is_used_only_under_its_key(package: Path, tmp_path: Path) -> None:
    _fresh()
    kept = version._path()
    key = kept.read_text().split()[0]
    kept.write_text(f"{key} {'0' * 32}\n")  # as if hashed before: the key is what is trusted
    assert _fresh() == "0" * 32
    kept.write_text(f"{'1' * 32} {'0' * 32}\n")
    assert _fresh() == version._hashed()


def test_an_edit_that_keeps_size_and_mtime_makes_another_version(package: Path) -> None:
    first = _fresh()
    path = package / "a.py"
    before = os.stat(path)
    path.write_text("A = 2\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _fresh() != first
    assert _fresh() == version._hashed()


def test_a_new_file_makes_another_version(package: Path) -> None:
    first = _fresh()
    (package / "sub" / "b.py").write_text("B = 1\n")
    assert _fresh() != first


def test_files_changed_just_now_are_hashed_every_time(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(version, "SETTLE_NS", SETTLE_NS)
    (package / "a.py").write_text("A = 3\n")  # not settled: within the racy window
    assert _fresh() == version._hashed()
    assert not version._path().exists()


def test_two_copies_of_the_tool_keep_their_versions_apart(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts used in turn each find their own kept version, not the other's to hash again."""
    first = version._path()
    _fresh()
    other = package.parent / "other"
    package.rename(other)
    monkeypatch.setattr(version, "PACKAGE", other)
    assert version._path() != first
    _fresh()
    assert first.exists() and version._path().exists()
