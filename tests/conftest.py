"""Shared fixtures: a small sample site copied into a temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests assert behaviour, never time: a loaded CI machine must not fail them (no deadline).
settings.register_profile("factsite", deadline=None)
settings.load_profile("factsite")

# Session fixtures of the reader-feature tests: built sites, a local server, the browser.
pytest_plugins = ["tests.readerkit", "tests.browserkit"]

SAMPLE = Path(__file__).parent / "sample"
REPO = Path(__file__).parent.parent


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """A fresh copy of tests/sample/, safe to change."""
    root = tmp_path / "site"
    shutil.copytree(SAMPLE, root)
    return root


@pytest.fixture
def write(site_root: Path) -> Callable[[str, str], Path]:
    """Write (or overwrite) a file of the sample site: write("content/x.yaml", text)."""

    def write_file(relative: str, text: str) -> Path:
        path = site_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write_file


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a plain environment even when CI runs them inside GitHub Actions,
    where error output would otherwise turn into annotations and job summaries."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
