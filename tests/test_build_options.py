"""Build options for drafts and long builds: `--no-search`, progress on a terminal, `--quiet`."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from factsite.cli import progress
from factsite.cli.main import NO_SEARCH_NOTE, main
from tests.conftest import REPO


def build(root: Path, out: Path, *options: str) -> int:
    return main(["--root", str(root), "build", "--out", str(out), *options])


def test_no_search_builds_the_site_without_an_index_and_says_so(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out, "--no-search") == 0
    assert (out / "search" / "index.html").is_file() and (out / "claims" / "index.html").is_file()
    assert not (out / "pagefind").exists()
    assert NO_SEARCH_NOTE in capsys.readouterr().err


def test_the_search_page_says_search_is_not_built_when_the_index_is_missing() -> None:
    script = (REPO / "static" / "search.js").read_text(encoding="utf-8")
    assert "Search is not built for this site yet" in script
    assert 'location.protocol === "file:"' in script  # opened from disk is told apart


def test_a_build_with_search_after_one_without_makes_the_index(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out, "--no-search") == 0
    assert build(site_root, out) == 0  # nothing changed but the index is missing: it is made
    assert (out / "pagefind" / "s00" / "pagefind.js").is_file()
    assert "indexed the search" in capsys.readouterr().out
    assert build(site_root, out) == 0
    assert "is up to date" in capsys.readouterr().out


def test_an_edit_built_without_search_is_indexed_by_the_next_build(site_root: Path, tmp_path: Path) -> None:
    out, other = tmp_path / "out", tmp_path / "other"
    assert build(site_root, out) == 0
    article = next((site_root / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    assert build(site_root, out, "--no-search") == 0
    assert build(site_root, out) == 0
    assert build(site_root, other) == 0
    assert (out / "pagefind").is_dir()
    ours = {p.relative_to(out): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
    clean = {p.relative_to(other): p.read_bytes() for p in (other / "pagefind").rglob("*") if p.is_file()}
    assert ours == clean


def test_an_edit_built_without_search_leaves_out_the_old_index_as_the_note_says(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    assert build(site_root, out, "--no-search") == 0  # nothing changed: the index is still right
    assert (out / "pagefind" / "shards.json").is_file()
    assert NO_SEARCH_NOTE not in capsys.readouterr().err
    article = next((site_root / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    assert build(site_root, out, "--no-search") == 0
    assert not (out / "pagefind").exists()  # it would find what the pages no longer say
    assert NO_SEARCH_NOTE in capsys.readouterr().err
    assert build(site_root, out) == 0
    assert (out / "pagefind" / "shards.json").is_file()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_shows_phase_and_pages_on_a_terminal_after_a_second() -> None:
    screen, clock = Terminal(), Clock()
    shown = progress.Progress(screen, clock=clock)
    shown("loading content")
    assert screen.getvalue() == ""  # a quick build shows nothing
    clock.now = 1.5
    shown("rendering", 250, 1000)
    assert "rendering: 250 / 1,000 pages" in screen.getvalue()
    clock.now = 1.52
    shown("rendering", 260, 1000)
    assert "260" not in screen.getvalue()  # redrawn at most ten times a second
    shown("rendering", 1000, 1000)
    assert "1,000 / 1,000" in screen.getvalue()  # but the last count is always shown
    shown.clear()
    assert screen.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("stream, quiet", [(io.StringIO(), False), (Terminal(), True)])
def test_progress_is_silent_off_a_terminal_and_when_quiet(stream: io.StringIO, quiet: bool) -> None:
    clock = Clock()
    shown = progress.Progress(stream, quiet, clock)
    clock.now = 5.0
    shown("rendering", 1, 2)
    shown.clear()
    assert stream.getvalue() == ""


def test_a_build_ends_with_a_summary_of_pages_time_and_peak_memory(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site_root, tmp_path / "out") == 0
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary.startswith("built ") and " pages from " in summary
    assert "peak memory " in summary and "MB" in summary
    assert ", child processes " in summary  # the search indexer ran as one


def test_quiet_prints_nothing_on_success(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(site_root, tmp_path / "out", "--quiet", "--no-search") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == NO_SEARCH_NOTE  # what is missing is still said


def test_a_long_build_on_a_pseudo_terminal_shows_progress(site_root: Path, tmp_path: Path) -> None:
    """build.py in a pseudo-terminal, with the delay before progress set to nothing."""
    code = (
        "import sys; from factsite.cli import progress; progress.DELAY = 0.0; progress.EVERY = 0.0\n"
        "from factsite.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    command = [sys.executable, "-c", code, "--root", str(site_root), "build", "--out", str(tmp_path / "o")]
    leader, follower = pty.openpty()
    with subprocess.Popen(command, cwd=REPO, stdout=follower, stderr=follower) as child:
        os.close(follower)
        seen = _read_all(leader)
        assert child.wait() == 0
    assert "rendering: " in seen and " pages" in seen
    assert "\r\x1b[K" in seen  # the line is cleared before the summary
    assert "peak memory" in seen.rsplit("\x1b[K", 1)[-1]


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_build_py_with_no_command_builds_the_site(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's first command: `python build.py` alone is `build` with its defaults."""
    assert main(["--root", str(site_root)]) == 0
    assert (site_root / "_site" / "index.html").is_file()
    assert (site_root / "_site" / "pagefind").is_dir()  # with search, as `build` does
