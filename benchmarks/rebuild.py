"""Time incremental rebuilds of a generated site: `python benchmarks/rebuild.py [--articles N]`.

Builds a site of 1,000 articles with 10 claims each in a temporary folder,
then prints the median of several runs of:

- a one-claim edit (the claim's status, so its status, topic and index pages
  change too), rebuilt by a warm builder as `serve` does: told by the watcher
  which file changed, it writes the pages and the browser is reloaded; the
  search index is redone afterwards in the background, timed on its own;
- the same edit rebuilt by a warm builder that scans (digests) every input for
  changes and swaps a new site in whole, its unchanged files hard-linked, as
  `python build.py` does, minus starting Python;
- the same edit with re-indexing inside the build, as a warm builder without
  `serve`'s background indexer does (fewer runs: each takes as long as Pagefind);
- a rebuild with no change, warm;
- the same through `python build.py` (a new process reading its saved state),
  which re-indexes before it returns, so that its output is complete.

Targets (issues 11 and 12, 1,000 articles x 10 claims): one-claim edit in `serve` <= 50 ms;
`python build.py` one-claim edit, search included, <= 1 s; no-change `python build.py` <= 200 ms.
This prints numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from sitegen import generate  # noqa: E402

from factsite.build.incremental import Builder  # noqa: E402
from factsite.model import SearchSettings  # noqa: E402
from factsite.search.pagefind import index_search  # noqa: E402


def median_ms(runs: int, prepare: Callable[[int], None], action: Callable[[], object]) -> float:
    times = []
    for i in range(runs):
        prepare(i)
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def flip_status(claim: Path) -> Callable[[int], None]:
    original = claim.read_text("utf-8")
    current = next(line for line in original.splitlines() if line.startswith("status: "))
    other = "status: accurate" if current != "status: accurate" else "status: inaccurate"

    def prepare(i: int) -> None:
        claim.write_text(original.replace(current, other if i % 2 == 0 else current), "utf-8")

    return prepare


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--articles", type=int, default=1000)
    options.add_argument("--claims", type=int, default=10)
    options.add_argument("--runs", type=int, default=7)
    options.add_argument("--warm-only", action="store_true", help="skip Pagefind and `python build.py`")
    args = options.parse_args()
    with tempfile.TemporaryDirectory(prefix="factsite-bench-") as folder:
        root = Path(folder) / "site"
        generate(root, REPO / "tests" / "sample", args.articles, args.claims)
        claim = root / "content" / "claims" / f"article-{args.articles // 2:04d}" / "claim-03.yaml"
        print(f"site: {args.articles} articles x {args.claims} claims in {root}")
        warm(root, claim, args.runs, args.warm_only)
        if not args.warm_only:
            cold(root, claim, args.runs)


def warm(root: Path, claim: Path, runs: int, quick: bool) -> None:
    builder = Builder(root, root / "_site")
    builder.defer_search = True  # as serve does: indexing runs after the reload (indexer.py)
    started = time.perf_counter()
    report = builder.build()
    print(f"first (full) build: {time.perf_counter() - started:.1f} s, {len(report.rendered)} pages")
    if not quick:
        # Indexed apart, in a copy: the builder's site is changed by builds only. Copied, not
        # hard-linked: a link changes each file's ctime, and the next build would take every file
        # of the site for one changed by hand, and write it again.
        copy = root / "_copy"
        shutil.copytree(builder.out, copy, ignore=shutil.ignore_patterns("pagefind"))
        index = median_ms(1, lambda i: None, lambda: index_search(copy, SearchSettings("en", "auto")))
        shutil.rmtree(copy)
        print(f"search re-index of the whole site (pagefind): {index / 1000:.1f} s")
    scanned = median_ms(runs, flip_status(claim), builder.build)
    print(f"warm one-claim edit rebuild, scanning all inputs, new site swapped in: median {scanned:.0f} ms")
    flip_status(claim)(1)
    builder.build()
    if not quick:
        builder.defer_search = False
        inline = median_ms(3, flip_status(claim), builder.build)
        print(f"warm one-claim edit rebuild, search re-indexed inside: median {inline:.0f} ms over 3 runs")
        flip_status(claim)(1)
        builder.build()
        builder.defer_search = True
    nothing = median_ms(runs, lambda i: None, builder.build)
    print(f"warm no-change rebuild, scanning all inputs: median {nothing:.0f} ms over {runs} runs")
    as_serve(builder, claim, runs)


def as_serve(builder: Builder, claim: Path, runs: int) -> None:
    """The one-claim edit as `serve` builds it: told which file changed, written in place."""
    builder.in_place = True  # changes written into the site itself (write.update_site)
    builder.replace_whole = False
    told = functools.partial(builder.build, [str(claim)])  # what serve's watcher passes
    edit = median_ms(runs, flip_status(claim), told)
    print(f"warm one-claim edit rebuild as in serve: median {edit:.0f} ms over {runs} runs")
    flip_status(claim)(0)
    report = told()
    print(f"  (renders {len(report.rendered)} pages, writes {len(report.written)})")
    flip_status(claim)(1)
    told()


def cold(root: Path, claim: Path, runs: int) -> None:
    # Each new process reads the package's bytecode, as a user's Python writes it on the first run;
    # with PYTHONDONTWRITEBYTECODE set, it would compile every module changed since, on every run.
    compileall.compile_dir(REPO / "factsite", quiet=1)
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build"]
    subprocess.run(command, check=True, capture_output=True)

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True)

    edit = median_ms(runs, flip_status(claim), run)
    print(
        f"`python build.py` one-claim edit, search re-indexed inside: median {edit:.0f} ms over {runs} runs"
    )
    flip_status(claim)(1)
    run()
    nothing = median_ms(runs, lambda i: None, run)
    print(f"`python build.py` no-change rebuild: median {nothing:.0f} ms over {runs} runs")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import factsite.cli.main"], check=True, cwd=REPO)
    startup = (time.perf_counter() - started) * 1000
    print(f"  (of which starting Python and importing the tool: {startup:.0f} ms)")


if __name__ == "__main__":
    main()
